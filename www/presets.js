// Presets: one per seed experiment (and a few lessons the seeds meet without naming), each with
// the figure the seed published, so the page can show it beside ours.

/**
 * @typedef {object} Preset
 * @property {string} id          the `preset=` URL value
 * @property {string} title
 * @property {string} source      which seed article, or what lesson
 * @property {string} published   the seed's figure, in its words
 * @property {Record<string, unknown>} params
 * @property {[string, string]} [compare]  the two strategies whose ratio answers the seed
 */

/** @type {Preset[]} */
export const PRESETS = [
  {
    id: 'six-endpoints',
    title: '6 endpoints × 1 s',
    source: 'seed 000 — ProcessPoolExecutor.submit on 6 API endpoints that each sleep 1 s',
    published: 'sequential ~7 s; in a pool 1.68 s (4.2× faster)',
    params: { workload: 'fetch', strategies: ['fetch-sequential', 'fetch-concurrent'], tasks: 6, latency: 1000, jitter: 0 },
    compare: ['fetch-sequential', 'fetch-concurrent'],
  },
  {
    id: 'thousand-calls',
    title: '1000 API calls',
    source: 'seed 002 — 1000 requests to one URL, ThreadPoolExecutor vs a loop',
    published: 'about 13× faster with threads',
    params: {
      workload: 'fetch',
      strategies: ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'fetch-multiport', 'fetch-same-url'],
      tasks: 1000,
      latency: 10,
      jitter: 0,
      concurrency: 32,
      bytes: 256,
    },
    compare: ['fetch-sequential', 'fetch-multiport'],
  },
  {
    id: 'fifty-pages',
    title: '50 pages fetch + parse',
    source: 'seed 003 — fetch and BeautifulSoup-parse 50 pages, loop vs ThreadPoolExecutor.map',
    published: '69.4 s in a loop vs 19.5 s pooled (3.6× faster)',
    params: { workload: 'pipeline', strategies: [], tasks: 50, latency: 300, jitter: 30, concurrency: 6, bytes: 300000 },
    compare: ['pipeline-sequential', 'pipeline-overlapped'],
  },
  {
    id: 'pool-map-squares',
    title: 'Pool.map squares',
    source: 'seed 001 — multiprocessing.Pool().map(square, [1, 2, 3, 4, 5])',
    published: 'prints [1, 4, 9, 16, 25]; no timing (the work is far smaller than a pool’s overhead)',
    params: {
      workload: 'cpu',
      kernel: 'squares',
      strategies: ['cpu-sequential', 'cpu-rayon', 'cpu-worker-per-task'],
      tasks: 5,
      work: 1,
    },
    compare: ['cpu-sequential', 'cpu-rayon'],
  },
  {
    id: 'repos-per-user',
    title: 'Repos per user: threads, processes, asyncio',
    source: 'seed 004 — list GitHub repos for several users with threading, multiprocessing and asyncio',
    published: 'no timings; all three overlap the waits a loop spends idle',
    params: {
      workload: 'fetch',
      strategies: ['fetch-sequential', 'fetch-bounded', 'fetch-concurrent', 'fetch-map', 'fetch-as-completed'],
      tasks: 8,
      latency: 400,
      jitter: 40,
      concurrency: 4,
      bytes: 4000,
    },
    compare: ['fetch-sequential', 'fetch-concurrent'],
  },
  {
    id: 'race-condition',
    title: 'Race condition',
    source: 'seed 004 — several workers updating one shared resource',
    published: 'no figure; “inconsistencies or unexpected changes” without synchronisation',
    params: { workload: 'race', strategies: [], tasks: 4, work: 3000 },
  },
  {
    id: 'browser-limit',
    title: '24 requests: the 6-per-host limit',
    source: 'not in the seeds: why asyncio.gather of 24 calls is not 24× faster in a browser',
    published: 'Chromium keeps at most 6 HTTP/1.1 connections per host:port',
    params: {
      workload: 'fetch',
      strategies: ['fetch-sequential', 'fetch-concurrent', 'fetch-multiport'],
      tasks: 24,
      latency: 500,
      jitter: 0,
    },
    compare: ['fetch-concurrent', 'fetch-multiport'],
  },
  {
    id: 'uneven-work',
    title: 'Uneven work: static chunks vs stealing',
    source: 'not in the seeds: Pool.map with a chunksize on Mandelbrot rows',
    published: 'static chunks leave workers idle when chunks differ in cost',
    params: {
      workload: 'cpu',
      kernel: 'mandelbrot',
      strategies: ['cpu-sequential', 'cpu-rayon', 'cpu-static-chunks', 'cpu-queue'],
      tasks: 64,
      work: 5000,
    },
    compare: ['cpu-static-chunks', 'cpu-rayon'],
  },
];

/** @param {string | null | undefined} id */
export const presetById = (id) => PRESETS.find((p) => p.id === id);

/**
 * The sentence that puts our result beside the seed's.
 * @param {Preset} preset
 * @param {{ strategy: string, wallMs: number, detail?: any }[]} results
 */
export function ourFigure(preset, results) {
  const ms = (/** @type {string} */ id) => results.find((r) => r.strategy === id)?.wallMs;
  const fmt = (/** @type {number} */ v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
  if (preset.id === 'race-condition') {
    return results
      .map((r) => `${r.strategy}: ${r.detail?.actual ?? '?'} of ${r.detail?.expected ?? '?'} (lost ${r.detail?.lost ?? '?'})`)
      .join('; ');
  }
  const parts = results.map((r) => `${r.strategy} ${fmt(r.wallMs)}`);
  if (preset.compare) {
    const [a, b] = preset.compare.map(ms);
    if (a && b) parts.push(`${preset.compare[1]} is ${(a / b).toFixed(1)}× faster than ${preset.compare[0]}`);
  }
  const squares = results.find((r) => r.detail?.values)?.detail.values;
  if (squares) parts.unshift(`values [${squares.join(', ')}]`);
  return parts.join('; ');
}
