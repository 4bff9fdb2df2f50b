-- Shared by the wrk scripts: one machine-readable result line after the run.
--   RESULT requests=<n> seconds=<s> rps=<r> p50_ms=<..> p99_ms=<..> max_ms=<..> non2xx=<n> socket_errors=<n>
-- plus, when the script counts items (telemetry), items=<accepted> items_per_s=<analysed/s>
-- dropped=<n> rejected=<n>; analysed = accepted - dropped (a full monitor queue dropped the rest).
local M = {}

function M.done(summary, latency, threads, counted)
  local secs = summary.duration / 1e6
  local e = summary.errors
  local line = string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d",
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write + e.timeout)
  local late = 0
  for _, t in ipairs(threads) do
    late = late + (t:get("late") or 0)
  end
  line = line .. string.format(" late=%d", late)
  if counted then
    local accepted, dropped, rejected = 0, 0, 0
    for _, t in ipairs(threads) do
      accepted = accepted + (t:get("accepted") or 0)
      dropped = dropped + (t:get("dropped") or 0)
      rejected = rejected + (t:get("rejected") or 0)
    end
    line = line .. string.format(" items=%d items_per_s=%.1f dropped=%d rejected=%d",
      accepted, (accepted - dropped) / secs, dropped, rejected)
  end
  io.write(line .. "\n")
end

return M
