#!/usr/bin/env bash
# HTTP load benchmark of `visutility serve`, one command:
#   bench/http/run.sh
# Builds the server if needed (offline Maven), starts it on a temporary data directory and a free
# port, seeds model 'bench' 1.0.0 with alias 'production' and a monitor policy (policy.json), warms
# up, then runs each scenario RUNS times for DURATION seconds each with wrk at CONNECTIONS connections and
# prints the median throughput and p99 latency per scenario. The server is stopped on exit.
#
# Scenarios (each connection sends its next request when the answer to the last one arrived):
#   get          GET /api/v1/models/bench/aliases/production, as fast as the server answers
#   get-paced    the same at GET_RATE requests/s in all [50000]: the latency at the target rate
#   post         POST /api/v1/telemetry, NDJSON batches (gen-telemetry.sh: latencies, outcomes and
#                feature samples of bench 1.0.0), the monitor running the policy's detectors on
#                every item, as fast as the server answers
#   post-paced   the same at POST_EVENTS_RATE telemetry items/s in all [500000]
# Saturated runs give the throughput; their latency is mostly queueing (Little's law: with 64
# connections always busy, mean latency = 64 / requests per second). Paced runs give the latency
# at the target rate; "late" counts sends that started more than 1 ms after their slot.
#
# Environment (defaults in brackets): RUNS [5], DURATION (seconds per run) [20], WARMUP seconds per scenario [10],
# CONNECTIONS [64], THREADS (wrk threads) [2], SCENARIOS ["get get-paced post post-paced"], BATCH_INFERENCES (inferences
# per batch; 2.25 items each) [400], MVN_FLAGS [-o], VISUTILITY_JAVA_OPTS (JVM flags for the server,
# added after bin/visutility's own), KEEP_DATA=1 keeps the data directory and server log,
# SERVER_JAR=path runs that jar with $JAVA [java] instead of bin/visutility (for A/B comparisons).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RUNS="${RUNS:-5}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
SCENARIOS="${SCENARIOS:-get get-paced post post-paced}"
GET_RATE="${GET_RATE:-50000}"
POST_EVENTS_RATE="${POST_EVENTS_RATE:-500000}"
BATCH_INFERENCES="${BATCH_INFERENCES:-400}"

command -v wrk >/dev/null || { echo "run.sh: needs wrk (apt-get install -y wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: needs curl" >&2; exit 1; }

