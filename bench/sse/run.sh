#!/usr/bin/env bash
# SSE load: SUBSCRIBERS streams of GET /api/v1/events while wrk journals RATE alias moves per second.
#   bench/sse/run.sh            (environment: RUNS [3], DURATION seconds [20], WARMUP seconds [20], SUBSCRIBERS [100],
#                                RATE events/s [10000], CONNECTIONS [64], THREADS [2], JAVA)
# Each run starts a fresh `bin/visutility serve` (fsync on, as shipped) on a temporary data directory,
# warms it up with WARMUP seconds of unpaced writes (subscribers connected), then measures.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RUNS="${RUNS:-3}"; DURATION="${DURATION:-20}"; WARMUP="${WARMUP:-20}"; SUBSCRIBERS="${SUBSCRIBERS:-100}"; RATE="${RATE:-10000}"
CONNECTIONS="${CONNECTIONS:-64}"; THREADS="${THREADS:-2}"
command -v wrk >/dev/null || { echo "run.sh: needs wrk (apt-get install -y wrk)" >&2; exit 1; }
java="${JAVA:-}"
if [ -z "$java" ]; then
  for j in "${JAVA_HOME:-/nonexistent}/bin/java" $(command -v java || true) /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v="$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)"
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java="$j"; break; fi
  done
fi
[ -n "$java" ] || { echo "run.sh: needs a JDK 21 or newer (set JAVA)" >&2; exit 1; }
"$root/bin/visutility" --version >/dev/null   # builds the jar when sources changed
work="$root/bench/sse/target"; mkdir -p "$work"
for run in $(seq 1 "$RUNS"); do
  data="$(mktemp -d -p "$work")"
  "$root/bin/visutility" --data "$data/data" serve --port 0 > "$data/serve.out" 2> "$data/serve.err" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do grep -q "listening on" "$data/serve.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^listening on //p' "$data/serve.out")"
  echo "== run $run/$RUNS: $SUBSCRIBERS subscribers, $RATE alias moves/s for ${DURATION}s ($url)"
  "$java" "$here/SseLoad.java" --url "$url" --subscribers "$SUBSCRIBERS" --warmup "$WARMUP" --seconds "$DURATION" \
    > "$data/sse.out" &
  sse=$!
  until grep -q READY "$data/sse.out" 2>/dev/null; do sleep 0.1; kill -0 $sse || { cat "$data/sse.out"; exit 1; }; done
  # warm-up: as fast as the server answers (JIT), not measured
  BENCH_HTTP_DIR="$root/bench/http" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s \
    -s "$here/put-alias.lua" "$url" > /dev/null
  until grep -q MEASURE "$data/sse.out" 2>/dev/null; do sleep 0.1; kill -0 $sse || { cat "$data/sse.out"; exit 1; }; done
  BENCH_HTTP_DIR="$root/bench/http" RATE="$RATE" WRK_THREADS="$THREADS" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$here/put-alias.lua" "$url" | grep RESULT \
    | sed 's/^RESULT/writer (wrk PUT alias):/'
  wait $sse
  grep -v -e READY -e MEASURE "$data/sse.out"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
  rm -rf "$data"
done
