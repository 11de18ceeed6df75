-- wrk: GET /api/v1/persons?q=<a random query from QUERIES> with the bearer token in TOKEN.
local queries = {}
local token = os.getenv("TOKEN")
init = function(args)
  for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
end
request = function()
  local q = queries[math.random(#queries)]
  return wrk.format("GET", "/api/v1/persons?page_size=20&q=" .. q, {["Authorization"] = "Bearer " .. token})
end
