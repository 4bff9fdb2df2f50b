-- Paced load for wrk (which otherwise sends the next request as soon as an answer arrives): when
-- RATE (requests/s over all threads) is set, each wrk thread hands out send slots every
-- threads/RATE seconds and delay() holds a connection until its slot. wrk times a request from
-- its actual send, so a slot that is already past when a connection becomes free is counted as
-- late: late > 0 means the server did not keep up and the latency understates the wait.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local M = {}
local interval, next_slot
late = 0

-- wrk looks for a global delay() when it loads the script, so the rate is read at load time
local rate = tonumber(os.getenv("RATE") or "")
if rate and rate > 0 then
  interval = tonumber(os.getenv("WRK_THREADS") or "1") / rate * 1000
end

function M.paced()
  return interval ~= nil
end

-- ms until this connection may send its next request
function M.delay()
  local now = now_ms()
  next_slot = next_slot or now
  next_slot = next_slot + interval
  local d = next_slot - now
  if d < -1 then
    late = late + 1
    return 0
  end
  return d > 0 and math.floor(d) or 0
end

return M
