-- wrk script: POST the NDJSON batch in $BENCH_TELEMETRY to /api/v1/telemetry and count, from each
-- 202 answer, the items accepted, dropped (accepted but a full monitor queue could not take them)
-- and rejected. Items per second = (accepted - dropped) / duration: the items the detectors saw.
package.path = package.path .. ";" .. (os.getenv("BENCH_HTTP_DIR") or ".") .. "/?.lua"
local report = require("report")
local pace = require("pace")
local threads = {}

local f = assert(io.open(assert(os.getenv("BENCH_TELEMETRY"), "set BENCH_TELEMETRY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/x-ndjson"

function setup(thread)
  table.insert(threads, thread)
end

if pace.paced() then
  delay = pace.delay
end

accepted, dropped, rejected = 0, 0, 0

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + tonumber(body:match('"accepted":(%d+)'))
    dropped = dropped + tonumber(body:match('"dropped":(%d+)'))
    rejected = rejected + tonumber(body:match('"rejected":(%d+)'))
  end
end

function done(summary, latency, requests)
  report.done(summary, latency, threads, true)
end
