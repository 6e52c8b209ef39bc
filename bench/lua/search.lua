-- Issue 19: GET /search?q=... cycling through 50 typical queries drawn from the bench
-- data's vocabulary (one to three words, phrases, exclusions, some with no hits).
-- Prints p50/p95 in done() (wrk's --latency table has no p95).
local queries = {
  -- one word
  "timeout", "restart", "widgets", "integrations", "systemctl", "accurate", "slower",
  "excerpt", "settings", "fixed", "service", "update", "log", "option", "details",
  "configure", "feature", "plan", "setup", "thanks",
  -- two words
  "restart service", "error timeout", "safe option", "fixed it", "log excerpt",
  "widgets restart", "feature 42", "plan 3", "changing setting", "last update",
  -- three words, a phrase, an exclusion
  "configure feature 17", "restart widgets service", "error 42 timeout",
  "topic 12345 plan", "integrations settings details", "less accurate fast",
  "feature 5 plan", "\"error 42\"", "restart -systemctl", "\"fixed it\" thanks",
  -- no hits
  "kubernetes", "invoice refund", "quantum flux", "password reset email", "zebra",
  "oauth saml", "billing", "latency spike", "docker compose", "gdpr",
}
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for i, q in ipairs(queries) do paths[i] = wrk.path .. "?q=" .. encode(q) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f\np95_ms=%.2f\nqueries=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, #queries))
end
