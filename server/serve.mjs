// The playground's server: the page and its wasm with the cross-origin isolation headers that
// SharedArrayBuffer (and so the thread pool) needs, plus the mock API.
//
//   PORT=8787 HOST=127.0.0.1 node server/serve.mjs
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { LIMITS, createApi, limitConcurrent, sendError } from './mock-api.mjs';
import SPEC from '../www/spec.json' with { type: 'json' };
import { startQueueForServer, INFO_PATH } from './queue/service.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_PORT = 8787;

/** Sent with every response: without both, `crossOriginIsolated` is false and there is no
 * SharedArrayBuffer, so no shared wasm memory and no pool. */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
});

/** How many extra ports serve the mock API, for `fetch-multiport`. */
export const MIRRORS = 5;

/** Pending connections the kernel may queue per port (somaxconn is 4096 here; Node's default
 * of 511 would refuse part of a burst of 2,000 connects before the server sees them). */
export const BACKLOG = 4096;

/**
 * Open connections per port before Node refuses new ones outright: a hard stop a bit above the
 * request cap, so requests just over the cap still get a readable 503 rather than a reset.
 * @param {number} maxConcurrent
 */
export function connectionCap(maxConcurrent) {
  return maxConcurrent + 256;
}

/**
 * Whether `host` only accepts connections from this machine: 127.0.0.0/8, ::1 (also written
 * out or IPv4-mapped) or localhost. Anything else (0.0.0.0, ::, a LAN address, a name) may
 * be reachable from the network.
 * @param {string} host
 */
export function isLoopback(host) {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (!net.isIPv6(bare)) return false;
  // The URL parser writes IPv6 in its shortest form: 0:0:0:0:0:0:0:1 becomes ::1, and
  // ::ffff:127.0.0.1 becomes ::ffff:7fxx:xxxx.
  const short = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return short === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(short);
}

/**
 * The mock API under `s0.localhost`, `s1.localhost`, ... on the port the page was loaded from,
 * for `fetch-sharded`: Chromium resolves every `*.localhost` name to loopback itself and keeps
 * its 6-connection limit per host name, so each name is another 6 on the wire. Offered only to
 * a page loaded from a loopback name, since `*.localhost` always means the browser's own
 * machine: for a page loaded from another address they would miss this server.
 * @param {string | undefined} hostHeader the request's Host header
 * @returns {string[]}
 */
export function shardBases(hostHeader) {
  let url;
  try {
    url = new URL(`http://${hostHeader ?? ''}/`);
  } catch {
    return [];
  }
  const name = url.hostname.toLowerCase();
  if (!isLoopback(name) && !name.endsWith('.localhost')) return [];
  const port = url.port ? `:${url.port}` : '';
  return Array.from({ length: SPEC.constants.maxShards }, (_, i) => `http://s${i}.localhost${port}/api/delay`);
}

/**
 * The warning printed when HOST is not loopback, or null when it is.
 * @param {string} host
 * @returns {string | null}
 */
export function exposureWarning(host) {
  if (isLoopback(host)) return null;
  return (
    `Warning: HOST=${host || '(empty)'} is not a loopback address, so this server is reachable from ` +
    'the network. Anyone who can reach it can use its mock API to make it wait and send data ' +
    `(up to ${LIMITS.maxConcurrent} requests at once per port, on ${MIRRORS + 1} ports). ` +
    'Use HOST=127.0.0.1 unless you mean to share it.'
  );
}

/**
 * Whether this request is for the page itself with `?isolation=off`: that one response goes
 * without COOP/COEP, so `crossOriginIsolated` is false and the page shows its fallback.
 * @param {URL} url
 */
export function isolationOff(url) {
  return (url.pathname === '/' || url.pathname === '/index.html') && url.searchParams.get('isolation') === 'off';
}

/**
 * @typedef {object} ServerOptions
 * @property {number} [maxConcurrent] requests in progress per port before 503 (tests lower it)
 * @property {number} [hangMs] how long `fault=hang` holds a connection (tests shorten it)
 */

/** Where index.html loads Chart.js from (a relative path in the repository, so plain static
 * hosting of a checkout finds it too), and the task-queue panel the QR code generator. */
const VENDORED = ['/node_modules/chart.js/dist/', '/node_modules/qrcode-generator/dist/'];

/**
 * Builds the request handler.
 * @param {string} root the repository root (index.html, www/, node_modules/)
 * @param {() => string[]} mirrors base URLs of the mock API on the other ports
 * @param {ServerOptions} [options]
 */
