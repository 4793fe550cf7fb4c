// The plain-JavaScript peers the benchmark (bench/run.mjs) measures the playground against,
// on the same page server, kernel and mock API:
//   - cpuPool: a pool of Web Workers running kernel.js, each taking the next task index when it
//     is free (the JavaScript answer to rayon's par_iter / multiprocessing.Pool.map);
//   - fetchAll: Promise.all over fetch(), every request started at once;
//   - fetchPool: k async loops pulling the next index, at most k requests in flight.
// Every request has a distinct URL and cache: 'no-store', as the playground's Rust does, because
// Chromium serialises identical concurrent GETs through its HTTP cache lock.
// They live under www/ rather than bench/peers/ because the server serves only www/, and they
// fetch the mock API from the same origin as the playground does.

/** A pool of `size` module workers, started once and kept (like the playground's rayon pool). */
class WorkerPool {
  /** @param {number} size */
  constructor(size) {
    this.workers = Array.from(
      { length: size },
      () => new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' }),
    );
  }

  /**
   * Runs tasks 0..tasks-1, each worker pulling the next index as soon as it answers.
   * @param {'primes' | 'squares'} kernel
   * @param {number} tasks
   * @param {number} work blocks of 1000 numbers per task (primes)
   * @returns {Promise<{ wallMs: number, checksum: number, lanesUsed: number }>}
   */
  run(kernel, tasks, work) {
    const started = performance.now();
    let next = 0;
    let done = 0;
    let checksum = 0;
    const lanes = new Set();
    return new Promise((resolve, reject) => {
      const feed = (/** @type {Worker} */ worker) => {
        if (next < tasks) worker.postMessage({ kernel, task: next++, tasks, work });
      };
      this.workers.forEach((worker, lane) => {
        worker.onerror = (e) => reject(new Error(`pool worker failed: ${e.message}`));
        worker.onmessage = ({ data }) => {
          checksum += data.value;
          lanes.add(lane);
          done += 1;
          if (done === tasks) resolve({ wallMs: performance.now() - started, checksum, lanesUsed: lanes.size });
          else feed(worker);
        };
      });
      this.workers.forEach(feed);
    });
  }

  close() {
    for (const w of this.workers) w.terminate();
  }
}

/** @type {Map<number, WorkerPool>} */
const pools = new Map();
let nonce = 0;

/**
 * A CPU kernel on a pool of `threads` workers. The pool is created on first use and kept, so
 * a warm-up run pays for worker start-up and JIT, and timed runs measure the work.
 * @param {{ kernel?: 'primes' | 'squares', tasks: number, work: number, threads: number }} options
 */
async function cpuPool({ kernel = 'primes', tasks, work, threads }) {
  if (!pools.has(threads)) pools.set(threads, new WorkerPool(threads));
  return /** @type {WorkerPool} */ (pools.get(threads)).run(kernel, tasks, work);
}

/** @param {{ latency: number, bytes: number, run: number, hosts?: number }} options */
const urlFor = ({ latency, bytes, run, hosts = 0 }) => (/** @type {number} */ i) =>
  `${hosts ? `http://s${i % hosts}.localhost:${location.port}` : ''}/api/delay?ms=${latency}&bytes=${bytes}&task=${i}&run=js-${run}`;

/** One GET with the whole body read; resolves to its size (the checksum is the sum). */
async function fetchOne(/** @type {string} */ url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return (await response.arrayBuffer()).byteLength;
}

/**
 * `await Promise.all(urls.map(fetch))`: every request started at once; with `hosts`, spread
 * over that many host names of this server (s0.localhost, ...) as fetch-sharded spreads them.
 * @param {{ tasks: number, latency: number, bytes: number, hosts?: number }} options
 */
async function fetchAll({ tasks, latency, bytes, hosts }) {
  const url = urlFor({ latency, bytes, run: nonce++, hosts });
  const started = performance.now();
  const sizes = await Promise.all(Array.from({ length: tasks }, (_, i) => fetchOne(url(i))));
  return { wallMs: performance.now() - started, checksum: sizes.reduce((a, b) => a + b, 0) };
}

/**
 * At most `concurrency` requests in flight: that many async loops share one task counter.
 * @param {{ tasks: number, latency: number, bytes: number, concurrency: number }} options
 */
async function fetchPool({ tasks, latency, bytes, concurrency }) {
  const url = urlFor({ latency, bytes, run: nonce++ });
  let next = 0;
  let checksum = 0;
  const lane = async () => {
    while (next < tasks) {
      // Not `checksum += await ...`: that reads checksum before the await and loses the other
      // lanes' additions made meanwhile.
      const size = await fetchOne(url(next++));
      checksum += size;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks) }, lane));
  return { wallMs: performance.now() - started, checksum };
}

/** The peers, for the benchmark to call through Playwright. */
export const baseline = { cpuPool, fetchAll, fetchPool, hardwareConcurrency: navigator.hardwareConcurrency };
window.baseline = baseline;
