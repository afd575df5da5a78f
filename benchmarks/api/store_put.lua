-- wrk: the store's own rate: unsigned 1 KB PUTs of new keys into `datahub-bench`, the bucket (and folder) DataHub
-- writes to in the POST rows, anonymous write allowed: both sides write into the same, equally growing directory.
-- No response() hook (as in every script here), so wrk's client cost is the same for the store and DataHub;
-- failures are counted by wrk as "Non-2xx or 3xx responses" and reported by run.sh.
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
  return wrk.format("PUT", "/datahub-bench/wrk_" .. run .. "-" .. tid .. "-" .. counter, { ["Content-Type"] = "application/json" }, body)
end
