-- W4: GET a page as signed-in members, cycling sessions from a pool (one token per line).
-- Each member's request is built once, so the load generator spends its share of the
-- machine's two cores on sending requests rather than on formatting them; like a browser
-- that has been here before, it sends its CSRF cookie back. With ACCEPT_ENCODING set
-- (W4gz) it also asks for that encoding, as a browser does.
local requests = {}
local i = 0
init = function(args)
  local csrf = string.rep("ef", 32)
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    local headers = { ["Cookie"] = "parley_session=" .. line .. "; parley_csrf=" .. csrf }
    if os.getenv("ACCEPT_ENCODING") then
      headers["Accept-Encoding"] = os.getenv("ACCEPT_ENCODING")
    end
    requests[#requests + 1] = wrk.format("GET", nil, headers)
  end
end
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
