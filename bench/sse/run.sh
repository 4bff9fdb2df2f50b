#!/usr/bin/env bash
# SSE load: 100 subscribers of GET /api/v1/events while 10,000 alias moves per second are journaled.
# Usage: bench/sse/run.sh [runs] [seconds] [subscribers] [rate]   (defaults 3 20 100 10000)
# Each run starts a fresh `bin/visutility serve` on a temporary data directory (fsync on, as shipped).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-3}"; seconds="${2:-20}"; subscribers="${3:-100}"; rate="${4:-10000}"
java="${JAVA:-}"
if [ -z "$java" ]; then
  for j in "${JAVA_HOME:-/nonexistent}/bin/java" $(command -v java || true) /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    v="$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1)"
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java="$j"; break; fi
  done
fi
[ -n "$java" ] || { echo "needs a JDK 21 or newer (set JAVA)" >&2; exit 1; }
"$here/bin/visutility" --version >/dev/null   # builds the jar when sources changed
for run in $(seq 1 "$runs"); do
  data="$(mktemp -d)"
  "$here/bin/visutility" --data "$data" serve --port 0 > "$data.out" 2> "$data.err" &
  pid=$!
  for _ in $(seq 1 200); do grep -q "listening on" "$data.out" 2>/dev/null && break; sleep 0.1; done
  url="$(sed -n 's/^listening on //p' "$data.out")"
  echo "== run $run/$runs against $url"
  "$java" "$here/bench/sse/SseLoad.java" --url "$url" --subscribers "$subscribers" --rate "$rate" --seconds "$seconds"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data" "$data.out" "$data.err"
done
