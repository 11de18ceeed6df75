-- wrk: POST /api/v1/visits, each with a fresh client id, to a random target from TARGETS
-- (lines "target_id person_id"), in CAMPAIGN, as the worker whose token is TOKEN.
local targets = {}
local token = os.getenv("TOKEN")
local campaign = os.getenv("CAMPAIGN")
local counter = 0
local thread_no = 0
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

init = function(args)
  for line in io.lines(os.getenv("TARGETS")) do
    local t, p = line:match("(%S+)%s+(%S+)")
    targets[#targets + 1] = {t, p}
  end
  math.randomseed(os.time() + thread_no)
end

local visited_at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 600)

request = function()
  counter = counter + 1
  -- A UUIDv7 shape: the time now, then this thread's number and its counter.
  local id = string.format("%08x-%04x-7%03x-8%03x-%012x", os.time(), 0, thread_no % 4096, 0, counter)
  local t = targets[math.random(#targets)]
  local body = '{"id":"' .. id .. '","target_id":"' .. t[1] .. '","campaign_id":"' .. campaign ..
    '","visited_at":"' .. visited_at .. '","mode":"home","persons_seen":["' .. t[2] ..
    '"],"checks":{"health":"ok","home_safety":"ok","heating":"concern","food":"ok","mood":"ok"},' ..
    '"notes":"入户走访，老人身体状况稳定，炉具需检修"}'
  return wrk.format("POST", "/api/v1/visits",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
