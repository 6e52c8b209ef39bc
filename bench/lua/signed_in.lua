-- W4: GET a page as signed-in members, cycling sessions from a pool (one token per line).
local tokens = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do tokens[#tokens + 1] = line end
local i = 0
request = function()
  i = i + 1
  local t = tokens[(i % #tokens) + 1]
  return wrk.format("GET", nil, { ["Cookie"] = "parley_session=" .. t })
end
