-- wrk: unsigned 1 KB PUTs to unique keys (the store's own rate; SeaweedFS runs without auth here). No response()
-- hook (see wrk_get.lua): failures are counted from wrk's own summary by run.sh.
local body = string.rep("x", 1024)
local counter = 0
local threads = 0
-- Keys are new in every run (rounds repeat this script): an overwrite costs the store more than a create.
local run = tostring(os.time())

function setup(thread)
  threads = threads + 1
  thread:set("tid", tostring(threads))
end

function request()
  counter = counter + 1
  return wrk.format("PUT", "/bench/wrk/" .. run .. "-" .. tid .. "-" .. counter, { ["Content-Type"] = "application/octet-stream" }, body)
end
