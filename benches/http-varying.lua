-- Requests spread over 800 page sizes and pages, more than the answer cache
-- keeps, so answers are rarely reused:
-- the directory's uncached cost.
math.randomseed(42)
request = function()
  local path = string.format("/api/v1/networks/velka/actors?need_area=safety&crisis=true&focus=prevention&per_page=%d&page=%d", math.random(1, 200), math.random(1, 4))
  return wrk.format("GET", path)
end
