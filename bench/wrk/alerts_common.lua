-- Shared by alerts.lua and alerts_paced.lua: builds Alertmanager API v2
-- request bodies and reports the run as one machine-readable line.
--
-- Script arguments (after `--` on the wrk command line):
--   1 batch   alerts per request (default 1)
--   2 mode    "new": every alert a distinct label set (a per-thread counter,
--             prefixed by the run tag and the thread number, so alerts are
--             unique across threads and across runs);
--             "repeat": cycle over a fixed set of `pool` alerts that the
--             harness has already sent once (every alert is a re-send)
--   3 tag     run tag that makes "new" labels unique across runs
--   4 token   bearer token ("-" for none)
--   5 pool    size of the repeated set (default 1000)
--   6 delay   alerts_paced.lua only: mean pause in ms after each response

local M = {}

local batch, mode, tag, token, pool = 1, "new", "run", nil, 1000
local tid = 0  -- this thread's number, from the global setup() gave it
local counter = 0

local function alert(instance)
  return '{"labels":{"alertname":"Bench","service":"api","instance":"' .. instance ..
    '"},"annotations":{"summary":"Benchmark alert ' .. instance .. ' is firing"}}'
end

function M.parse_args(args)
  batch = tonumber(args[1] or "1") or 1
  mode = args[2] or "new"
  tag = args[3] or "run"
  if args[4] and args[4] ~= "-" then token = args[4] end
  pool = tonumber(args[5] or "1000") or 1000
  if mode ~= "new" and mode ~= "repeat" then error("mode must be new or repeat") end
  if mode == "repeat" and pool < batch then error("pool must hold at least one batch") end
  return args
end

-- Called from setup(): gives each thread its number.
local next_thread = 0
function M.setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

function M.init()
  tid = tonumber(rawget(_G, "thread_id")) or 0
  -- Repeating threads start at different places in the set.
  if mode == "repeat" then counter = (tid * 997) % pool end
  math.randomseed(1000 + tid)
end

local headers = nil
function M.request()
  if headers == nil then
    headers = {["Content-Type"] = "application/json"}
    if token then headers["Authorization"] = "Bearer " .. token end
  end
  local parts = {}
  for i = 1, batch do
    local instance
    if mode == "new" then
      instance = tag .. "-t" .. tid .. "-" .. counter
    else
      instance = "rep-" .. (counter % pool)
    end
    counter = counter + 1
    parts[i] = alert(instance)
  end
  return wrk.format("POST", "/api/v2/alerts", headers, "[" .. table.concat(parts, ",") .. "]")
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,' ..
    '"lat_mean_us":%.1f,"lat_max_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end

return M
