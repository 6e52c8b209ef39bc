-- Issue 19: GET /search/similar.json?q=...&c=SLUG as the composer asks while a title is
-- typed: 25 titles, near-duplicates of bench topics, partial ones and unrelated ones.
local titles = {
  "Generated topic 777: how do I configure feature 1 on plan 2?",
  "Generated topic 12345: how do I configure feature 26 on plan 0?",
  "how do I configure feature 12 on plan 3", "configure feature 40", "configure feature",
  "how do I configure", "feature 96 on plan 4", "plan 1", "generated topic",
  "topic 19999", "restart widgets service", "widgets timeout after update",
  "error 42 timeout", "integrations settings", "safe option slower",
  "password reset email", "kubernetes ingress", "billing invoice", "how do I",
  "Why does the widget crash?", "log excerpt error", "systemctl restart widgets",
  "how do I configure feature 7 on plan 2?", "feature 33 plan 3 setup", "docker",
}
local community = os.getenv("SIMILAR_COMMUNITY") or "bench-00"
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for i, t in ipairs(titles) do paths[i] = wrk.path .. "?q=" .. encode(t) .. "&c=" .. encode(community) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f\np95_ms=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