# --- build (the same staleness test as bin/visutility, but offline by default) ---
jar="$root/server/target/visutility.jar"
if [ -z "${SERVER_JAR:-}" ] && { [ ! -f "$jar" ] || [ -n "$(find "$root" -path "$root/*/target" -prune -o \( -path '*/src/main/*' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; }; then
  echo "run.sh: building the server ..." >&2
  (cd "$root" && mvn -q -B ${MVN_FLAGS:--o} package -DskipTests -pl server -am)
fi

# --- fixtures ---
work="$here/target"   # temporary files stay inside the repository
mkdir -p "$work"
body="$(mktemp -p "$work" --suffix=.ndjson)"
if [ "$BATCH_INFERENCES" = 400 ]; then
  cp "$here/telemetry.ndjson" "$body" # the checked-in batch: gen-telemetry.sh bench 400
else
  "$here/gen-telemetry.sh" bench "$BATCH_INFERENCES" > "$body"
fi
items_per_batch=$(grep -c . "$body")

# --- server ---
data="$(mktemp -d -p "$work" data.XXXXXX)"
log="$data.server.log"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$body"
  if [ "${KEEP_DATA:-0}" = 1 ]; then
    echo "run.sh: kept $data and $log" >&2
  else
    rm -rf "$data" "$log"
  fi
}
trap cleanup EXIT

if [ -n "${SERVER_JAR:-}" ]; then # a given build (A/B comparisons), with bin/visutility's JVM flags
  "${JAVA:-java}" ${VISUTILITY_JAVA_OPTS:-} -jar "$SERVER_JAR" --data "$data" serve --port 0 >"$log" 2>&1 &
else
  "$root/bin/visutility" --data "$data" serve --port 0 >"$log" 2>&1 &
fi
server_pid=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's#^listening on http://[^ ]*:\([0-9]*\)$#\1#p' "$log" | head -n 1)"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "run.sh: the server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "run.sh: the server did not report its port within 60 s" >&2; exit 1; }
api="http://127.0.0.1:$port"

call() { # METHOD PATH [curl args...]: fails unless 2xx
  local method="$1" path="$2"; shift 2
  curl -sS -f -X "$method" "$api$path" "$@"
}
sha="$(call PUT /api/v1/artifacts --data-binary 'bench model artifact' | sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p')"
call POST /api/v1/models/bench/versions -H 'Content-Type: application/json' \
  -d "{\"version\":\"1.0.0\",\"artifact_sha256\":\"$sha\",\"metrics\":{\"map50\":0.71},\"tags\":{\"dataset\":\"cams\"}}" >/dev/null
call PUT /api/v1/models/bench/aliases/production -H 'Content-Type: application/json' -d '{"version":"1.0.0"}' >/dev/null
call PUT /api/v1/models/bench/monitor-policy -H 'Content-Type: application/json' --data-binary @"$here/policy.json" >/dev/null
check="$(curl -sS -X POST "$api/api/v1/telemetry" -H 'Content-Type: application/x-ndjson' --data-binary @"$body")"
case "$check" in
  *"\"accepted\":$items_per_batch,\"rejected\":0"*) ;;
  *) echo "run.sh: the telemetry batch was not fully accepted: $check" >&2; exit 1 ;;
esac

java_cmd="$(tr '\0' ' ' < "/proc/$server_pid/cmdline")"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "server:  $java_cmd"
echo "         $("$(readlink -f "/proc/$server_pid/exe")" -version 2>&1 | sed -n 2p)"
echo "load:    wrk -t$THREADS -c$CONNECTIONS, $RUNS x ${DURATION}s per scenario after ${WARMUP}s warm-up; telemetry batch $items_per_batch items, $(wc -c < "$body") bytes"

export BENCH_HTTP_DIR="$here" BENCH_TELEMETRY="$body"

# CPU jiffies: all busy time on the machine, and the server's own
busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
proc_jiffies() { awk '{print $14+$15}' "/proc/$1/stat"; }

run_wrk() { # SCENARIO SECONDS -> prints wrk's RESULT line plus cpu fields
  local scenario="$1" secs="$2" script url rate=""
  case "$scenario" in
    get) script="$here/get-alias.lua"; url="$api/api/v1/models/bench/aliases/production" ;;
    get-paced) script="$here/get-alias.lua"; url="$api/api/v1/models/bench/aliases/production"; rate="$GET_RATE" ;;
    post) script="$here/post-telemetry.lua"; url="$api/api/v1/telemetry" ;;
    post-paced) script="$here/post-telemetry.lua"; url="$api/api/v1/telemetry"
      rate="$(awk -v r="$POST_EVENTS_RATE" -v n="$items_per_batch" 'BEGIN{print r / n}')" ;;
    *) echo "run.sh: unknown scenario '$scenario'" >&2; exit 1 ;;
  esac
  local b0 s0 b1 s1 out times
  b0=$(busy_jiffies); s0=$(proc_jiffies "$server_pid")
  out="$( { TIMEFORMAT='%U %S'; time RATE="$rate" WRK_THREADS="$THREADS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s -s "$script" "$url" 2>&1; } 2>&1 )"
  b1=$(busy_jiffies); s1=$(proc_jiffies "$server_pid")
  times="$(echo "$out" | tail -n 1)"
  local result; result="$(echo "$out" | grep '^RESULT' || true)"
  if [ -z "$result" ]; then
    echo "run.sh: wrk gave no result for $scenario:" >&2; echo "$out" >&2
    return 1
  fi
  local hz; hz=$(getconf CLK_TCK)
  # shares of the 2 CPUs over the run: server, wrk, everything else
  echo "$result" | awk -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v w="$times" -v hz="$hz" -v secs="$secs" -v n="$(nproc)" '{
    split(w, t, " "); wj = (t[1] + t[2]) * hz; total = secs * hz * n
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    rate = ("items_per_s" in f) ? f["items_per_s"] : f["rps"]
    printf("%s cpu_server=%.0f%% cpu_wrk=%.0f%% cpu_others=%.0f%% per_server_cpu_s=%.0f\n", $0, 100*s/total, 100*wj/total,
      100*(b-s-wj)/total, (s > 0) ? rate * secs * hz / s : 0) }'
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

for scenario in $SCENARIOS; do
  echo
  echo "== $scenario: warm-up ${WARMUP}s"
  run_wrk "$scenario" "$WARMUP" >/dev/null
  results=()
  for i in $(seq 1 "$RUNS"); do
    r="$(run_wrk "$scenario" "$DURATION")"
    results+=("$r")
    echo "   run $i: ${r#RESULT }"
  done
  rate_field=rps; unit="requests/s"
  case "$scenario" in post*) rate_field=items_per_s; unit="events/s" ;; esac
  rate="$(printf '%s\n' "${results[@]}" | field "$rate_field" | median)"
  rps="$(printf '%s\n' "${results[@]}" | field rps | median)"
  p99="$(printf '%s\n' "${results[@]}" | field p99_ms | median)"
  others="$(printf '%s\n' "${results[@]}" | field cpu_others | tr -d '%' | median)"
  bad="$(printf '%s\n' "${results[@]}" | awk '{for(i=1;i<=NF;i++){split($i,kv,"="); if(kv[1]=="non2xx"||kv[1]=="socket_errors"||kv[1]=="dropped"||kv[1]=="rejected") s+=kv[2]}} END{print s+0}')"
  per_cpu="$(printf '%s\n' "${results[@]}" | field per_server_cpu_s | median)"
  late="$(printf '%s\n' "${results[@]}" | field late | median)"
  printf 'MEDIAN %s: %.0f %s (%.0f requests/s), p99 %.2f ms, late sends %s, CPU used by other processes %s%%, errors/drops/rejections %s; %.0f per server CPU-second\n' \
    "$scenario" "$rate" "$unit" "$rps" "$p99" "$late" "$others" "$bad" "$per_cpu"
done

echo
echo "detections raised (first 300 characters): $(curl -sS "$api/api/v1/models/bench/detections" | head -c 300)"
