// What each strategy models, in the words the page shows: the Python construct from the seed
// articles, the equivalent Python, and what a person should expect to see. The Rust doc comments
// on the functions (src/strategy.rs, cpu.rs, race.rs, pipeline.rs) say the same for readers of
// the code. tests/js/strategies.test.mjs checks this table covers every id in params.json.
import { idealIoMs, idealCpuSpeedup } from './stats.js';

/**
 * @typedef {object} StrategyInfo
 * @property {'fetch' | 'cpu' | 'pipeline' | 'race'} family
 * @property {string} models   the Python construct, in one line
 * @property {string} python   the equivalent Python, as in the seeds
 * @property {string} expect   what a person should expect to see
 */

/** @type {Record<string, StrategyInfo>} */
export const STRATEGIES = {
  'fetch-sequential': {
    family: 'fetch',
    models: 'for url in urls: requests.get(url)',
    python: 'for url in URLS:\n    fetch_single(url)   # requests.get + time.sleep(1)',
    expect: 'tasks × latency: each request waits for the previous one (seed 000: ~7 s for 6).',
  },
  'fetch-concurrent': {
    family: 'fetch',
    models: 'asyncio.gather(*tasks)',
    python: 'async def main():\n    tasks = [fetch_page(url) for url in urls]\n    pages = await asyncio.gather(*tasks)',
    expect: 'about one latency — until the browser’s 6 connections per host:port make rounds.',
  },
  'fetch-bounded': {
    family: 'fetch',
    models: 'ThreadPoolExecutor(max_workers=k) + as_completed',
    python: 'with ThreadPoolExecutor(max_workers=k) as tpe:\n    futures = [tpe.submit(fetch_single, url) for url in urls]\n    for f in as_completed(futures): ...',
    expect: 'ceil(tasks / k) × latency: k lanes, each taking the next task when free.',
  },
  'fetch-map': {
    family: 'fetch',
    models: 'executor.map(f, urls): results in input order',
    python: 'with ThreadPoolExecutor(max_workers=k) as ex:\n    for page in ex.map(get_html, urls):   # in input order\n        ...',
    expect: 'same wall time as as_completed; results arrive in input order, so one slow early request holds back the rest.',
  },
  'fetch-as-completed': {
    family: 'fetch',
    models: 'as_completed(futures): results as they finish',
    python: 'futures = [ex.submit(get_html, u) for u in urls]\nfor f in as_completed(futures):   # completion order\n    page = f.result()',
    expect: 'same wall time as map; the first result arrives after the fastest request, order scrambled.',
  },
  'fetch-multiport': {
    family: 'fetch',
    models: 'asyncio.gather over several hosts',
    python: '# spread the calls over several endpoints (hosts or ports)\ntasks = [fetch(f"{BASES[i % len(BASES)]}/api") for i in range(n)]\nawait asyncio.gather(*tasks)',
    expect: 'past the 6-per-host cap: the mock API on 6 ports allows 36 in flight.',
  },
  'fetch-same-url': {
    family: 'fetch',
    models: 'asyncio.gather of one identical URL (seed 002’s 1000 calls)',
    python: 'URL = "https://api.example.com/item"\nawait asyncio.gather(*[fetch(URL) for _ in range(1000)])',
    expect: 'queued one by one by the browser’s HTTP cache lock: tasks × latency, although all started together.',
  },
  'cpu-sequential': {
    family: 'cpu',
    models: 'for r in ranges: count_primes(r)',
    python: 'results = [count_primes(r) for r in ranges]',
    expect: 'the baseline: one thread, tasks back to back.',
  },
  'cpu-rayon': {
    family: 'cpu',
    models: 'multiprocessing.Pool().map(f, tasks) — work stealing',
    python: 'with multiprocessing.Pool() as pool:\n    results = pool.map(count_primes, ranges)',
    expect: 'close to P× faster on P cores; balanced even when tasks are uneven.',
  },
  'cpu-static-chunks': {
    family: 'cpu',
    models: 'Pool(P).map(f, tasks, chunksize=ceil(N/P)) — static chunks',
    python: 'with multiprocessing.Pool(P) as pool:\n    results = pool.map(f, tasks, chunksize=math.ceil(len(tasks) / P))',
    expect: 'like rayon on even work; on Mandelbrot one chunk holds the expensive rows and the other lanes idle.',
  },
  'cpu-queue': {
    family: 'cpu',
    models: 'worker threads pulling from a queue.Queue (seed 004’s task queue)',
    python: 'def worker():\n    while (task := q.get()) is not None:\n        results.append(f(task))\nthreads = [Thread(target=worker) for _ in range(P)]',
    expect: 'about rayon’s time: whoever is free takes the next task.',
  },
  'cpu-worker-per-task': {
    family: 'cpu',
    models: 'threading.Thread / Process per task: start all, join all',
    python: 'procs = [Process(target=f, args=(t,)) for t in tasks]\nfor p in procs: p.start()\nfor p in procs: p.join()',
    expect: 'parallel, but every task first pays a worker start-up (shown as startup ms); it dominates small tasks.',
  },
  'pipeline-sequential': {
    family: 'pipeline',
    models: 'for url in urls: BeautifulSoup(requests.get(url).text)',
    python: 'for url in urls:\n    html = BeautifulSoup(requests.get(url).text, "lxml")',
    expect: 'tasks × (latency + parse): fetch and parse alternate (seed 003: 69.4 s for 50 pages).',
  },
  'pipeline-fetch-then-parse': {
    family: 'pipeline',
    models: 'pages = list(ex.map(fetch, urls)); pool.map(parse, pages)',
    python: 'with ThreadPoolExecutor(k) as ex:\n    pages = list(ex.map(fetch, urls))\nwith Pool() as pool:\n    docs = pool.map(parse, pages)',
    expect: 'ceil(N/k) × latency, then all parsing: the pool idles while fetching and vice versa.',
  },
  'pipeline-overlapped': {
    family: 'pipeline',
    models: 'as_completed(fetches) feeding a process pool',
    python: 'for f in as_completed(fetch_futures):\n    parse_futures.append(pool.submit(parse, f.result()))',
    expect: 'each page is parsed as soon as it arrives: about the fetch time plus one parse.',
  },
  'race-unsynchronized': {
    family: 'race',
    models: 'counter += 1 in threads, no lock',
    python: 'def work():\n    global counter\n    for _ in range(n):\n        counter += 1   # read, add, write: not atomic',
    expect: 'the final count falls short with 2+ workers on 2+ cores: lost updates.',
  },
  'race-atomic': {
    family: 'race',
    models: 'an atomic increment (multiprocessing.Value with its lock, itertools.count)',
    python: 'counter = itertools.count()\nfor _ in range(n):\n    next(counter)   # one indivisible step',
    expect: 'exact, at the cost of passing the counter between cores.',
  },
  'race-mutex': {
    family: 'race',
    models: 'with lock: counter += 1',
    python: 'lock = threading.Lock()\nfor _ in range(n):\n    with lock:\n        counter += 1',
    expect: 'exact, and slowest: workers wait for each other at every increment.',
  },
};

