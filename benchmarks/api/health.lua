-- wrk: plain GETs of the URL's own path (`/health` of DataHub, `/` of HelloBench).
function request()
  return wrk.format("GET", nil)
end
