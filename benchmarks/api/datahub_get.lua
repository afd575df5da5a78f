-- wrk: `GET /data/<key>` rotating over the keys uploaded before the run (one per line in a file).
-- Arguments after `--`: <keys file> [raw]. With `raw`, each request adds `?raw=true`.
local keys = {}
local suffix = ""
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = line end
  end
  assert(#keys > 0, "no keys in " .. args[1])
  if args[2] == "raw" then suffix = "?raw=true" end
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/data/" .. keys[(counter % #keys) + 1] .. suffix)
end
