-- wrk: the store's own rate: unsigned GETs rotating over the very objects DataHub's GET rows read
-- (the 100 keys of `datahub-bench` uploaded through DataHub before the run, anonymous read allowed).
-- Arguments after `--`: <keys file>.
local keys = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = line end
  end
  assert(#keys > 0, "no keys in " .. args[1])
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/datahub-bench/" .. keys[(counter % #keys) + 1])
end
