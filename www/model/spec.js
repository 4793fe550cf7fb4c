// The page's reader of spec.json, the table the Rust core (build.rs) and the benchmark read too:
// parameters and their ranges, workloads, families, strategies, presets and shared constants.
import SPEC from '../spec.json' with { type: 'json' };

/**
 * @typedef {object} StrategyInfo
 * @property {string} id
 * @property {string} family     a key of `families`
 * @property {boolean} usual       runs when no list is given
 * @property {boolean} needsPool   needs the rayon pool, so a cross-origin isolated page
 * @property {number} [maxTasks]   a task limit of its own
 * @property {{ model: string, [key: string]: unknown } | null} ideal  the ideal-time model src/ideal.rs applies; null where no simple model applies
 * @property {string} models       the Python construct, in one line
 * @property {string} python       the equivalent Python, as in the seeds
 * @property {string} expect       what a person should expect to see
 * @property {'ports' | 'hosts'} [spreadsOver]  spreads its requests over the mock API's ports or host names
 *   (with a target URL every request goes to the target instead)
 * @property {boolean} [meetsHostCap]  starts every request at once against one host, so its run
 *   shows the browser's connections per host
 * @property {boolean} [oneUrl]        asks one identical URL for every task (the per-task faults cannot apply)
 * @property {'threads' | 'processes'} [workerKind]  what its workers model, for the words on what they did
 * @property {boolean} [holdsEveryPage]  keeps every fetched page until the last arrives (a memory cap applies)
 * @property {boolean} [cpuBaseline]   its measured time is the one the CPU ideals of the strategies after it scale
 * @property {boolean} [amdahlFit]     the strategy a sweep fits Amdahl's law to
 */

/**
 * @typedef {object} Preset
 * @property {string} id          the `preset=` URL value
 * @property {string} title
 * @property {string} source      which seed article, or what lesson
 * @property {string} published   the seed's figure, in its words
 * @property {Record<string, unknown>} params
 * @property {[string, string]} [compare]  the two strategies whose ratio answers the seed
 * @property {string} shows       what it shows, in a line (the README's table)
 * @property {string} [explains]  how the seed's figure comes about, with the numbers measured here
 * @property {import('./matrix.js').MatrixSpec} [matrix]  rows of strategies compared by approach
 * @property {boolean} [needsNetwork]  its lesson needs real connections, not the in-browser mock
 */

/** JSON reads every value as a plain string, so the choices (`spreadsOver`, `workerKind`) are
 * cast to theirs here; tests/js/strategies.test.mjs checks the table holds only those.
 * @type {StrategyInfo[]} */
const TABLE = /** @type {StrategyInfo[]} */ (/** @type {unknown} */ (SPEC.strategies));

/** Every strategy id, in display order. */
export const STRATEGY_IDS = TABLE.map((s) => s.id);

/** Parameter specs by name, in the order the page shows them; `strategies` takes the table's ids.
 * @type {Record<string, any>} */
export const PARAMS = { ...SPEC.params, strategies: { ...SPEC.params.strategies, values: STRATEGY_IDS } };

/** Strategy info by id. @type {Record<string, StrategyInfo>} */
export const STRATEGIES = Object.fromEntries(TABLE.map((s) => [s.id, s]));

/** Workloads: their label and the families they offer. @type {Record<string, { label: string, families: string[] }>} */
export const WORKLOADS = SPEC.workloads;

/** Families: colour, task limit, the parameters their strategies read, and the names those
 * parameters take in the family (the race's tasks are its workers), their units and help there.
 * @type {Record<string, { colour: string, maxTasks?: number, params: string[], labels?: Record<string, string>, units?: Record<string, string>, helps?: Record<string, string> }>} */
export const FAMILIES = SPEC.families;

/** Colours per family, readable on white and for common colour blindness. @type {Record<string, string>} */
export const FAMILY_COLOURS = Object.fromEntries(Object.entries(SPEC.families).map(([f, v]) => [f, v.colour]));

/** JSON has no pairs, so `compare` reads as a list: the tests check each names two strategies.
 * @type {Preset[]} */
export const PRESETS = /** @type {Preset[]} */ (/** @type {unknown} */ (SPEC.presets));

