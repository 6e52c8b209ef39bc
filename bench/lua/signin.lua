-- W6: sign-ins with real argon2id verification, cycling generated members.
local csrf = string.rep("cd", 32)
local i = 0
request = function()
  i = i + 1
  local body = string.format("csrf_token=%s&login=member%05d&password=bench-password", csrf, i % 2000)
  return wrk.format("POST", "/login", {
    ["Cookie"] = "parley_csrf=" .. csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
