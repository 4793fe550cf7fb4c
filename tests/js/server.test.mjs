// The server: isolation headers on every response, the mock API's contract and caps, and that
// nothing outside the served folders can be read.
import test from 'node:test';
import os from 'node:os';
import assert from 'node:assert/strict';
import { startServer, ISOLATION_HEADERS, isLoopback, exposureWarning } from '../../server/serve.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LIMITS, paddedJson } from '../../server/mock-api.mjs';

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

test('?isolation=off drops COOP and COEP from the page only', async () => {
  for (const path of ['/?isolation=off', '/index.html?isolation=off', '/?tasks=8&isolation=off']) {
    const res = await fetch(base + path);
    assert.equal(res.status, 200, path);
    assert.match(await res.text(), /<html/i, path);
    for (const name of Object.keys(ISOLATION_HEADERS)) assert.equal(res.headers.get(name), null, `${name} on ${path}`);
  }
  // Everything else keeps them: other values, other paths (modules, the worker, the API).
  for (const path of ['/?isolation=on', '/?isolation=OFF', '/www/main.js?isolation=off', '/api/delay?isolation=off', '/nope?isolation=off']) {
    const res = await fetch(base + path);
    await res.arrayBuffer();
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
      assert.equal(res.headers.get(name), value, `${name} on ${path}`);
    }
  }
});

test('isLoopback accepts 127.0.0.0/8, ::1 and localhost only', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
    assert.equal(isLoopback(host), true, host);
  }
  for (const host of ['0.0.0.0', '::', '', '192.168.1.10', '10.0.0.1', '128.0.0.1', '::2', '::ffff:10.0.0.1', 'example.com', '127.0.0.1.example.com', 'localhost.example.com', '1127.0.0.1']) {
    assert.equal(isLoopback(host), false, host);
  }
});

test('by default the server and its mirror ports listen on loopback only', async () => {
  // The suite's server was started with no host, as `npm start` does.
  assert.equal(/** @type {import('node:net').AddressInfo} */ (server.address()).address, '127.0.0.1');
  const { mirrors } = await (await fetch(`${base}/api/mirrors`)).json();
  assert.ok(mirrors.length > 0);
  for (const m of mirrors) assert.match(m, /^http:\/\/127\.0\.0\.1:\d+\/api\/delay$/);
});

test('the same port answers on [::1] too (still loopback), for the *.localhost shards', async () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const res = await fetch(`http://[::1]:${port}/api/delay?ms=0&bytes=16`);
  assert.equal(res.status, 200);
  // Nothing answers on this machine's other addresses.
  const others = Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal);
  for (const i of others) {
    const host = i.family === 'IPv6' ? `[${i.address}]` : i.address;
    await assert.rejects(fetch(`http://${host}:${port}/api/delay`, { signal: AbortSignal.timeout(2000) }), host);
  }
});

test('serve.mjs with no HOST prints a loopback URL and no warning', async () => {
  const script = fileURLToPath(new URL('../../server/serve.mjs', import.meta.url));
  const env = { ...process.env, PORT: '0' };
  delete env.HOST;
  const child = spawn(process.execPath, [script], { env });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout} ${stderr}`)), 10_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        if (/http:\/\/\S+\//.test(stdout)) {
          clearTimeout(timer);
          resolve(undefined);
        }
      });
      child.on('exit', () => reject(new Error(`exited: ${stderr}`)));
    });
  } finally {
    child.kill();
  }
  assert.match(stdout, /http:\/\/127\.0\.0\.1:\d+\//);
  assert.doesNotMatch(stderr, /Warning/);
});

test('a non-loopback HOST gets a warning naming the network and the mock API', () => {
  assert.equal(exposureWarning('127.0.0.1'), null);
  assert.equal(exposureWarning('::1'), null);
  for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
    const warning = exposureWarning(host) ?? '';
    assert.match(warning, /reachable from the network/, host);
    assert.match(warning, /mock API/, host);
    assert.ok(warning.includes(host), host);
  }
});

test('serve.mjs prints the warning to stderr when HOST is not loopback', () => {
  // 192.0.2.1 (TEST-NET-1) is not on this machine, so listening fails and nothing is exposed.
  const script = fileURLToPath(new URL('../../server/serve.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], {
    env: { ...process.env, HOST: '192.0.2.1', PORT: '0' },
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.match(run.stderr, /HOST=192\.0\.2\.1 is not a loopback address/);
  assert.notEqual(run.status, 0);
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
  for (const path of ['/Cargo.toml', '/src/lib.rs', '/www/../Cargo.toml', '/www/%2e%2e/Cargo.toml', '/www/..%2fCargo.toml', '/node_modules/sirv/package.json', '/node_modules/chart.js/package.json', '/node_modules/chart.js/dist/../package.json', '/api/other']) {
    const res = await fetch(base + path);
    assert.equal(res.status, 404, path);
    assert.ok((await res.json()).error);
  }
});

test('the page, its modules, the wasm package and Chart.js are served', async () => {
  for (const [path, type] of [
    ['/', 'text/html'],
    ['/www/main.js', 'javascript'],
    ['/www/spec.json', 'application/json'],
    ['/www/favicon.svg', 'image/svg+xml'],
    ['/node_modules/chart.js/dist/chart.umd.min.js', 'javascript'],
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
