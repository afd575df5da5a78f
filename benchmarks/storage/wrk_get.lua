-- wrk: unsigned GETs of the 100 seeded 1 KB objects. No response() hook: a Lua call per answer would cost
-- wrk (and, on shared cores, the store) more than S3Storage's side pays; wrong answers are counted from wrk's
-- own "Non-2xx or 3xx responses" and socket-error lines instead (run.sh reports them), as benchmarks/api does.
local counter = 0

function request()
  counter = counter + 1
  return wrk.format("GET", "/bench/seed/" .. (counter % 100))
end
