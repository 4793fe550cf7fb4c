// The mock API's injected faults (fault=error|hang|slow|drop) and cors=0: what the client sees,
// when, and that a client going away leaves no timer behind.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../../server/serve.mjs';
import { FAULTS, LIMITS, SLOW_PIECES, liveTimers } from '../../server/mock-api.mjs';

/** A short hang, so the give-up can be tested in well under a second. */
const HANG_MS = 400;
/** Each test's limit: a broken fault must fail the run, not hang it. */
const LIMIT = { timeout: 10_000 };

/** @type {import('node:http').Server} */
let server;
let base = '';

test.before(async () => {
  server = await startServer({ port: 0, mirrors: 0, hangMs: HANG_MS });
  base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
test.after(() => {
  server.closeAllConnections();
  server.close();
});

/**
 * @typedef {object} Seen
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {number} headersAt ms from the request to the status line and headers
 * @property {{ at: number, size: number }[]} chunks each piece of body as it arrived
 * @property {string} body
 * @property {number} endAt ms from the request to the end of the body
 */

/**
 * GETs `path` with node:http (not fetch) to see when the headers and each piece of body come.
 * Rejects with the socket error, its `at` set to when it happened, if there is no answer.
 * @param {string} path
 * @returns {Promise<Seen>}
 */
function get(path) {
  const started = performance.now();
  const since = () => performance.now() - started;
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { agent: false }, (res) => {
      const headersAt = since();
      /** @type {{ at: number, size: number }[]} */
      const chunks = [];
      /** @type {Buffer[]} */
      const parts = [];
      res.on('data', (chunk) => {
        chunks.push({ at: since(), size: chunk.length });
        parts.push(chunk);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, headersAt, chunks, body: Buffer.concat(parts).toString(), endAt: since() }),
      );
      res.on('error', reject);
    });
    req.on('error', (err) => reject(Object.assign(err, { at: since() })));
  });
}

/**
 * Waits until `check()` is true, failing after `ms`.
 * @param {() => boolean} check
 * @param {string} what
 * @param {number} [ms]
 */
