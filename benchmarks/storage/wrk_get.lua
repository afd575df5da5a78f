-- wrk: unsigned GETs of the 100 seeded 1 KB objects.
local counter = 0

function request()
  counter = counter + 1
  return wrk.format("GET", "/bench/seed/" .. (counter % 100))
end

function response(status)
  if status ~= 200 then error("GET answered " .. status) end
end
