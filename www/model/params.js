// Run parameters: reading them from the URL, sliders or the console API, and clamping them to
// the documented ranges in spec.json (the same file the Rust core validates against).
import { PARAMS as SPEC, STRATEGIES, FAMILIES, CONSTANTS, SPREADING, ONE_HOST_AT_ONCE, usualFor, familyOf } from './spec.js';
import { runnable, poolVerdict } from './pool.js';

/** @typedef {'all' | 'fetch' | 'cpu' | 'pipeline' | 'race' | 'queue'} Workload  the `workload` choices in spec.json */
/**
 * @typedef {object} Params
 * @property {Workload} workload
 * @property {string[]} strategies  ids to run; empty = the workload's usual set
 * @property {'primes' | 'mandelbrot' | 'sha256' | 'squares'} kernel
 * @property {number} jitter
 * @property {number} repeat
 * @property {number} tasks
 * @property {number} latency
 * @property {number} concurrency
 * @property {number} maxWorkers  fetch-threads' and fetch-processes' k; 0 = Python's default
 * @property {number} work
 * @property {number} bytes
 * @property {number} threads
 * @property {number} reclaimMs  the queue broker's visibility timeout, ms
 * @property {number} maxDeliveries  deliveries of one task before the broker fails it
 * @property {number} timeout   ms; 0 = none
 * @property {number} errors    % of mock requests answering HTTP 500
 * @property {number} hangs     % never answering
 * @property {number} slow      % with a slow body
 * @property {number} drops     % dropped without an answer
 * @property {string} target    a real URL to fetch instead of the mock API; '' = the mock API
 */

export { SPEC };

/** Names of the parameters, in the order the page shows them. */
export const NAMES = Object.keys(SPEC).filter((k) => !k.startsWith('$'));

/** @returns {Params} */
export function defaults() {
  return /** @type {Params} */ (
    Object.fromEntries(NAMES.map((n) => [n, structuredClone(SPEC[n].default)]))
  );
}

/** A workload's usual set, as this page runs it. @param {string} workload */
export function usualStrategies(workload) {
  return runnable(usualFor(workload));
}

/** The strategies a set of parameters asks for: the list if given, else the workload's usual
 * set (what the Rust core's `Strategy::selected` returns). @param {Params} params */
const wantedStrategies = (params) => (params.strategies.length ? params.strategies : usualFor(params.workload));

/**
 * The strategies a set of parameters runs: the list if given, else the workload's usual set;
 * without the pool, only those that need none.
 * @param {Params} params
 * @returns {string[]}
 */
export function selectedStrategies(params) {
  return runnable(wantedStrategies(params));
}

const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Clamps one raw value to its parameter's range.
 * @param {string} name
 * @param {unknown} raw
 * @returns {{ value: number | string | string[], note?: string, refused?: string }}
 */
export function clampOne(name, raw) {
  const spec = SPEC[name];
  if (spec.kind === 'url') {
    const value = String(raw ?? '').trim();
    const problem = value ? targetProblem(value) : '';
    // Kept as typed, so the person can fix it; a run with it is refused.
    return problem ? { value, refused: problem } : { value };
  }
  if (spec.kind === 'list') {
    const items = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
      .map((v) => String(v).trim())
      .filter(Boolean);
    const known = items.filter((v) => spec.values.includes(v));
    const unknown = items.filter((v) => !spec.values.includes(v));
    const value = [...new Set(known)];
    return unknown.length
      ? { value, note: `unknown ${name} ignored: ${unknown.join(', ')} (known: ${spec.values.join(', ')}).` }
      : { value };
  }
  if (spec.kind === 'choice') {
    const value = String(raw).trim().toLowerCase();
    if (spec.values.includes(value)) return { value };
    return {
      value: spec.default,
      note: `${name} "${String(raw)}" is not one of ${spec.values.join(', ')}; using ${spec.default}.`,
    };
  }
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const number = text === '' || text === null || typeof text === 'boolean' ? NaN : Number(text);
  const range = `${spec.min}–${spec.max}`;
  if (!Number.isFinite(number)) {
    return {
      value: spec.default,
      note: `${name} "${String(raw)}" is not a number; using the default ${spec.default} (range ${range}).`,
    };
  }
  let value = Math.round(number);
  let note;
  if (value !== number) note = `${name} ${number} is not a whole number; rounded to ${value}.`;
  if (value < spec.min || value > spec.max) {
    const clamped = Math.min(spec.max, Math.max(spec.min, value));
    note = `${name} ${number} is outside ${range}; using ${clamped}.`;
    value = clamped;
  }
  return note ? { value, note } : { value };
}

