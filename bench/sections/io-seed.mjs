// Section `io-seed`: seed 000's six 1 s endpoints, each fetch strategy against its ideal and
// against the JavaScript and Python peers.
import { playground, baseline, python, firstRun } from '../lib/contenders.mjs';
import { rounds, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { idealRow, equalRow } from '../lib/io-rows.mjs';
import { compare } from '../lib/report.mjs';
import { fmt } from '../lib/stats.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */

const KEYS = ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'js-all', 'js-pool', 'py-threads-all', 'py-threads-k', 'py-asyncio'];

/** Interleaved rounds of the page's three strategies, the JS peers and the Python peers. */
async function measureSeed(/** @type {Context} */ ctx) {
  const { tasks, latency, concurrency: k, bytes } = ctx.cfg.seed;
  const q = { tasks, latency, bytes };
  const samples = await rounds(`I/O ${tasks} x ${latency} ms`, ctx.cfg.seed, {
    page: () =>
      playground(ctx, ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded'], { workload: 'fetch', ...q, concurrency: k }),
    js: async () => ({
      'js-all': await baseline(ctx, 'fetchAll', q),
      'js-pool': await baseline(ctx, 'fetchPool', { ...q, concurrency: k }),
    }),
    python: async () => {
      const base = { base: ctx.origin, ...q, repeats: 1, warmup: 0 };
      const [all, bounded, aio] = [
        await python(ctx, 'io_threads.py', { ...base, workers: tasks }),
        await python(ctx, 'io_threads.py', { ...base, workers: k }),
        await python(ctx, 'io_asyncio.py', base),
      ];
      ctx.raw.seedPythonClients = { threads: all.client, asyncio: aio.client };
      return { 'py-threads-all': firstRun(all), 'py-threads-k': firstRun(bounded), 'py-asyncio': firstRun(aio) };
    },
  });
  sameWork(samples, KEYS);
  return samples;
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const { tasks, latency, concurrency: k } = ctx.cfg.seed;
  const samples = await measureSeed(ctx);
  ctx.raw.seed = rawSamples(samples);
  const side = (/** @type {string} */ key, label = key) => ({ label, stat: stat(samples, key) });
  const scenario = `${tasks} x ${latency} ms`;
  const vs = (/** @type {string} */ id, /** @type {string} */ label, /** @type {[string, string, string]} */ [ours, peer, peerLabel]) =>
    equalRow(samples, { id: `io.seed.${id}`, label: `${label}, ${scenario}`, ours, peer, peerLabel });
  ctx.rows.push(
    idealRow(ctx, samples, { id: 'io.seed.sequential', label: `fetch-sequential, ${scenario}`, key: 'fetch-sequential', n: tasks, k: 1, latency }),
    idealRow(ctx, samples, { id: 'io.seed.concurrent', label: `fetch-concurrent, ${scenario}`, key: 'fetch-concurrent', n: tasks, k: tasks, latency }),
    idealRow(ctx, samples, { id: 'io.seed.bounded', label: `fetch-bounded (k = ${k}), ${scenario}`, key: 'fetch-bounded', n: tasks, k, latency }),
    compare({
      id: 'io.seed.concurrent-limit',
      section: 'I/O',
      label: `seed 000: ${scenario} all at once (fetch-concurrent)`,
      ours: side('fetch-concurrent'),
      target: { text: `≤ ${fmt(1.05 * latency)} ms (1.05·L)`, maxValue: 1.05 * latency },
    }),
    vs('vs-js-all', 'fetch-concurrent vs JavaScript Promise.all', ['fetch-concurrent', 'js-all', 'Promise.all']),
    vs('vs-js-pool', `fetch-bounded vs a JavaScript pool of ${k} async loops`, ['fetch-bounded', 'js-pool', `JS pool (${k})`]),
    vs('vs-py-threads-all', `fetch-concurrent vs Python ThreadPoolExecutor(max_workers=${tasks})`, ['fetch-concurrent', 'py-threads-all', `threads (${tasks})`]),
    vs('vs-py-threads-k', `fetch-bounded vs Python ThreadPoolExecutor(max_workers=${k})`, ['fetch-bounded', 'py-threads-k', `threads (${k})`]),
    vs('vs-py-asyncio', 'fetch-concurrent vs Python asyncio.gather + aiohttp', ['fetch-concurrent', 'py-asyncio', 'asyncio + aiohttp']),
  );
}
