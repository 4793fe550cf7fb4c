// The server under a burst: 2,000 requests at once on loopback all answered, and the cap on
// requests in progress answering 503 (main port and mirrors) instead of piling up.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { startServer, connectionCap, BACKLOG } from '../../server/serve.mjs';
import { LIMITS } from '../../server/mock-api.mjs';

const BURST = 2000;
/** Loose: on a 2-core machine the burst takes about a second; the delay alone is 0.3 s. */
const BURST_BOUND_MS = 20_000;

/**
 * GETs a URL on its own connection and reads the whole answer.
 * @param {string} url
 * @param {http.Agent} agent
 * @returns {Promise<{ status: number, body: string }>}
 */
function get(url, agent) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        /** @type {Buffer[]} */
        const parts = [];
        res.on('data', (chunk) => parts.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** @param {import('node:http').Server} server */
const portOf = (server) => /** @type {import('node:net').AddressInfo} */ (server.address()).port;

/** @param {import('node:http').Server} server */
function stop(server) {
  server.closeAllConnections();
  server.close();
}

test(`${BURST} concurrent requests on loopback all get 200 with their body`, { timeout: 60_000 }, async (t) => {
  const server = await startServer({ port: 0, mirrors: 0 });
  // No pooling limit: every request opens its own connection at once, as a burst of clients would.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const base = `http://127.0.0.1:${portOf(server)}/api/delay?ms=300&bytes=100`;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => get(`${base}&task=${i}`, agent)));
    const took = performance.now() - started;
    t.diagnostic(`${BURST} requests of 300 ms took ${Math.round(took)} ms in all`);
    answers.forEach(({ status, body }, i) => {
      assert.equal(status, 200, `request ${i}: ${body}`);
      assert.equal(body.length, 100, `request ${i}`);
      const parsed = JSON.parse(body);
      assert.equal(parsed.task, String(i));
      assert.equal(parsed.ms, 300);
    });
    assert.ok(took >= 295, `${took} ms is less than the delay`);
    assert.ok(took < BURST_BOUND_MS, `the burst took ${took} ms`);
  } finally {
    agent.destroy();
    stop(server);
  }
});

test('over maxConcurrent requests in progress get 503 at once, on the main port and on mirrors', { timeout: 10_000 }, async () => {
  const max = 10;
  const server = await startServer({ port: 0, mirrors: 1, maxConcurrent: max });
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const main = `http://127.0.0.1:${portOf(server)}/api/delay`;
    const { mirrors } = JSON.parse((await get(`http://127.0.0.1:${portOf(server)}/api/mirrors`, agent)).body);
    for (const base of [main, mirrors[0]]) {
      const started = performance.now();
      /** @type {number[]} */
      const busyAt = [];
      const answers = await Promise.all(
        Array.from({ length: 3 * max }, (_, i) =>
          get(`${base}?ms=500&bytes=50&task=${i}`, agent).then((answer) => {
            if (answer.status === 503) busyAt.push(performance.now() - started);
            return answer;
          }),
        ),
      );
      const ok = answers.filter((a) => a.status === 200);
      const busy = answers.filter((a) => a.status === 503);
      assert.equal(ok.length, max, `${base}: ${ok.length} answered`);
      assert.equal(busy.length, 2 * max, `${base}: ${busy.length} refused`);
      for (const { body } of busy) {
        assert.deepEqual(JSON.parse(body), { error: `server busy: more than ${max} requests at once` });
      }
      // "At once": refusals do not wait for the requests in progress to finish.
      assert.ok(Math.max(...busyAt) < 400, `${base}: last 503 after ${Math.max(...busyAt)} ms`);
      // Once those are done, there is room again.
      assert.equal((await get(`${base}?ms=0`, agent)).status, 200, `${base}: after the burst`);
    }
  } finally {
    agent.destroy();
    stop(server);
  }
});

test('the main port keeps COOP/COEP and CORS on its 503', { timeout: 10_000 }, async () => {
  const server = await startServer({ port: 0, mirrors: 0, maxConcurrent: 1 });
  try {
    const base = `http://127.0.0.1:${portOf(server)}`;
    const first = fetch(`${base}/api/delay?ms=300`);
    const second = await fetch(`${base}/api/delay?ms=0&second`);
    assert.equal(second.status, 503);
    assert.equal(second.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.equal(second.headers.get('access-control-allow-origin'), '*');
    await second.arrayBuffer();
    assert.equal((await first).status, 200);
  } finally {
    stop(server);
  }
});

test('the default cap is 4096, with a connection hard stop above it and a matching backlog', async () => {
  assert.equal(LIMITS.maxConcurrent, 4096);
  assert.ok(connectionCap(LIMITS.maxConcurrent) > LIMITS.maxConcurrent);
  const server = await startServer({ port: 0, mirrors: 0 });
  try {
    assert.equal(server.maxConnections, connectionCap(LIMITS.maxConcurrent));
    // The backlog a listening socket got is its Send-Q in `ss -ltn` (Linux only).
    let listing = '';
    try {
      listing = execFileSync('ss', ['-ltnH', `sport = :${portOf(server)}`], { encoding: 'utf8' });
    } catch {
      return; // no ss here: the backlog cannot be seen from Node
    }
    const sendQ = Number(listing.trim().split(/\s+/)[2]);
    // The kernel clamps the backlog to somaxconn, which may be lower elsewhere.
    assert.equal(sendQ, Math.min(BACKLOG, somaxconn()), listing);
  } finally {
    stop(server);
  }
});

/** The kernel's cap on listen backlogs, or Infinity where it cannot be read. */
function somaxconn() {
  try {
    return Number(fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
  } catch {
    return Infinity;
  }
}