/**
 * Why a target URL cannot be fetched, or '' if it can: it must be absolute http(s), without
 * credentials.
 * @param {string} text
 */
export function targetProblem(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return `target "${text.slice(0, 80)}" is not a URL; give a full address like https://example.com/data.json.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `target "${text.slice(0, 80)}" is not an http(s) URL (it is ${url.protocol}).`;
  }
  if (url.username || url.password) {
    // fetch() throws at once for such a URL, which would look like an unreachable host.
    return `target "${text.slice(0, 80)}" carries a user name or password; the browser's fetch refuses URLs with credentials in them (send them in a header from your own code instead).`;
  }
  return '';
}

/** The strategy families a set of parameters asks for (as the core counts them, left-out
 * strategies included). @param {Params} params */
function familiesOf(params) {
  return new Set(wantedStrategies(params).map(familyOf));
}

/**
 * Rules that tie parameters together: fault shares add up to at most 100%, and task counts
 * stay within the limit of every family that runs (`maxTasks` of families and strategies in spec.json).
 * @param {Params} params changed in place
 * @param {string[]} notes
 */
function clampTogether(params, notes) {
  /** @type {('errors' | 'hangs' | 'slow' | 'drops')[]} */
  const faults = ['errors', 'hangs', 'slow', 'drops'];
  let total = faults.reduce((sum, f) => sum + params[f], 0);
  if (total > 100) {
    const before = faults.map((f) => `${f} ${params[f]}%`).join(' + ');
    for (const f of [...faults].reverse()) {
      const cut = Math.min(params[f], total - 100);
      params[f] -= cut;
      total -= cut;
    }
    notes.push(`${before} is more than 100% of the requests; reduced to ${faults.map((f) => `${f} ${params[f]}%`).join(' + ')}.`);
  }
  const wanted = wantedStrategies(params);
  /** @type {(keyof Params)[]} */
  const madeByTheMock = ['latency', 'jitter', 'bytes', ...faults];
  const mockOnly = madeByTheMock.filter((f) => params[f] !== SPEC[f].default);
  if (params.target && mockOnly.length) {
    notes.push(`${mockOnly.join(', ')} ${mockOnly.length === 1 ? 'is' : 'are'} made by the mock API; with a target URL the target answers as it does, so ${mockOnly.length === 1 ? 'it does' : 'they do'} not apply.`);
  }
  for (const id of SPREADING.filter((s) => params.target && wanted.includes(s))) {
    notes.push(`${id} spreads requests over the mock API's ${SPREAD_WORDS[STRATEGIES[id].spreadsOver ?? 'ports']}; with a target URL every request goes to the target, as in ${ONE_HOST_AT_ONCE}.`);
  }
  for (const id of wanted.filter((s) => !params.target && STRATEGIES[s]?.oneUrl && faults.some((f) => params[f] > 0))) {
    notes.push(`${id} asks one identical URL for every task, so the per-task faults do not apply to it (they would make the URLs differ).`);
  }
  for (const family of familiesOf(params)) {
    const max = FAMILIES[family]?.maxTasks;
    if (max != null && params.tasks > max) {
      notes.push(`${family} strategies run at most ${max} tasks; using ${max} instead of ${params.tasks}.`);
      params.tasks = max;
    }
  }
  // Strategies with a limit of their own (cpu-worker-per-task: one Web Worker per task).
  for (const id of wanted) {
    const max = STRATEGIES[id]?.maxTasks;
    if (max != null && params.tasks > max) {
      notes.push(`${id} runs at most ${max} tasks (one Web Worker each); using ${max} instead of ${params.tasks}.`);
      params.tasks = max;
    }
  }
  // After the task limits above, so the note speaks of the tasks that will run.
  const held = params.tasks * (params.bytes + PAGE_SLACK_BYTES);
  for (const id of wanted.filter((s) => !params.target && STRATEGIES[s]?.holdsEveryPage && held > HELD_PAGES_MAX_BYTES)) {
    notes.push(
      `${id} keeps every page until the last one arrives: ${params.tasks} pages of about ${params.bytes} bytes ` +
        `come to about ${mib(held)} MiB, over the ${mib(HELD_PAGES_MAX_BYTES)} MiB it may hold, so pages past that fail (“page not kept”).`,
    );
  }
}