/** Colours per family, readable on white and for common colour blindness. */
export const FAMILY_COLOURS = { fetch: '#2a6f97', cpu: '#e76f51', pipeline: '#6a4c93', race: '#2a9d8f' };

/** Maximum connections Chromium keeps to one host:port over HTTP/1.1. */
export const BROWSER_CONNECTIONS_PER_HOST = 6;

/** The start-everything strategies hand the browser at most this many requests at a time
 * (`MAX_STARTED_AT_ONCE` in src/strategy.rs; tests/js/strategies.test.mjs keeps them equal). */
export const MAX_STARTED_AT_ONCE = 1000;

/**
 * Ran every task to its end (ok or failed): a cancelled or interrupted result timed only part
 * of the work, so its wall time cannot be compared with a whole run's, nor with a whole run's
 * ideal.
 * @param {{ cancelled?: number, interrupted?: boolean }} result
 */
export function ranToTheEnd(result) {
  return !((result.cancelled ?? 0) > 0) && !result.interrupted;
}

/**
 * cpu-sequential's wall time among `results`, the base of every CPU ideal, if it ran to its end.
 * @param {{ strategy: string, wallMs: number, cancelled?: number, interrupted?: boolean }[]} results
 */
export function sequentialCpuMs(results) {
  const seq = results.find((r) => r.strategy === 'cpu-sequential');
  return seq && ranToTheEnd(seq) ? seq.wallMs : undefined;
}

/**
 * The ideal wall time of a strategy's result: what it would take with no overhead at all, or
 * null where no simple model applies. Fetch: the core's own `idealMs` (each task's latency,
 * spread, fault and timeout under the strategy's in-flight limit); a result saved before it had
 * one, or one rebuilt from progress after the worker was stopped, falls back to
 * ceil(tasks / k) x latency (null with a real target URL, whose latency is unknown).
 * CPU: the measured sequential time divided by the ideal speedup on the pool. Null for a
 * stopped result: the ideal is for every task, the result timed only some.
 * @param {{ strategy: string, idealMs?: number | null, cancelled?: number, interrupted?: boolean }} result
 * @param {{ tasks: number, latency: number, concurrency: number, target?: string }} params
 * @param {{ poolThreads: number, sequentialCpuMs?: number, mirrors?: number }} context
 * @returns {number | null}
 */
export function idealMs(result, params, context) {
  const { strategy } = result;
  if (!ranToTheEnd(result)) return null;
  if (STRATEGIES[strategy]?.family === 'fetch') {
    if (result.idealMs !== undefined) return result.idealMs;
    if (params.target) return null;
  }
  const io = (/** @type {number} */ k) => idealIoMs(params.tasks, k, params.latency);
  const seq = context.sequentialCpuMs;
  switch (strategy) {
    case 'fetch-sequential':
    case 'fetch-same-url':
      return strategy === 'fetch-sequential' ? io(1) : io(Math.min(params.tasks, MAX_STARTED_AT_ONCE));
    case 'fetch-concurrent':
    case 'fetch-multiport':
      return io(Math.min(params.tasks, MAX_STARTED_AT_ONCE));
    case 'fetch-bounded':
    case 'fetch-map':
    case 'fetch-as-completed':
      return io(params.concurrency);
    case 'cpu-sequential':
      return seq ?? null;
    case 'cpu-rayon':
    case 'cpu-static-chunks':
    case 'cpu-queue':
    case 'cpu-worker-per-task':
      return seq == null ? null : seq / idealCpuSpeedup(params.tasks, context.poolThreads);
    default:
      return null;
  }
}
