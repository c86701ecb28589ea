-- wrk script for bench/mixed.py: each request goes to an address drawn from BENCH_ADDRESSES
-- (lines of "weight path", popular addresses weighted more), and the responses served from a
-- cache (the app's X-Cache: hit, or Varnish's X-Frontend-Cache: HIT) are counted.

local paths, cumulative, total = {}, {}, 0
local threads = {}

local function load()
  local file = assert(io.open(os.getenv("BENCH_ADDRESSES"), "r"))
  for line in file:lines() do
    local weight, path = line:match("^(%S+)%s+(.+)$")
    if weight then
      total = total + tonumber(weight)
      paths[#paths + 1] = path
      cumulative[#cumulative + 1] = total
    end
  end
  file:close()
end

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  load()
  math.randomseed(os.time() * 1000 + (id or 0))
  hits, responses, errors = 0, 0, 0
  statuses = {}
end

function request()
  local target = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < target then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", paths[low])
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 500 then errors = errors + 1 end
  if status >= 400 then statuses[status] = (statuses[status] or 0) + 1 end
  if headers["X-Cache"] == "hit" or headers["X-Frontend-Cache"] == "HIT" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local h, r, e, codes = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    r = r + thread:get("responses")
    e = e + thread:get("errors")
    for code, count in pairs(thread:get("statuses")) do codes[code] = (codes[code] or 0) + count end
  end
  io.write(string.format("CACHE hits=%d responses=%d errors=%d\n", h, r, e))
  for code, count in pairs(codes) do io.write(string.format("STATUS %d %d\n", code, count)) end
end
