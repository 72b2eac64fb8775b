-- Paced load for latency at a fixed rate. wrk (unlike wrk2) has no
-- constant-rate mode: each connection waits delay() milliseconds after every
-- response before sending its next request, so the offered rate is about
--   connections * 1000 / (mean_delay_ms + mean_latency_ms).
-- delay() takes whole milliseconds; a fractional mean is reached by returning
-- floor(mean) or floor(mean)+1 at random in the right proportion.
-- This is a closed loop: a slow reply delays the next request on its
-- connection (coordinated omission), so the high percentiles are a lower bound.
-- Arguments: see alerts_common.lua; argument 6 is the mean delay in ms.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "alerts_common.lua")

local mean_delay = 1.0

function setup(thread) common.setup(thread) end
function init(args)
  common.parse_args(args)
  common.init()
  mean_delay = tonumber(args[6] or "1") or 1
end
function request() return common.request() end
function delay()
  local base = math.floor(mean_delay)
  if math.random() < mean_delay - base then return base + 1 end
  return base
end
function done(summary, latency, requests) common.done(summary, latency, requests) end
