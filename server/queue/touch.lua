-- The holder's heartbeat: resets the idle time of the entries this consumer still holds, so a
-- task that runs longer than the visibility timeout is not taken from a worker that is alive
-- and working on it. Only the current holder's entries are touched (XCLAIM with min-idle 0 would
-- otherwise take back an entry the reaper already gave to someone else), and JUSTID leaves the
-- delivery count alone.
--
-- The first touch of a delivery also keeps its delivery time (now minus its idle time, which
-- until then counted from the delivery), since touching restarts the idle time complete.lua
-- would otherwise compute it from.
--
-- KEYS[1] the run's tasks stream, KEYS[2] its delivery times (a hash: entry id -> ms)
-- ARGV[1] group, ARGV[2] consumer (worker id), ARGV[3..] entry ids
-- Returns how many entries were touched.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local mine = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', 0, ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('HSETNX', KEYS[2], ARGV[i], ms - p[1][3])
    table.insert(mine, ARGV[i])
  end
end
if #mine == 0 then
  return 0
end
local args = { KEYS[1], ARGV[1], ARGV[2], 0 }
for _, id in ipairs(mine) do table.insert(args, id) end
table.insert(args, 'JUSTID')
return #redis.call('XCLAIM', unpack(args))
