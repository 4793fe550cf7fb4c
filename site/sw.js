// The static build's service worker: what `npm start`'s server does, for a host that only
// serves files. (1) It adds COOP/COEP/CORP to the site's own responses, so the page is
// cross-origin isolated and gets its thread pool (the coi-serviceworker technique); (2) it
// answers the mock API (/api/delay, /api/page, /api/mirrors) inside the browser, with the rules
// the Node mock uses (server/mock-core.mjs). One worker does both: a scope has one worker.
// From here this path is the repository's; scripts/build-site.mjs points it at dist/'s copy.
import { LIMITS, SLOW_PIECES, crossOriginHeaders, readQuery, normalBody } from '../server/mock-core.mjs';

/** This script's global scope: a service worker's. */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

sw.addEventListener('install', () => sw.skipWaiting());
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

/** The path inside the site (its scope may be a sub-path such as /parallel-playground/). @param {URL} url */
function sitePath(url) {
  const scope = new URL(sw.registration.scope).pathname;
  return url.pathname.startsWith(scope) ? `/${url.pathname.slice(scope.length)}` : url.pathname;
}

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== sw.location.origin) return;
  const path = sitePath(url);
  if (path === '/api/mirrors') event.respondWith(json(200, { mirrors: [], inBrowser: true }));
  else if (path === '/api/delay' || path === '/api/page') event.respondWith(mock(event.request, path, url));
  else event.respondWith(isolated(event.request));
});

/** The site's own file, with the isolation headers added. @param {Request} request */
async function isolated(request) {
  const response = await fetch(request);
  if (response.status === 0 || response.type === 'opaque') return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** @param {number} status @param {unknown} body @param {Record<string, string>} [extra] */
function json(status, body, extra = crossOriginHeaders(true)) {
  const headers = { ...extra, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  return new Response(JSON.stringify(body), { status, headers });
}

/** Resolves after `ms`, or rejects when the page aborts the request. @param {number} ms @param {AbortSignal} signal */
function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * One mock API answer: the normal body after the delay, or the fault the query asks for.
 * @param {Request} request
 * @param {'/api/delay' | '/api/page'} path
 * @param {URL} url
 */
async function mock(request, path, url) {
  const read = readQuery(url.searchParams);
  if ('error' in read) return json(400, { error: read.error });
  const ask = read.request;
  const cross = crossOriginHeaders(ask.cors);
  const started = Date.now();
  if (ask.fault === 'hang') {
    // Never answers: only the page's timeout or Cancel (an abort) ends it, or the cap.
    await wait(LIMITS.hangMs, request.signal);
    return Response.error();
  }
  await wait(ask.delay, request.signal);
  if (ask.fault === 'drop') return Response.error();
  if (ask.fault === 'error') return json(500, { error: 'injected fault: HTTP 500' }, cross);
  const { type, body } = normalBody(path, ask, url.searchParams, Date.now() - started);
  const headers = { ...cross, 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (ask.fault !== 'slow') return new Response(body, { status: 200, headers });
  return new Response(dribble(new TextEncoder().encode(body), ask.slowMs), { status: 200, headers });
}

/** The body in SLOW_PIECES pieces spread over `slowMs`. @param {Uint8Array} bytes @param {number} slowMs */
function dribble(bytes, slowMs) {
  const cut = (/** @type {number} */ i) => Math.round((bytes.length * i) / SLOW_PIECES);
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, slowMs / SLOW_PIECES));
      controller.enqueue(bytes.subarray(cut(i), cut(i + 1)));
      if (++i === SLOW_PIECES) controller.close();
    },
  });
}
