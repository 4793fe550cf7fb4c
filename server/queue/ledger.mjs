// The producer's bookkeeping for one run, with no Redis in it: it turns the run's results stream
// (completions, dead letters, reclaims, late results) into one result per task and the report's
// counts. Redis already lets only an entry's holder complete it; this is the second line: a task
// is counted once even if two results for it ever arrived, and the counts always add up
// (ok + failed + cancelled = tasks).

/**
 * One event of the results stream, its fields parsed (see docs/task-queue.md).
 * @typedef {object} QueueEvent
 * @property {'done' | 'dead' | 'reclaimed' | 'dropped'} kind
 * @property {string} entry the task's stream entry id (its first part is the enqueue time, ms)
 * @property {number} task the task's index in the run
 * @property {string} worker who completed it (done), held it last (dead, reclaimed) or sent a late result (dropped)
 * @property {number} [delivery] which delivery of the task this was (1 = first)
 * @property {'ok' | 'failed'} [status]
 * @property {string} [value]
 * @property {string} [error]
 * @property {string} [to] the worker a reclaimed task went to
 * @property {string} [holder] the entry's holder when a late result came (empty if none)
 * @property {number} [thread]
 * @property {number} [runMs] time the worker spent on the task itself
 * @property {number} [delivered] server clock, ms
 * @property {number} completed server clock, ms
 */

/**
 * @typedef {object} Delivery
 * @property {number} task
 * @property {string} worker
 * @property {number} delivery
 * @property {number} enqueued server clock, ms
 * @property {number | null} delivered
 * @property {number} ended when it completed, was reclaimed, dead-lettered, or its late result came
 * @property {'ok' | 'failed' | 'reclaimed' | 'dead' | 'dropped'} status
 * @property {number | null} [thread]
 */

/**
 * @typedef {{ status: 'ok' | 'failed' | 'cancelled', value?: string, error?: string, worker?: string }} TaskResult
 * @typedef {{ id: string, kind: string, host: string, taken: number, ok: number, failed: number }} WorkerRow
 */

/** The enqueue time a stream entry id carries (ms, Redis's clock). @param {string} entry */
export function entryTime(entry) {
  return Number(entry.split('-')[0]);
}

/**
 * A worker's kind and host, read from its id (`<kind> <name...> @ <host>`, docs/task-queue.md).
 * @param {string} id
 */
export function describeWorker(id) {
  const at = id.lastIndexOf(' @ ');
  return { kind: id.split(' ')[0] || 'unknown', host: at < 0 ? '' : id.slice(at + 3) };
}

/**
 * Parses one results-stream entry's flat field list into an event; null if it is not one.
 * @param {string[]} fields
 * @returns {QueueEvent | null}
 */
export function parseEvent(fields) {
  /** @type {Record<string, string>} */
  const f = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  if (!['done', 'dead', 'reclaimed', 'dropped'].includes(f.kind)) return null;
  const num = (/** @type {string | undefined} */ v) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    kind: /** @type {QueueEvent['kind']} */ (f.kind),
    entry: f.entry ?? '',
    task: Number(f.task),
    worker: f.worker ?? '',
    delivery: num(f.delivery),
    status: f.status === 'ok' || f.status === 'failed' ? f.status : undefined,
    value: f.value,
    error: f.error || undefined,
    to: f.to,
    holder: f.holder,
    thread: num(f.thread),
    runMs: num(f.runMs),
    // The scripts estimate a delivery's start as now minus its idle time, both in whole ms, which
    // can land 1 ms before the entry's own time (its id); no delivery precedes its enqueue.
    delivered: f.delivered ? Math.max(Number(f.delivered), entryTime(f.entry ?? '')) : undefined,
    completed: Number(f.completed),
  };
}

/**
 * What every delivery record has, from the event that ended it.
 * @param {QueueEvent} e
 * @returns {Omit<Delivery, 'status'>}
 */
