// The seed box's sentence about this run on this machine: a preset's formula (spec.json's
// `explains`, which holds on any machine) filled in with the cores this browser reports and the
// numbers this run measured. Pure: (preset, report, cores) in, a sentence out; '' where a preset
// has no formula that depends on the machine.

/** @typedef {import('./results.js').Report} Report */
/** @typedef {Record<string, any>} ById  strategy id -> its result */

/** ms as a person reads them. @param {number} ms */
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Python's ThreadPoolExecutor() default on `cores` cores. @param {number} cores */
export const pythonThreads = (cores) => Math.min(32, cores + 4);

/** The number of rounds `tasks` waits take `k` at a time. @param {number} tasks @param {number} k */
export const rounds = (tasks, k) => Math.ceil(tasks / Math.max(1, k));

/** The most connections a browser keeps to one host. */
const PER_HOST = 6;

/** `a`–`b` of a list of start-ups in ms. @param {(number | null)[] | undefined} ms */
function startupRange(ms) {
  const known = (ms ?? []).filter((v) => v != null);
  return known.length ? `${fmt(Math.min(...known))}–${fmt(Math.max(...known))}` : '';
}

/** @param {number} cores @param {ById} r @param {any} p */
function sixEndpoints(cores, r, p) {
  const machine = `This machine reports ${cores} cores, so ProcessPoolExecutor() would start os.cpu_count() = ${cores} workers${
    cores >= p.tasks ? `, enough for all ${p.tasks} requests at once` : `: ⌈${p.tasks} / ${cores}⌉ = ${rounds(p.tasks, cores)} rounds of ${fmt(p.latency)}`
  }; the preset sets max_workers = ${p.maxWorkers || cores}.`;
  const [threads, procs] = [r['fetch-threads'], r['fetch-processes']];
  if (!threads || !procs) return machine;
  const range = startupRange(procs.detail?.startupMs);
  return `${machine} This run: fetch-threads ${fmt(threads.wallMs)}, fetch-processes ${fmt(procs.wallMs)}${range ? ` with start-ups of ${range} per worker` : ''}: ${fmt(Math.max(0, procs.wallMs - threads.wallMs))} more, for starting its ${procs.detail?.workers ?? '?'} processes.`;
}

/** @param {number} cores @param {ById} r @param {any} p */
function thousandCalls(cores, r, p) {
  const k = p.maxWorkers || pythonThreads(cores);
  const wire = Math.min(k, PER_HOST);
  const capped = k > PER_HOST ? `, but the browser keeps at most ${PER_HOST} connections to one host, so at most ${PER_HOST} wait at once` : '';
  const machine = `This machine reports ${cores} cores: ThreadPoolExecutor() defaults to min(32, ${cores} + 4) = ${pythonThreads(cores)} threads${capped}: ⌈${p.tasks} / ${wire}⌉ = ${rounds(p.tasks, wire)} rounds of ${p.latency} ms instead of ${p.tasks}.`;
  const [threads, seq, procs] = [r['fetch-threads'], r['fetch-sequential'], r['fetch-processes']];
  if (!threads || !seq) return machine;
  const perRound = threads.wallMs / rounds(p.tasks, Math.min(threads.detail?.workers ?? wire, PER_HOST));
  const processes = procs ? `; fetch-processes, with ${procs.detail?.workers ?? cores} processes, ${fmt(procs.wallMs)}` : '';
  return `${machine} This run: fetch-threads (${threads.detail?.workers ?? k} threads) ${fmt(threads.wallMs)} against fetch-sequential’s ${fmt(seq.wallMs)} (${(seq.wallMs / threads.wallMs).toFixed(1)}×), ${perRound.toFixed(0)} ms a round${processes}.`;
}

/** @param {number} cores @param {ById} r @param {any} p */
function approach(cores, r, p) {
  const best = p.tasks / rounds(p.tasks, cores);
  const machine = `This machine reports ${cores} cores, so processes can compute ${p.tasks} equal tasks at most ${p.tasks} / ⌈${p.tasks} / ${cores}⌉ = ${best.toFixed(1)}× faster than a loop.`;
  const ids = ['fetch-sequential', 'fetch-threads', 'fetch-processes', 'fetch-concurrent', 'cpu-sequential', 'cpu-threads-gil', 'cpu-rayon', 'cpu-event-loop'];
  if (!ids.every((id) => r[id])) return machine;
  const cpu = (/** @type {string} */ id) => `${(r['cpu-sequential'].wallMs / r[id].wallMs).toFixed(2)}×`;
  const max = r['fetch-processes'].detail?.maxStartupMs;
  const startup = max != null ? ` (start-up up to ${fmt(max)})` : '';
  return `${machine} This run: I/O — sequential ${fmt(r['fetch-sequential'].wallMs)}, threads ${fmt(r['fetch-threads'].wallMs)}, processes ${fmt(r['fetch-processes'].wallMs)}${startup}, event loop ${fmt(r['fetch-concurrent'].wallMs)}; CPU — threads under the GIL ${cpu('cpu-threads-gil')}, processes (the pool) ${cpu('cpu-rayon')}, event loop ${cpu('cpu-event-loop')} the sequential speed.`;
}

/** @type {Record<string, (cores: number, r: ById, p: any) => string>} */
const ON_THIS_MACHINE = {
  'six-endpoints': sixEndpoints,
  'thousand-calls': thousandCalls,
  'choosing-the-approach': approach,
};

/**
 * The preset's formula with this machine's cores and, once a run of it is on the page, its
 * numbers; '' for a preset whose lesson does not depend on the machine.
 * @param {{ id: string, params: Record<string, unknown> }} preset
 * @param {Report | null} report the preset's run, or null before one
 * @param {number} cores navigator.hardwareConcurrency of the page (the report's, once run)
 */
export function thisRunExplains(preset, report, cores) {
  const say = ON_THIS_MACHINE[preset.id];
  if (!say || !(cores > 0)) return '';
  const ran = report && report.preset === preset.id && !report.cancelled ? report : null;
  /** @type {ById} */
  const r = ran ? Object.fromEntries(ran.results.map((x) => [x.strategy, x])) : {};
  return say(cores, r, ran?.params ?? preset.params);
}
