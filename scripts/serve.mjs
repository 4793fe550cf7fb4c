// The playground's server: the page and its wasm with the cross-origin isolation headers that
// SharedArrayBuffer (and so the thread pool) needs, plus the mock API.
//
//   PORT=8787 HOST=127.0.0.1 node scripts/serve.mjs
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { apiOnly, sendError } from './mock-api.mjs';

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

/**
 * Builds the request handler.
 * @param {string} root the repository root (index.html, www/, node_modules/)
 * @param {() => string[]} mirrors base URLs of the mock API on the other ports
 */
export function createHandler(root = ROOT, mirrors = () => []) {
  // Only these folders are served; everything else (src/, Cargo.toml, ...) is a 404.
  const options = { dev: true, dotfiles: false, etag: true };
  const www = sirv(path.join(root, 'www'), options);
  const chart = sirv(path.join(root, 'node_modules', 'chart.js', 'dist'), options);
  const indexHtml = path.join(root, 'index.html');

  /** @type {http.RequestListener} */
  return (req, res) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, 400, 'malformed request URL');
      return;
    }
    const notFound = () => sendError(res, 404, `no such path: ${url.pathname}`);
    if (url.pathname === '/api/mirrors') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ mirrors: mirrors() }));
      return;
    }
    if (url.pathname.startsWith('/api/')) return apiOnly(req, res);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      fs.readFile(indexHtml, (err, html) => {
        if (err) return sendError(res, 500, `index.html could not be read: ${err.code}`);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(html);
      });
      return;
    }
    if (url.pathname.startsWith('/www/')) {
      req.url = req.url.slice('/www'.length);
      return www(req, res, notFound);
    }
    if (url.pathname.startsWith('/vendor/chart.js/')) {
      req.url = req.url.slice('/vendor/chart.js'.length);
      return chart(req, res, notFound);
    }
    notFound();
  };
}

/**
 * @param {http.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<http.Server>}
 */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Starts the server, plus the mock API alone on `mirrors` more (free) ports: Chromium keeps at
 * most 6 HTTP/1.1 connections per host:port, and `fetch-multiport` spreads requests over them.
 * Closing the returned server closes the mirrors too.
 * @param {{ port?: number, host?: string, root?: string, mirrors?: number }} [options]
 * @returns {Promise<http.Server>}
 */
export async function startServer({ port = DEFAULT_PORT, host = '127.0.0.1', root = ROOT, mirrors = MIRRORS } = {}) {
  const extra = await Promise.all(
    Array.from({ length: mirrors }, () => listen(http.createServer(apiOnly), 0, host)),
  );
  const shown = host.includes(':') ? `[${host}]` : host;
  const bases = extra.map((m) => `http://${shown}:${/** @type {import('node:net').AddressInfo} */ (m.address()).port}/api/delay`);
  const server = http.createServer(createHandler(root, () => bases));
  server.on('close', () => {
    for (const m of extra) {
      m.closeAllConnections();
      m.close();
    }
  });
  try {
    return await listen(server, port, host);
  } catch (err) {
    for (const m of extra) m.close();
    throw err;
  }
}

async function main() {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(ROOT, 'www', 'pkg', 'parallel_playground.js'))) {
    console.error('www/pkg is missing: run `npm start` (or `npm run build:wasm`) first.');
    process.exit(2);
  }
  try {
    const server = await startServer({ port, host });
    const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
    const shown = host.includes(':') ? `[${host}]` : host;
    console.log(`\nParallel playground: http://${shown}:${actual}/\n(Ctrl+C stops the server)`);
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
