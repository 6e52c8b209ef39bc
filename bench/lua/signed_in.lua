-- W4: GET a page as signed-in members, cycling sessions from a pool (one token per line).
-- Each member's request is built once, so the load generator spends its share of the
-- machine's two cores on sending requests rather than on formatting them; like a browser
-- that has been here before, it sends its CSRF cookie back.
local requests = {}
local i = 0
init = function(args)
  local csrf = string.rep("ef", 32)
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    requests[#requests + 1] = wrk.format("GET", nil, {
      ["Cookie"] = "parley_session=" .. line .. "; parley_csrf=" .. csrf,
    })
  end
end
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
