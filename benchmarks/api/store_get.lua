-- wrk: the store's own rate: unsigned GETs rotating over the 100 seeded 1 KB objects of `bench`.
local counter = 0

function request()
  counter = counter + 1
  return wrk.format("GET", "/bench/seed/" .. (counter % 100))
end
