-- The reaper, run by an idle worker before it reads new entries: entries held longer than the
-- visibility timeout by another consumer (presumed dead) are claimed for this one with
-- XAUTOCLAIM, and those already delivered maxDeliveries times are failed instead (dead letter),
-- so a task that kills every worker that takes it cannot loop forever. Atomic, so two idle
-- workers never claim the same entry and a dead letter is written once.
--
-- KEYS[1] the run's tasks stream, KEYS[2] its results stream, KEYS[3] its delivery times
-- ARGV[1] group, ARGV[2] consumer (worker id), ARGV[3] min idle ms (the run's reclaimMs),
-- ARGV[4] most entries to claim, ARGV[5] maxDeliveries
-- Returns the claimed entries as { id, fields, delivery number }.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local function task_of(id)
  local entry = redis.call('XRANGE', KEYS[1], id, id)
  if #entry == 0 then return '' end
  local fields = entry[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'task' then return fields[i + 1] end
  end
  return ''
end
local stale = redis.call('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[3], '-', '+', ARGV[4])
local owners = {}
local wanted = 0
-- When a delivery began: its first heartbeat wrote it; without one, the entry's idle time
-- still counts from the delivery.
local function delivered_at(id, idle)
  return tonumber(redis.call('HGET', KEYS[3], id)) or (ms - idle)
end
for _, p in ipairs(stale) do
  if p[4] >= tonumber(ARGV[5]) then
    redis.call('XACK', KEYS[1], ARGV[1], p[1])
    redis.call('HDEL', KEYS[3], p[1])
    redis.call('XADD', KEYS[2], '*', 'kind', 'dead', 'entry', p[1], 'task', task_of(p[1]),
      'worker', p[2], 'delivery', p[4], 'status', 'failed',
      'error', 'no result after delivery ' .. p[4] .. ' of ' .. ARGV[5] .. ' (to ' .. p[2] .. ', silent for ' .. p[3] .. ' ms)',
      'delivered', delivered_at(p[1], p[3]), 'completed', ms)
  else
    owners[p[1]] = p
    wanted = wanted + 1
  end
end
if wanted == 0 then
  return {}
end
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', wanted)
local out = {}
for _, e in ipairs(claimed[2]) do
  local p = owners[e[1]]
  local from = p and p[2] or ''
  local delivery = p and (p[4] + 1) or redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)[1][4]
  local began = p and delivered_at(e[1], p[3]) or ''
  redis.call('XADD', KEYS[2], '*', 'kind', 'reclaimed', 'entry', e[1], 'task', task_of(e[1]),
    'worker', from, 'to', ARGV[2], 'delivery', delivery, 'idle', p and p[3] or 0,
    'delivered', began, 'completed', ms)
  -- A new delivery: the next heartbeat records its time afresh.
  redis.call('HDEL', KEYS[3], e[1])
  table.insert(out, { e[1], e[2], delivery })
end
return out
