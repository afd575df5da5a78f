-- wrk: 1 KB `POST /data` (a JSON object of exactly 1,024 bytes); DataHub answers 201 with a new name.
local body = '{"pad":"' .. string.rep("x", 1014) .. '"}'
assert(#body == 1024)

function request()
  return wrk.format("POST", "/data", { ["Content-Type"] = "application/json" }, body)
end