/** How a strategy's `spreadsOver` reads in a sentence. */
const SPREAD_WORDS = { ports: 'ports', hosts: 'host names' };

/** How many bytes of pages a strategy that holds every page (`holdsEveryPage`) may keep for its parse phase. */
export const HELD_PAGES_MAX_BYTES = CONSTANTS.heldPagesMaxBytes;

/** How far a mock page may run over the `bytes` asked for: the mock API finishes the paragraph
 * it is writing and closes the document (tests/js/robust-params.test.mjs checks the bound). */
export const PAGE_SLACK_BYTES = CONSTANTS.pageSlackBytes;

/** @param {number} bytes */
const mib = (bytes) => Math.round(bytes / 2 ** 20).toLocaleString('en');

/**
 * Turns raw input (URL query, console call) into valid parameters plus a note per change.
 * Missing parameters take their defaults silently; unknown ones are reported and ignored.
 * Values that cannot be repaired (a target that is not a URL) are refused: `refused` says why,
 * and a run must not start.
 * @param {Record<string, unknown>} raw
 * @returns {{ params: Params, notes: string[], refused: string[] }}
 */
export function normalize(raw = {}) {
  const params = defaults();
  /** @type {string[]} */
  const notes = [];
  /** @type {string[]} */
  const refused = [];
  let targetWhy = '';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { params, notes: ['parameters must be an object, like { tasks: 6 }; using the defaults.'], refused };
  }
  for (const [name, value] of Object.entries(raw)) {
    if (!NAMES.includes(name)) {
      notes.push(`unknown parameter "${name}" ignored (known: ${NAMES.join(', ')}).`);
      continue;
    }
    if (value === undefined) continue;
    const { value: clean, note, refused: why } = clampOne(name, value);
    // clampOne gives each parameter a value of its own kind (spec.json's `kind`).
    /** @type {Record<string, unknown>} */ (params)[name] = clean;
    if (note) notes.push(note);
    if (why && name === 'target') targetWhy = why;
    else if (why) refused.push(why);
  }
  clampTogether(params, notes);
  if (targetWhy) {
    // Only strategies that make requests need the target: a CPU run goes ahead.
    const requests = [...familiesOf(params)].some((f) => f === 'fetch' || f === 'pipeline');
    if (requests) refused.push(targetWhy);
    else notes.push(`${targetWhy} No strategy here makes requests, so the run goes ahead.`);
  }
  const { note, refused: poolless } = poolVerdict(wantedStrategies(params));
  if (note) notes.push(note);
  if (poolless) refused.push(poolless);
  return { params, notes: [...notes, ...refused], refused };
}

/** Query keys that are not parameters but are understood by the page (`isolation=off` by the
 * server: it then sends the page without COOP/COEP, to try the single-threaded fallback). */
export const PAGE_KEYS = ['autorun', 'preset', 'isolation'];

/**
 * Reads parameters from a query string.
 * @param {string} search e.g. location.search
 */
export function fromQuery(search) {
  const query = new URLSearchParams(search);
  /** @type {Record<string, string>} */
  const raw = {};
  for (const [key, value] of query) if (!PAGE_KEYS.includes(key)) raw[key] = value;
  return { ...normalize(raw), autorun: query.get('autorun') === '1', preset: query.get('preset') };
}

/**
 * The query string for a set of parameters: only values that differ from the defaults, so a
 * shared link stays short and picks up improved defaults.
 * @param {Params} params
 */
export function toQuery(params) {
  const [given, d] = /** @type {Record<string, unknown>[]} */ ([params, defaults()]);
  const query = new URLSearchParams();
  for (const name of NAMES) if (!same(given[name], d[name])) query.set(name, String(given[name]));
  const text = query.toString();
  return text ? `?${text}` : '';
}
