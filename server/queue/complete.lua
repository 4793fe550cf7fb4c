-- Completes one delivery of a task, atomically: only the consumer that holds the entry now (the
-- owner XPENDING names) may acknowledge it, so a worker presumed dead whose entry was reclaimed
-- cannot complete it a second time; its late result is recorded as dropped instead.
-- Node (server/queue/broker.mjs) and Python (bench/peers/python/queue_worker.py) both load this
-- file, so there is one rule for every worker.
--
-- KEYS[1] the run's tasks stream, KEYS[2] its results stream, KEYS[3] its delivery times
-- (a hash touch.lua fills for entries held long enough to need a heartbeat)
-- ARGV[1] group, ARGV[2] entry id, ARGV[3] consumer (worker id), ARGV[4] status: ok | failed,
-- ARGV[5] value, ARGV[6] error text, ARGV[7] thread, ARGV[8] ms the worker spent on the task
-- Returns 1 completed, 0 dropped (not the holder), -1 the run is gone (finished or cancelled).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #entry == 0 then
  return redis.error_reply('no such entry ' .. ARGV[2])
end
local task = ''
local fields = entry[1][2]
for i = 1, #fields, 2 do
  if fields[i] == 'task' then task = fields[i + 1] end
end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', 0, ARGV[2], ARGV[2], 1)
local holder = pending[1] and pending[1][2] or ''
if holder ~= ARGV[3] then
  redis.call('XADD', KEYS[2], '*', 'kind', 'dropped', 'entry', ARGV[2], 'task', task,
    'worker', ARGV[3], 'holder', holder, 'thread', ARGV[7], 'completed', ms)
  return 0
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
-- Without a heartbeat, idle time is time since delivery; a touched entry's idle time restarted,
-- so its delivery time is the one touch.lua kept.
local delivered = tonumber(redis.call('HGET', KEYS[3], ARGV[2])) or (ms - pending[1][3])
redis.call('HDEL', KEYS[3], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'kind', 'done', 'entry', ARGV[2], 'task', task,
  'worker', ARGV[3], 'delivery', pending[1][4], 'status', ARGV[4], 'value', ARGV[5],
  'error', ARGV[6], 'thread', ARGV[7], 'runMs', ARGV[8],
  'delivered', delivered, 'completed', ms)
return 1
