-- wrk script: GET the production alias of the seeded model (path set by run.sh through wrk's URL).
package.path = package.path .. ";" .. (os.getenv("BENCH_HTTP_DIR") or ".") .. "/?.lua"
local report = require("report")
local pace = require("pace")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

if pace.paced() then
  delay = pace.delay
end

function done(summary, latency, requests)
  report.done(summary, latency, threads, false)
end