function deliveryOf(e) {
  return {
    task: e.task,
    worker: e.worker,
    delivery: e.delivery ?? 0,
    enqueued: entryTime(e.entry),
    delivered: e.delivered ?? null,
    ended: e.completed,
    thread: e.thread ?? null,
  };
}

/**
 * The ledger of one run of `tasks` tasks.
 * @param {number} tasks
 */
export function createLedger(tasks) {
  /** @type {(TaskResult | undefined)[]} */
  const results = new Array(tasks);
  /** @type {Delivery[]} */
  const deliveries = [];
  const counts = { ok: 0, failed: 0, cancelled: 0, redelivered: 0, dropped: 0, duplicates: 0, deadLetters: 0 };
  /** @type {number[]} */
  const brokerMs = [];

  /**
   * Applies one event; returns false if it was ignored (a second result for a task, or a task
   * index out of range).
   * @param {QueueEvent} e
   */
  function apply(e) {
    if (!Number.isInteger(e.task) || e.task < 0 || e.task >= tasks) return false;
    const base = deliveryOf(e);
    if (e.kind === 'reclaimed') {
      counts.redelivered += 1;
      deliveries.push({ ...base, delivery: (e.delivery ?? 2) - 1, status: 'reclaimed' });
      return true;
    }
    if (e.kind === 'dropped') {
      counts.dropped += 1;
      deliveries.push({ ...base, status: 'dropped' });
      return true;
    }
    if (results[e.task]) {
      counts.duplicates += 1;
      return false;
    }
    const status = e.kind === 'dead' ? 'failed' : (e.status ?? 'failed');
    results[e.task] = { status, value: e.value, error: e.error, worker: e.worker };
    counts[status] += 1;
    if (e.kind === 'dead') counts.deadLetters += 1;
    deliveries.push({ ...base, status: e.kind === 'dead' ? 'dead' : status });
    if (e.kind === 'done' && e.delivered !== undefined && e.runMs !== undefined) {
      brokerMs.push(Math.max(0, e.completed - e.delivered - e.runMs));
    }
    return true;
  }

  /** Every task still without a result is cancelled (Cancel, or the producer went away). */
  function cancelRest() {
    for (let i = 0; i < tasks; i++) {
      if (results[i]) continue;
      results[i] = { status: 'cancelled' };
      counts.cancelled += 1;
    }
  }

  return {
    apply,
    cancelRest,
    /** True once every task has its one result. */
    done: () => counts.ok + counts.failed + counts.cancelled === tasks,
    results: () => results.slice(),
    summary: () => summarize(tasks, counts, deliveries, brokerMs),
  };
}

/**
 * The report's numbers. `brokerMsPerTask` is the mean time a completed delivery spent outside
 * the task itself between delivery and completion: the broker's (and bridge's) cost per task.
 * @param {number} tasks
 * @param {{ ok: number, failed: number, cancelled: number, redelivered: number, dropped: number, duplicates: number, deadLetters: number }} counts
 * @param {Delivery[]} deliveries
 * @param {number[]} brokerMs
 */
export function summarize(tasks, counts, deliveries, brokerMs) {
  /** @type {Map<string, WorkerRow>} */
  const workers = new Map();
  for (const d of deliveries) {
    if (!d.worker || d.status === 'dropped') continue;
    const row = workers.get(d.worker) ?? { id: d.worker, ...describeWorker(d.worker), taken: 0, ok: 0, failed: 0 };
    row.taken += 1;
    if (d.status === 'ok') row.ok += 1;
    if (d.status === 'failed' || d.status === 'dead') row.failed += 1;
    workers.set(d.worker, row);
  }
  const mean = brokerMs.length ? brokerMs.reduce((a, b) => a + b, 0) / brokerMs.length : null;
  return {
    tasks,
    ...counts,
    workers: [...workers.values()],
    deliveries: deliveries.slice().sort((a, b) => a.task - b.task || a.delivery - b.delivery),
    brokerMsPerTask: mean,
  };
}
