// The plain-JavaScript fetch peers, one copy for both places the bench runs them: the peers'
// page's main thread (baseline.js) and a module Web Worker on that page (fetch-peer-worker.js),
// the kind of thread our strategies run on. Only globals both have: fetch, location, performance.
//   - fetchAll: Promise.all over fetch(), every request started at once;
//   - fetchPool: k async loops pulling the next index, at most k requests in flight.
// Every request has a distinct URL and cache: 'no-store', as the playground's Rust does, because
// Chromium serialises identical concurrent GETs through its HTTP cache lock.

// Main thread and Worker each count their own runs; the realm tag keeps their URLs apart.
const realm = 'document' in globalThis ? 'main' : 'worker';
let nonce = 0;

/** @param {{ latency: number, bytes: number, run: number, hosts?: number }} options */
const urlFor = ({ latency, bytes, run, hosts = 0 }) => (/** @type {number} */ i) =>
  `${hosts ? `http://s${i % hosts}.localhost:${location.port}` : ''}/api/delay?ms=${latency}&bytes=${bytes}&task=${i}&run=js-${realm}-${run}`;

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
 * @returns {Promise<{ wallMs: number, checksum: number }>}
 */
export async function fetchAll({ tasks, latency, bytes, hosts }) {
  const url = urlFor({ latency, bytes, run: nonce++, hosts });
  const started = performance.now();
  const sizes = await Promise.all(Array.from({ length: tasks }, (_, i) => fetchOne(url(i))));
  return { wallMs: performance.now() - started, checksum: sizes.reduce((a, b) => a + b, 0) };
}

/**
 * At most `concurrency` requests in flight: that many async loops share one task counter.
 * @param {{ tasks: number, latency: number, bytes: number, concurrency: number }} options
 * @returns {Promise<{ wallMs: number, checksum: number }>}
 */
export async function fetchPool({ tasks, latency, bytes, concurrency }) {
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

/** The fetch peers by name, as the bench and the peer worker call them. */
export const FETCH_PEERS = { fetchAll, fetchPool };

/** @typedef {keyof typeof FETCH_PEERS} FetchPeer */
/** @typedef {{ id: number, fn: FetchPeer, options: any }} PeerCall  a call posted to the peer worker */
/** @typedef {{ id: number, result?: { wallMs: number, checksum: number }, error?: string }} PeerAnswer */
