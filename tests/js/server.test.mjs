// The server: isolation headers on every response, the mock API's contract and caps, and that
// nothing outside the served folders can be read.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ISOLATION_HEADERS } from '../../scripts/serve.mjs';
import { LIMITS, paddedJson } from '../../scripts/mock-api.mjs';

/** @type {import('node:http').Server} */
let server;
let base = '';

test.before(async () => {
  server = await startServer({ port: 0 });
  base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
test.after(() => {
  server.closeAllConnections();
  server.close();
});

test('every response carries COOP and COEP, errors included', async () => {
  for (const path of ['/', '/www/main.js', '/api/delay', '/nope', '/api/delay?ms=x']) {
    const res = await fetch(base + path);
    await res.arrayBuffer();
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
      assert.equal(res.headers.get(name), value, `${name} on ${path}`);
    }
  }
});

test('the mock API waits about ms and answers about bytes of JSON', async () => {
  const started = Date.now();
  const res = await fetch(`${base}/api/delay?ms=200&bytes=5000&task=3`);
  const text = await res.text();
  const took = Date.now() - started;
  assert.equal(res.status, 200);
  assert.ok(took >= 195, `waited ${took} ms`);
  assert.ok(Math.abs(text.length - 5000) < 10, `body of ${text.length} bytes`);
  const body = JSON.parse(text);
  assert.equal(body.task, '3');
  assert.equal(body.ms, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
  assert.equal(res.headers.get('cache-control'), 'no-store');
});

test('malformed or out-of-range parameters get HTTP 400 with a JSON error', async () => {
  const cases = ['ms=-1', 'ms=abc', 'ms=1.5', `ms=${LIMITS.maxMs + 1}`, `bytes=${LIMITS.maxBytes + 1}`, 'bytes=1e3', 'ms='];
  for (const query of cases) {
    const res = await fetch(`${base}/api/delay?${query}`);
    assert.equal(res.status, 400, query);
    const body = await res.json();
    assert.match(body.error, /ms|bytes/, query);
  }
});

test('the caps themselves are accepted', async () => {
  const res = await fetch(`${base}/api/delay?ms=0&bytes=${LIMITS.maxBytes}`);
  assert.equal(res.status, 200);
  assert.equal((await res.text()).length, LIMITS.maxBytes);
});

test('paths outside the served folders are 404, traversal included', async () => {
  for (const path of ['/Cargo.toml', '/src/lib.rs', '/www/../Cargo.toml', '/www/%2e%2e/Cargo.toml', '/www/..%2fCargo.toml', '/node_modules/sirv/package.json', '/api/other']) {
    const res = await fetch(base + path);
    assert.equal(res.status, 404, path);
    assert.ok((await res.json()).error);
  }
});

test('the page, its modules, the wasm package and Chart.js are served', async () => {
  for (const [path, type] of [
    ['/', 'text/html'],
    ['/www/main.js', 'javascript'],
    ['/www/params.json', 'application/json'],
    ['/www/favicon.svg', 'image/svg+xml'],
    ['/vendor/chart.js/chart.umd.min.js', 'javascript'],
  ]) {
    const res = await fetch(base + path);
    await res.arrayBuffer();
    assert.equal(res.status, 200, path);
    assert.ok((res.headers.get('content-type') ?? '').includes(type), path);
  }
});

test('paddedJson never returns less than its fields', () => {
  assert.equal(JSON.parse(paddedJson(0, { a: 1 })).a, 1);
  assert.equal(paddedJson(100, { a: 1 }).length, 100);
});