export function createHandler(root = ROOT, mirrors = () => [], { maxConcurrent = LIMITS.maxConcurrent, hangMs } = {}) {
  // Only these folders are served; everything else (src/, Cargo.toml, ...) is a 404.
  const options = { dev: true, dotfiles: false, etag: true };
  const www = sirv(path.join(root, 'www'), options);
  const vendored = VENDORED.map((at) => ({ at, serve: sirv(path.join(root, at), options) }));
  const indexHtml = path.join(root, 'index.html');
  const api = createApi({ hangMs });
  const routed = limitConcurrent(route, maxConcurrent);

  /** @type {http.RequestListener} */
  return (req, res) => {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
      sendError(res, 400, 'malformed request URL');
      return;
    }
    if (!isolationOff(url)) {
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    }
    // Headers first, so a 503 from the cap carries them too.
    routed(req, res);
  };

  /** @type {http.RequestListener} */
  function route(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const notFound = () => sendError(res, 404, `no such path: ${url.pathname}`);
    if (url.pathname === '/api/mirrors') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ mirrors: mirrors(), shards: shardBases(req.headers.host) }));
      return;
    }
    if (url.pathname === INFO_PATH) return noQueue(res);
    if (url.pathname.startsWith('/api/')) return api(req, res);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      fs.readFile(indexHtml, (err, html) => {
        if (err) return sendError(res, 500, `index.html could not be read: ${err.code}`);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(html);
      });
      return;
    }
    if (url.pathname.startsWith('/www/')) {
      req.url = (req.url ?? '/').slice('/www'.length);
      return www(req, res, notFound);
    }
    // Only the vendored dist folders out of node_modules, at the paths they have in the repository.
    const lib = vendored.find((v) => url.pathname.startsWith(v.at));
    if (!lib) return notFound();
    req.url = (req.url ?? '/').slice(lib.at.length - 1);
    lib.serve(req, res, notFound);
  }
}

/**
 * @param {http.Server} server
 * @param {number} port
 * @param {string} host
 * @param {number} maxConcurrent
 * @returns {Promise<http.Server>}
 */
function listen(server, port, host, maxConcurrent) {
  server.maxConnections = connectionCap(maxConcurrent);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, BACKLOG, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Starts the server, plus the mock API alone on `mirrors` more (free) ports: Chromium keeps at
 * most 6 HTTP/1.1 connections per host:port, and `fetch-multiport` spreads requests over them.
 * Each port caps the requests in progress at `maxConcurrent` on its own.
 * Closing the returned server closes the mirrors too.
 * @param {{ port?: number, host?: string, root?: string, mirrors?: number } & ServerOptions} [options]
 * @returns {Promise<http.Server>}
 */
export async function startServer({
  port = DEFAULT_PORT,
  host = '127.0.0.1',
  root = ROOT,
  mirrors = MIRRORS,
  maxConcurrent = LIMITS.maxConcurrent,
  hangMs = LIMITS.hangMs,
} = {}) {
  const mirrorApi = () => limitConcurrent(createApi({ hangMs }), maxConcurrent);
  const extra = await Promise.all(
    Array.from({ length: mirrors }, () => listen(http.createServer(mirrorApi()), 0, host, maxConcurrent)),
  );
  const shown = host.includes(':') ? `[${host}]` : host;
  const bases = extra.map((m) => `http://${shown}:${/** @type {import('node:net').AddressInfo} */ (m.address()).port}/api/delay`);
  const handler = createHandler(root, () => bases, { maxConcurrent, hangMs });
  const server = http.createServer(handler);
  server.on('close', () => {
    for (const m of extra) {
      m.closeAllConnections();
      m.close();
    }
  });
  try {
    await listen(server, port, host, maxConcurrent);
  } catch (err) {
    for (const m of extra) m.close();
    throw err;
  }
  if (host === '127.0.0.1') extra.push(...(await ipv6Twin(server, maxConcurrent)));
  return server;
}

/**
 * `/api/queue` while no queue is attached (a server started for a test or the bench): the page
 * then says why the queue strategies cannot run, with no failed request in its console.
 * @param {http.ServerResponse} res
 */
function noQueue(res) {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ available: false, reason: 'this server was started without the task queue' }));
}

/**
 * The same server on [::1] and the same port, still loopback only: Chromium resolves every
 * `*.localhost` name itself and tries ::1 first, so `fetch-sharded`'s hosts reach the server
 * without a failed connection each. None where this machine has no IPv6 loopback.
 * @param {http.Server} server
 * @param {number} maxConcurrent
 * @returns {Promise<http.Server[]>}
 */
async function ipv6Twin(server, maxConcurrent) {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  // Requests and upgrades (the queue's /queue socket, /api/queue) go through the main server's
  // listeners as they are when each arrives, so what is attached to it later answers here too.
  const twin = http.createServer((req, res) => server.emit('request', req, res));
  twin.on('upgrade', (req, socket, head) => server.emit('upgrade', req, socket, head));
  try {
    return [await listen(twin, port, '::1', maxConcurrent)];
  } catch {
    return [];
  }
}

async function main() {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  const warning = exposureWarning(host);
  if (warning) console.error(`\n${warning}\n`);
  // Both builds: www/pkg (threads) for isolated pages, www/pkg-single for the rest.
  const missing = ['pkg', 'pkg-single'].filter((d) => !fs.existsSync(path.join(ROOT, 'www', d, 'parallel_playground.js')));
  if (missing.length) {
    console.error(`www/${missing.join(' and www/')} missing: run \`npm start\` (or \`npm run build:wasm\`) first.`);
    process.exit(2);
  }
  try {
    const server = await startServer({ port, host });
    const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
    const shown = host.includes(':') ? `[${host}]` : host;
    console.log(`\nParallel playground: http://${shown}:${actual}/\n(Ctrl+C stops the server)`);
    await startQueueForServer(server, host, isLoopback);
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    if (e.code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use. Start with another one: PORT=8788 npm start`);
    } else {
      console.error(`The server did not start: ${e.message}`);
    }
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
