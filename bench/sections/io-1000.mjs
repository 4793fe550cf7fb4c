// Section `io-1000`: the seeds' 1000 API calls, concurrency against sequential, the ideal, a
// JavaScript Promise.all and the Python peers.
import { playground, baseline, python, hasStrategy, firstRun } from '../lib/contenders.mjs';
import { rounds, series, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { idealRow, equalRow } from '../lib/io-rows.mjs';
import { compare } from '../lib/report.mjs';
import { fmt, fmtRatio } from '../lib/stats.mjs';
import { say } from '../lib/log.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */
/** @typedef {import('../lib/measure.mjs').Samples} Samples */
/** @typedef {import('../lib/report.mjs').Row} Row */
/** @typedef {{ tasks: number, latency: number, k: number, ports: number, fast: string[], multiport: boolean }} Plan */

/** How many extra ports the server runs the mock API on (for fetch-multiport). */
async function mirrorCount(/** @type {Context} */ ctx) {
  const res = await fetch(`${ctx.origin}/api/mirrors`).catch(() => null);
  if (!res?.ok) return 0;
  const body = await res.json();
  return Array.isArray(body.mirrors) ? body.mirrors.length : 0;
}

/** Sequential once (it takes tasks x latency), the rest in interleaved rounds. */
async function measureThousand(/** @type {Context} */ ctx, /** @type {Plan} */ { tasks, latency, k, fast }) {
  const q = { tasks, latency, bytes: ctx.cfg.thousand.bytes };
  say(`I/O ${tasks} x ${latency} ms: fetch-sequential, once (~${fmt((tasks * latency) / 1000)} s)`);
  const sequential = (await playground(ctx, ['fetch-sequential'], { workload: 'fetch', ...q, concurrency: k }))['fetch-sequential'];
  const samples = await rounds(`I/O ${tasks} x ${latency} ms`, ctx.cfg.thousand, {
    page: () => playground(ctx, fast, { workload: 'fetch', ...q, concurrency: k }),
    js: async () => ({ 'js-all': await baseline(ctx, 'fetchAll', q) }),
    python: async () => {
      const base = { base: ctx.origin, ...q, repeats: 1, warmup: 0 };
      const threads = await python(ctx, 'io_threads.py', { ...base, workers: k });
      const aio = await python(ctx, 'io_asyncio.py', base);
      return { 'py-threads-k': firstRun(threads), 'py-asyncio': firstRun(aio) };
    },
  });
  samples.set('fetch-sequential', series([sequential.ms], sequential.checksum, sequential.idealMs));
  sameWork(samples, ['fetch-sequential', ...fast, 'js-all', 'py-threads-k', 'py-asyncio']);
  return samples;
}

/** Each strategy against its ideal. */
function idealRows(/** @type {Context} */ ctx, /** @type {Samples} */ samples, /** @type {Plan} */ { tasks, latency, k, ports, multiport }) {
  const scenario = `${tasks} x ${latency} ms`;
  const n = tasks;
  return [
    idealRow(ctx, samples, { id: 'io.1000.sequential', label: `fetch-sequential, ${scenario} (one run)`, key: 'fetch-sequential', n, k: 1, latency }),
    idealRow(ctx, samples, { id: 'io.1000.concurrent', label: `fetch-concurrent, ${scenario}`, key: 'fetch-concurrent', n, k: tasks, latency }),
    idealRow(ctx, samples, { id: 'io.1000.bounded', label: `fetch-bounded (k = ${k}), ${scenario}`, key: 'fetch-bounded', n, k, latency }),
    ...(multiport
      ? [idealRow(ctx, samples, { id: 'io.1000.multiport', label: `fetch-multiport (${ports} ports), ${scenario}`, key: 'fetch-multiport', n, k: tasks, latency, ports })]
      : []),
  ];
}

/** The speed-up over sequential, over one port and (if the page has it) several. */
function speedupRows(/** @type {Context} */ ctx, /** @type {Samples} */ samples, /** @type {Plan} */ { tasks, ports, multiport }) {
  const perHost = ctx.spec.constants.connectionsPerHost;
  const row = (/** @type {string} */ id, /** @type {string} */ key, /** @type {number} */ p, /** @type {string} */ what) =>
    compare({
      id,
      section: 'I/O',
      label: `${tasks} requests: ${what} vs fetch-sequential`,
      ours: { label: key, stat: stat(samples, key) },
      peer: { label: 'fetch-sequential', stat: stat(samples, 'fetch-sequential') },
      target: { text: '≥ 30x faster', minSpeedup: 30 },
      why: (/** @type {Row} */ r) => {
        const connections = perHost * p;
        const needed = Math.ceil(tasks / connections);
        return (
          `Chromium keeps at most ${perHost} HTTP/1.1 connections per host:port${p > 1 ? `, ${connections} over ${p} ports` : ''}: ` +
          `${tasks} requests need ceil(${tasks}/${connections}) = ${needed} rounds, so no code in this page can beat ` +
          `${fmtRatio(tasks / needed)}x over sequential (measured ${r.ratioText}).`
        );
      },
    });
  return [
    row('io.1000.speedup', 'fetch-concurrent', 1, 'fetch-concurrent'),
    ...(multiport ? [row('io.1000.speedup-multiport', 'fetch-multiport', ports, `fetch-multiport (${ports} ports)`)] : []),
  ];
}

/** Against the JavaScript and Python peers; asyncio meets the faster of our two. */
function peerRows(/** @type {Context} */ ctx, /** @type {Samples} */ samples, /** @type {Plan} */ { tasks, latency, k, ports, multiport }) {
  const perHost = ctx.spec.constants.connectionsPerHost;
  const scenario = `${tasks} x ${latency} ms`;
  const best = multiport && stat(samples, 'fetch-multiport').median < stat(samples, 'fetch-concurrent').median ? 'fetch-multiport' : 'fetch-concurrent';
  const asyncio = equalRow(samples, {
    id: 'io.1000.vs-py-asyncio',
    label: `${best} vs Python asyncio.gather + aiohttp (its default limit of 100 connections), ${scenario}`,
    ours: best,
    peer: 'py-asyncio',
    peerLabel: 'asyncio + aiohttp',
    why:
      `not the same concurrency: aiohttp opens up to 100 connections to one host, the browser ` +
      `${perHost}${best === 'fetch-multiport' ? ` per port (${perHost * ports} over ${ports} ports)` : ''}; ` +
      `at equal concurrency (the ThreadPoolExecutor row) the page keeps up.`,
  });
  return [
    equalRow(samples, { id: 'io.1000.vs-js-all', label: `fetch-concurrent vs JavaScript Promise.all, ${scenario}`, ours: 'fetch-concurrent', peer: 'js-all', peerLabel: 'Promise.all' }),
    equalRow(samples, { id: 'io.1000.vs-py-threads', label: `fetch-bounded vs Python ThreadPoolExecutor(max_workers=${k}), ${scenario}`, ours: 'fetch-bounded', peer: 'py-threads-k', peerLabel: `threads (${k})` }),
    asyncio,
  ];
}

/** @param {Context} ctx */
export async function measure(ctx) {
  const { tasks, latency, concurrency: k } = ctx.cfg.thousand;
  const multiport = hasStrategy(ctx, 'fetch-multiport');
  const ports = multiport ? 1 + (await mirrorCount(ctx)) : 1;
  const fast = ['fetch-concurrent', 'fetch-bounded', ...(multiport ? ['fetch-multiport'] : [])];
  /** @type {Plan} */
  const plan = { tasks, latency, k, ports, fast, multiport };
  const samples = await measureThousand(ctx, plan);
  ctx.raw.thousand = rawSamples(samples);
  ctx.rows.push(...idealRows(ctx, samples, plan), ...speedupRows(ctx, samples, plan), ...peerRows(ctx, samples, plan));
}
