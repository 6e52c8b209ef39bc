-- Issue 20: GET an outcome dashboard as one signed-in reader (SESSION = its session
-- token), the default range (last 30 days). Prints p50/p95 in done().
local req
init = function(args)
  local csrf = string.rep("ef", 32)
  local headers = { ["Cookie"] = "parley_session=" .. os.getenv("SESSION") .. "; parley_csrf=" .. csrf }
  req = wrk.format("GET", nil, headers)
end
request = function()
  return req
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f\np95_ms=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