/** Constants the core and the page share (`constants` in spec.json). */
export const CONSTANTS = /** @type {Record<string, number>} */ (SPEC.constants);

/** Maximum connections Chromium keeps to one host:port over HTTP/1.1. */
export const BROWSER_CONNECTIONS_PER_HOST = CONSTANTS.connectionsPerHost;

/** The start-everything strategies hand the browser at most this many requests at a time. */
export const MAX_STARTED_AT_ONCE = CONSTANTS.maxStartedAtOnce;

/** Ids of the strategies that spread their requests over ports or host names, in display order. */
export const SPREADING = TABLE.filter((s) => s.spreadsOver).map((s) => s.id);

/** The strategy that starts every request at once against one host (the per-host cap's lesson). */
export const ONE_HOST_AT_ONCE = TABLE.find((s) => s.meetsHostCap)?.id;

/** The strategy whose time the CPU ideals after it scale (the worker hands it to them). */
export const CPU_BASELINE = TABLE.find((s) => s.cpuBaseline)?.id;

/** The strategy a sweep fits Amdahl's law to. */
export const AMDAHL_FIT = TABLE.find((s) => s.amdahlFit)?.id;

/** Ids of the strategies that need the thread pool. */
export const NEEDS_POOL = TABLE.filter((s) => s.needsPool).map((s) => s.id);

/** A workload's usual set, in display order (the core's `Strategy::for_workload`). @param {string} workload */
export function usualFor(workload) {
  const families = WORKLOADS[workload]?.families ?? [];
  return TABLE.filter((s) => s.usual && families.includes(s.family)).map((s) => s.id);
}

/** The family of a strategy id (undefined for an unknown id). @param {string} id */
export const familyOf = (id) => STRATEGIES[id]?.family;

/**
 * The sequential strategy of a strategy's family (`<family>-sequential`), the baseline its
 * speedup is measured against; undefined where the family has none (race).
 * @param {string} id
 */
export function sequentialOf(id) {
  const baseline = `${familyOf(id)}-sequential`;
  return STRATEGIES[baseline] ? baseline : undefined;
}

/** Whether a strategy is its family's sequential baseline. @param {string} id */
export const isSequential = (id) => sequentialOf(id) === id;

/**
 * The most tasks a strategy takes: its own limit, else its family's; undefined for none.
 * @param {string} id
 */
export function maxTasksOf(id) {
  const own = STRATEGIES[id]?.maxTasks;
  const family = FAMILIES[familyOf(id) ?? '']?.maxTasks;
  const limits = [own, family].filter((m) => m != null);
  return limits.length ? Math.min(...limits) : undefined;
}

/** Parameters no family lists: they apply to every run (repeat, workload, strategies). */
const GENERAL = Object.keys(PARAMS).filter((n) => !n.startsWith('$') && !Object.values(FAMILIES).some((f) => f.params.includes(n)));

/**
 * The parameters the given strategies read, with the label, unit and help each takes for them: a
 * parameter no family lists is always there; a family's own name (or unit) for a parameter is
 * used when every chosen family that reads it names it the same way. Unknown ids are ignored.
 * @param {string[]} ids
 * @returns {Map<string, { label: string, unit: string, help: string }>} in the spec's order
 */
export function paramsUsedBy(ids) {
  const families = [...new Set(ids.map(familyOf).filter((f) => f != null))].map((f) => FAMILIES[f]);
  const agreed = (/** @type {string[]} */ names, /** @type {string} */ fallback) => (new Set(names).size === 1 ? names[0] : fallback);
  /** @type {Map<string, { label: string, unit: string, help: string }>} */
  const used = new Map();
  for (const name of Object.keys(PARAMS)) {
    const readers = families.filter((f) => f.params.includes(name));
    if (!GENERAL.includes(name) && !readers.length) continue;
    const { label, unit = '', help = '' } = PARAMS[name];
    used.set(name, {
      label: agreed(readers.map((f) => f.labels?.[name] ?? label), label),
      unit: agreed(readers.map((f) => f.units?.[name] ?? unit), unit),
      help: agreed(readers.map((f) => f.helps?.[name] ?? help), help),
    });
  }
  return used;
}
