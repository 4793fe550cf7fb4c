// What each strategy models, in the words the page shows. The Rust doc comments on the functions
// in src/strategy.rs say the same for readers of the code.

/**
 * @typedef {object} StrategyInfo
 * @property {string} label    short name for the chart
 * @property {'fetch' | 'cpu'} family
 * @property {string} models   the Python construct from the seed articles
 * @property {string} expect   what a person should expect to see
 */

/** @type {Record<string, StrategyInfo>} */
export const STRATEGIES = {
  'fetch-sequential': {
    label: 'fetch-sequential',
    family: 'fetch',
    models: 'for url in urls: requests.get(url)',
    expect: 'tasks × latency: each request waits for the previous one.',
  },
  'fetch-concurrent': {
    label: 'fetch-concurrent',
    family: 'fetch',
    models: 'asyncio.gather(*tasks)',
    expect: 'about one latency, until the browser’s 6-connections-per-host limit makes rounds.',
  },
  'fetch-bounded': {
    label: 'fetch-bounded',
    family: 'fetch',
    models: 'ThreadPoolExecutor(max_workers=k)',
    expect: 'ceil(tasks / k) × latency: k lanes, each taking the next task when free.',
  },
  'cpu-sequential': {
    label: 'cpu-sequential',
    family: 'cpu',
    models: 'for r in ranges: count_primes(r)',
    expect: 'the baseline: one thread, tasks back to back.',
  },
  'cpu-rayon': {
    label: 'cpu-rayon',
    family: 'cpu',
    models: 'multiprocessing.Pool().map(count_primes, ranges)',
    expect: 'close to P× faster on P cores: one lane per pool thread.',
  },
};

/** Colours per family, readable on white and for common colour blindness. */
export const FAMILY_COLOURS = { fetch: '#2a6f97', cpu: '#e76f51' };

/** Maximum connections Chromium keeps to one host:port over HTTP/1.1. */
export const BROWSER_CONNECTIONS_PER_HOST = 6;

/**
 * The ideal wall time of a strategy: what it would take with no overhead at all.
 * Fetch: ceil(tasks / k) × latency with k its in-flight limit. CPU: the measured sequential time
 * divided by min(tasks, threads), when that time is known.
 * @param {string} strategy
 * @param {{ tasks: number, latency: number, concurrency: number }} params
 * @param {{ poolThreads: number, sequentialCpuMs?: number }} context
 * @returns {number | null}
 */
export function idealMs(strategy, params, context) {
  const io = (/** @type {number} */ k) => Math.ceil(params.tasks / Math.max(1, k)) * params.latency;
  switch (strategy) {
    case 'fetch-sequential':
      return io(1);
    case 'fetch-concurrent':
      return io(params.tasks);
    case 'fetch-bounded':
      return io(params.concurrency);
    case 'cpu-sequential':
      return context.sequentialCpuMs ?? null;
    case 'cpu-rayon':
      return context.sequentialCpuMs == null
        ? null
        : context.sequentialCpuMs / Math.max(1, Math.min(params.tasks, context.poolThreads));
    default:
      return null;
  }
}