async function until(check, what, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Starts a GET and returns it without waiting for an answer, so the test can abandon it.
 * @param {string} path
 */
function start(path) {
  const req = http.get(base + path, { agent: false });
  req.on('error', () => {}); // destroying it on purpose raises ECONNRESET here
  return req;
}

test('fault=error answers HTTP 500 with a JSON error after the delay, readable cross-origin', LIMIT, async () => {
  for (const path of ['/api/delay', '/api/page']) {
    const seen = await get(`${path}?ms=150&bytes=500&fault=error`);
    assert.equal(seen.status, 500, path);
    assert.deepEqual(JSON.parse(seen.body), { error: 'injected fault: HTTP 500' }, path);
    assert.ok(seen.headersAt >= 145, `${path}: answered after ${seen.headersAt} ms`);
    assert.equal(seen.headers['access-control-allow-origin'], '*', path);
    assert.equal(seen.headers['cross-origin-resource-policy'], 'cross-origin', path);
    assert.equal(seen.headers['timing-allow-origin'], '*', path);
  }
});

test('fault=drop closes the connection after the delay without any answer', LIMIT, async () => {
  for (const path of ['/api/delay', '/api/page']) {
    const err = await get(`${path}?ms=150&fault=drop`).then(
      (seen) => assert.fail(`${path}: got HTTP ${seen.status}`),
      (/** @type {any} */ e) => e,
    );
    assert.equal(err.code, 'ECONNRESET', path);
    assert.ok(err.at >= 145, `${path}: dropped after ${err.at} ms`);
  }
});

test('fault=hang never answers and gives up by closing the socket after hangMs', LIMIT, async () => {
  for (const path of ['/api/delay', '/api/page']) {
    // ms is ignored: the hang counts from the request's arrival.
    const err = await get(`${path}?ms=0&fault=hang`).then(
      (seen) => assert.fail(`${path}: got HTTP ${seen.status}`),
      (/** @type {any} */ e) => e,
    );
    assert.equal(err.code, 'ECONNRESET', path);
    assert.ok(err.at >= HANG_MS - 5 && err.at < HANG_MS + 1000, `${path}: gave up after ${err.at} ms`);
  }
  await until(() => liveTimers() === 0, 'no live timers after the hangs');
});

test('the default hang is a minute', LIMIT, () => {
  assert.equal(LIMITS.hangMs, 60_000);
});

test('a client leaving a hung request leaves no timer behind', LIMIT, async () => {
  // A server with the real one-minute hang: if its timer outlived the client, it would show.
  const real = await startServer({ port: 0, mirrors: 0 });
  const port = /** @type {import('node:net').AddressInfo} */ (real.address()).port;
  try {
    const reqs = Array.from({ length: 5 }, (_, i) => {
      const req = http.get(`http://127.0.0.1:${port}/api/delay?fault=hang&task=${i}`, { agent: false });
      req.on('error', () => {});
      return req;
    });
    await until(() => liveTimers() === 5, '5 hung requests on the server');
    for (const req of reqs) req.destroy();
    await until(() => liveTimers() === 0, 'the hang timers to be cleared');
    // With nothing pending, close() finishes at once rather than after the hang.
    const closing = performance.now();
    await new Promise((resolve) => real.close(resolve));
    assert.ok(performance.now() - closing < 1000, 'close() waited for a hung request');
  } finally {
    real.closeAllConnections();
    real.close();
  }
});

test('a client leaving during the delay leaves no timer behind', LIMIT, async () => {
  const req = start('/api/delay?ms=20000');
  await until(() => liveTimers() === 1, 'the delay timer');
  req.destroy();
  await until(() => liveTimers() === 0, 'the delay timer to be cleared');
});

test('fault=slow sends the headers after the delay, then the body in 8 even pieces over slowMs', LIMIT, async () => {
  for (const path of ['/api/delay', '/api/page']) {
    const seen = await get(`${path}?ms=100&bytes=4000&fault=slow&slowMs=800&task=7`);
    assert.equal(seen.status, 200, path);
    assert.ok(seen.headersAt >= 95 && seen.headersAt < 1000, `${path}: headers after ${seen.headersAt} ms`);
    assert.equal(seen.headers['content-length'], undefined, path);
    assert.equal(seen.headers['transfer-encoding'], 'chunked', path);
    assert.equal(seen.headers['access-control-allow-origin'], '*', path);
    assert.equal(seen.chunks.length, SLOW_PIECES, `${path}: pieces ${JSON.stringify(seen.chunks)}`);
    const took = seen.endAt - seen.headersAt;
    assert.ok(took >= 780 && took < 2000, `${path}: body took ${took} ms`);
    // Evenly: piece i arrives (i + 1) * slowMs / 8 after the headers; never early, and late only
    // by what a busy machine adds (the test files run in parallel).
    seen.chunks.forEach(({ at }, i) => {
      const late = at - seen.headersAt - ((i + 1) * 800) / SLOW_PIECES;
      assert.ok(late > -20 && late < 400, `${path}: piece ${i} ${Math.round(late)} ms late`);
    });
    assert.ok(Math.abs(seen.body.length - 4000) < 300, `${path}: body of ${seen.body.length} bytes`);
    if (path === '/api/delay') assert.equal(JSON.parse(seen.body).task, '7');
    else assert.match(seen.body, /^<!doctype html>.*<\/html>$/s);
  }
});

test('fault=slow defaults to 2 s and still has 8 pieces for a tiny body', LIMIT, async () => {
  const seen = await get('/api/delay?ms=0&bytes=0&fault=slow');
  assert.equal(seen.chunks.length, SLOW_PIECES);
  const took = seen.endAt - seen.headersAt;
  // Loose above: a busy machine delays timers, never hurries them.
  assert.ok(took >= 1980 && took < 6000, `body took ${took} ms`);
  assert.ok(JSON.parse(seen.body).padding === '');
});

test('fault=slow stops writing when the client goes away', LIMIT, async () => {
  const req = start('/api/delay?bytes=800&fault=slow&slowMs=20000');
  await new Promise((resolve) => req.once('response', resolve));
  // Headers are out; the first of the 8 pieces is due in 2.5 s.
  assert.equal(liveTimers(), 1);
  req.destroy();
  await until(() => liveTimers() === 0, 'the piece timers to be cleared');
});

test('fault=none and no fault answer as usual; unknown faults are a 400 naming the allowed ones', LIMIT, async () => {
  for (const query of ['', '&fault=none']) {
    const seen = await get(`/api/delay?bytes=300${query}`);
    assert.equal(seen.status, 200, query);
    assert.equal(seen.headers['content-length'], '300', query);
  }
  for (const fault of ['bogus', 'ERROR', '']) {
    const seen = await get(`/api/delay?fault=${fault}`);
    assert.equal(seen.status, 400, fault);
    const { error } = JSON.parse(seen.body);
    for (const allowed of FAULTS) assert.ok(error.includes(allowed), `"${error}" names ${allowed}`);
  }
});

test('slowMs is bounded like ms', LIMIT, async () => {
  for (const query of ['slowMs=-1', 'slowMs=abc', `slowMs=${LIMITS.maxMs + 1}`]) {
    const seen = await get(`/api/delay?fault=slow&${query}`);
    assert.equal(seen.status, 400, query);
    assert.match(JSON.parse(seen.body).error, /slowMs/, query);
  }
});

test('cors=0 withholds Access-Control-Allow-Origin and nothing else', LIMIT, async () => {
  for (const path of ['/api/delay?bytes=200&cors=0', '/api/page?bytes=200&cors=0', '/api/delay?fault=error&cors=0']) {
    const seen = await get(path);
    assert.ok(seen.status === 200 || seen.status === 500, path);
    assert.equal(seen.headers['access-control-allow-origin'], undefined, path);
    assert.equal(seen.headers['cross-origin-resource-policy'], 'cross-origin', path);
    assert.equal(seen.headers['timing-allow-origin'], '*', path);
  }
  assert.equal((await get('/api/delay?cors=1')).headers['access-control-allow-origin'], '*');
  const bad = await get('/api/delay?cors=no');
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error, /cors/);
});
