-- Throughput load: Alertmanager API v2 POSTs as fast as the connections go.
-- Arguments: see alerts_common.lua.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "alerts_common.lua")

function setup(thread) common.setup(thread) end
function init(args) common.parse_args(args); common.init() end
function request() return common.request() end
function done(summary, latency, requests) common.done(summary, latency, requests) end
