-- wrk script for the SSE benchmark: each request moves the production alias of one of 64 models
-- per wrk thread (sse-t<thread>-m<n>, seeded by SseLoad.java) between 1.0.0 and 1.0.1, so each
-- answered request journals one alias_moved event. The models are used in turn, so no two requests
-- of a thread race on one model while fewer than 64 of its requests are in flight; writes to
-- different models share a journal commit (writes to one model are committed one after another).
-- Paced to RATE requests/s by ../http/pace.lua.
package.path = package.path .. ";" .. (os.getenv("BENCH_HTTP_DIR") or ".") .. "/?.lua"
local pace = require("pace")
local report = require("report")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

if pace.paced() then
  delay = pace.delay
end

function request()
  local model = counter % 64
  local version = (math.floor(counter / 64) % 2 == 0) and "1.0.1" or "1.0.0"
  counter = counter + 1
  return wrk.format("PUT", "/api/v1/models/sse-t" .. tid .. "-m" .. model .. "/aliases/production",
    {["Content-Type"] = "application/json"}, '{"version":"' .. version .. '"}')
end

function done(summary, latency, requests)
  report.done(summary, latency, threads, false)
end
