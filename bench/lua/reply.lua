-- W5: post replies to one topic as signed-in members. The CSRF token is a double-submit
-- value: any 64-hex string works when the cookie and the form field agree.
local tokens = {}
for line in io.lines(os.getenv("SESSIONS_FILE")) do tokens[#tokens + 1] = line end
local csrf = string.rep("ab", 32)
local i = 0
request = function()
  i = i + 1
  local t = tokens[(i % #tokens) + 1]
  local body = "csrf_token=" .. csrf .. "&action=post&body=Benchmark+reply+number+" .. i .. "+with+some+text."
  return wrk.format("POST", nil, {
    ["Cookie"] = "parley_session=" .. t .. "; parley_csrf=" .. csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
response = function(status)
  if status ~= 303 then io.stderr:write("unexpected status " .. status .. "\n") end
end
