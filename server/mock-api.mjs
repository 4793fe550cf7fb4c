// The mock API behind the fetch workloads: GET /api/delay?ms=N&bytes=M answers with a JSON body
// of about M bytes after N ms. It stands in for the seeds' remote endpoints (a 1 s sleep per
// call), so runs are repeatable and need no network. `fault=` makes a request fail on purpose
// (error, hang, slow, drop) and `cors=0` withholds the CORS header, so the page can show how each
// strategy copes with failures it would meet on a real network.
import { readFileSync } from 'node:fs';

const SPEC = JSON.parse(readFileSync(new URL('../www/spec.json', import.meta.url), 'utf8'));

/** Documented caps (README, "Mock API"). */
export const LIMITS = Object.freeze({
  maxMs: 30_000,
  maxBytes: 1_048_576,
  // A hung request gives up (socket destroyed) after this long, so a forgotten tab or a client
  // without a timeout cannot hold a connection open for ever.
  hangMs: 60_000,
  // Requests in progress per port before new ones get 503 at once (startServer can lower it).
  maxConcurrent: 4096,
});

/** The values `fault=` accepts; `none` is the same as no `fault` at all. */
export const FAULTS = Object.freeze(['none', 'error', 'hang', 'slow', 'drop']);

/** `fault=slow`: how many pieces the body is written in, and over how long by default. */
export const SLOW_PIECES = 8;
export const DEFAULT_SLOW_MS = SPEC.constants.slowBodyMs;

/** Headers that let a page on another origin (another port) read the answer under COEP. */
export const CROSS_ORIGIN_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  // Lets the page read when each request was really sent (Resource Timing), mirrors included.
  'Timing-Allow-Origin': '*',
});

/**
 * Parses one non-negative integer query parameter.
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {number} fallback used when the parameter is absent
 * @param {number} max
 * @returns {{ value: number } | { error: string }}
 */
export function parseBounded(query, name, fallback, max) {
  const raw = query.get(name);
  if (raw === null) return { value: fallback };
  if (!/^\d{1,9}$/.test(raw)) {
    return { error: `${name} must be a whole number from 0 to ${max}, got "${raw.slice(0, 40)}"` };
  }
  const value = Number(raw);
  if (value > max) return { error: `${name} = ${value} is over the cap of ${max}` };
  return { value };
}

/**
 * A JSON document of about `bytes` bytes (never less than its fields need).
 * @param {number} bytes
 * @param {Record<string, unknown>} fields
 */
export function paddedJson(bytes, fields) {
  const bare = JSON.stringify({ ...fields, padding: '' });
  return JSON.stringify({ ...fields, padding: 'x'.repeat(Math.max(0, bytes - bare.length)) });
}

/**
 * The cross-origin headers, without Access-Control-Allow-Origin for `cors=0`: a page on another
 * origin then gets a CORS refusal (a TypeError in fetch), the way a misconfigured real API does.
 * @param {boolean} cors
 */
function crossOriginHeaders(cors) {
  if (cors) return CROSS_ORIGIN_HEADERS;
  const { 'Access-Control-Allow-Origin': _omitted, ...rest } = CROSS_ORIGIN_HEADERS;
  return rest;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string>} [headers] the cross-origin headers to send
 */
function sendJson(res, status, body, headers = CROSS_ORIGIN_HEADERS) {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Answers an error as JSON.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
export function sendError(res, status, message) {
  sendJson(res, status, JSON.stringify({ error: message }));
}

const WORDS = (
  'the a of to and in is that for it as was with be by on not he this are or his from at which ' +
  'but have an they you were her she there been one all we their has would when if so no will ' +
  'thread process pool worker queue future task result request response latency parallel ' +
  'concurrent sequential executor browser memory core rust python async await fetch page'
).split(' ');

/**
 * A deterministic, realistic HTML page of about `bytes` bytes for task `task`: head, navigation
 * links, an article of paragraphs and a table, a footer — what seed 003 fetched and parsed.
 * @param {number} bytes
 * @param {number} task
 */
export function htmlPage(bytes, task) {
  let seed = (task * 2654435761) >>> 0 || 1;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const word = () => WORDS[next() % WORDS.length];
  const sentence = (n) => Array.from({ length: n }, word).join(' ');
  const head =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${task}: ${sentence(4)}</title>` +
    '<link rel="stylesheet" href="/style.css"></head><body><nav>' +
    Array.from({ length: 8 }, (_, i) => `<a href="/section/${i}">${word()}</a>`).join(' ') +
    '</nav><main><article>';
  const tail = `</article></main><footer><a href="/about">about</a> <a href="/contact">contact</a></footer></body></html>`;
  const parts = [head];
  let size = head.length + tail.length;
  while (size < bytes) {
    const block =
      next() % 5 === 0
        ? `<table><tr><th>${word()}</th><td>${next() % 1000}</td></tr><tr><th>${word()}</th><td>${next() % 1000}</td></tr></table>`
        : `<p>${sentence(20 + (next() % 40))} <a href="/ref/${next() % 10000}">${word()}</a> ${sentence(10)}.</p>`;
    parts.push(block);
    size += block.length;
  }
  parts.push(tail);
  return parts.join('');
}

/**
 * Everything a /api/delay or /api/page request asks for.
 * @typedef {object} Request
 * @property {number} delay ms before the answer (or the fault) comes
 * @property {number} size about how many bytes of body
 * @property {string} fault one of FAULTS
 * @property {number} slowMs for `fault=slow`: how long the body takes after the headers
 * @property {boolean} cors false for `cors=0`
 */

/**
 * Reads `fault`: absent means `none`.
 * @param {URLSearchParams} query
 * @returns {{ value: string } | { error: string }}
 */
export function parseFault(query) {
  const raw = query.get('fault') ?? 'none';
  if (FAULTS.includes(raw)) return { value: raw };
  return { error: `fault must be one of ${FAULTS.join(', ')}, got "${raw.slice(0, 40)}"` };
}

/**
 * Reads `cors`: absent or 1 sends the CORS header, 0 withholds it.
 * @param {URLSearchParams} query
 * @returns {{ value: boolean } | { error: string }}
 */
function parseCors(query) {
  const raw = query.get('cors') ?? '1';
  if (raw === '1' || raw === '0') return { value: raw === '1' };
  return { error: `cors must be 0 or 1, got "${raw.slice(0, 40)}"` };
}

/**
 * Reads the query, answering 400 itself when any parameter is bad.
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @returns {Request | null}
 */
function readRequest(res, url) {
  const query = url.searchParams;
  const parsed = {
    delay: parseBounded(query, 'ms', 0, LIMITS.maxMs),
    size: parseBounded(query, 'bytes', 0, LIMITS.maxBytes),
    fault: parseFault(query),
    slowMs: parseBounded(query, 'slowMs', DEFAULT_SLOW_MS, LIMITS.maxMs),
    cors: parseCors(query),
  };
  for (const p of Object.values(parsed)) {
    if ('error' in p) {
      sendError(res, 400, p.error);
      return null;
    }
  }
  const value = (/** @type {{ value?: unknown }} */ p) => /** @type {any} */ (p.value);
  return {
    delay: value(parsed.delay),
    size: value(parsed.size),
    fault: value(parsed.fault),
    slowMs: value(parsed.slowMs),
    cors: value(parsed.cors),
  };
}

/** Timers waiting on a response (delays, hangs, slow pieces) that have neither fired nor been cleared. */
let pendingTimers = 0;

/**
 * How many of the mock API's timers are pending: 0 once every request has been answered or
 * abandoned, which is how the tests check that a client going away leaks nothing.
 */
export function liveTimers() {
  return pendingTimers;
}

/**
 * Runs `fn` after `ms`, unless the client has gone by then: a cancelled request must not leave
 * a timer behind (a hung one would otherwise hold memory, and the process, for a minute).
 * @param {import('node:http').ServerResponse} res
 * @param {number} ms
 * @param {() => void} fn
 */
function later(res, ms, fn) {
  if (res.destroyed) return;
  pendingTimers++;
  const settle = () => {
    pendingTimers--;
    res.off('close', cancel);
  };
  const cancel = () => {
    clearTimeout(timer);
    settle();
  };
  const timer = setTimeout(() => {
    settle();
    if (!res.destroyed) fn();
  }, ms);
  res.once('close', cancel);
}

/**
 * Sends status and headers at once, then the body in SLOW_PIECES pieces spread evenly over
 * `slowMs` (chunked: no Content-Length, so the client cannot know how long it will wait).
 * @param {import('node:http').ServerResponse} res
 * @param {Record<string, string>} headers
 * @param {string} body
 * @param {number} slowMs
 */
function dribble(res, headers, body, slowMs) {
  res.writeHead(200, headers);
  res.flushHeaders();
  const bytes = Buffer.from(body);
  const cut = (/** @type {number} */ i) => Math.round((bytes.length * i) / SLOW_PIECES);
  const started = Date.now();
  /** @param {number} i */
  const write = (i) => {
    res.write(bytes.subarray(cut(i), cut(i + 1)));
    if (i + 1 === SLOW_PIECES) return res.end();
    // Scheduled from the start rather than from the last write, so pieces do not drift late.
    later(res, Math.max(0, started + ((i + 2) * slowMs) / SLOW_PIECES - Date.now()), () => write(i + 1));
  };
  later(res, slowMs / SLOW_PIECES, () => write(0));
}

/**
 * Answers a parsed request: the normal answer after the delay, or the fault it asks for.
 * @param {import('node:http').ServerResponse} res
 * @param {Request} request
 * @param {string} type the body's Content-Type
 * @param {() => string} render builds the normal body (when the answer is due, for waitedMs)
 * @param {ApiOptions} options
 */
function answer(res, request, type, render, options) {
  const cross = crossOriginHeaders(request.cors);
  if (request.fault === 'hang') {
    // Never answer; after hangMs close the socket, as a proxy or load balancer would.
    later(res, options.hangMs, () => res.destroy());
    return;
  }
  later(res, request.delay, () => {
    if (request.fault === 'drop') return res.destroy();
    if (request.fault === 'error') {
      return sendJson(res, 500, JSON.stringify({ error: 'injected fault: HTTP 500' }), cross);
    }
    const headers = { ...cross, 'Content-Type': type, 'Cache-Control': 'no-store' };
    const body = render();
    if (request.fault === 'slow') return dribble(res, headers, body, request.slowMs);
    res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
}

/**
 * @typedef {object} ApiOptions
 * @property {number} hangMs how long `fault=hang` holds the connection (tests shorten it)
 */

/** @type {ApiOptions} */
const DEFAULT_OPTIONS = Object.freeze({ hangMs: LIMITS.hangMs });

/**
 * Handles GET /api/page: an HTML page of about `bytes` bytes after `ms` ms.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ApiOptions} [options]
 */
export function handlePage(req, res, url, options = DEFAULT_OPTIONS) {
  if (!allowGet(req, res)) return;
  const request = readRequest(res, url);
  if (!request) return;
  const task = Number.parseInt(url.searchParams.get('task') ?? '0', 10) || 0;
  answer(res, request, 'text/html; charset=utf-8', () => htmlPage(request.size, task), options);
}

/**
 * Answers preflights and refuses methods other than GET/HEAD; true if the request goes on.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function allowGet(req, res) {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CROSS_ORIGIN_HEADERS, 'Access-Control-Allow-Methods': 'GET' });
    res.end();
    return false;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, `${req.method} is not allowed; use GET`);
    return false;
  }
  return true;
}

/**
 * Handles GET /api/delay: a JSON body of about `bytes` bytes after `ms` ms.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ApiOptions} [options]
 */
export function handleDelay(req, res, url, options = DEFAULT_OPTIONS) {
  if (!allowGet(req, res)) return;
  const request = readRequest(res, url);
  if (!request) return;
  const started = Date.now();
  const render = () =>
    paddedJson(request.size, {
      task: url.searchParams.get('task'),
      ms: request.delay,
      waitedMs: Date.now() - started,
    });
  answer(res, request, 'application/json; charset=utf-8', render, options);
}

/**
 * The mock API alone (for the mirror ports): /api/delay and /api/page, nothing else.
 * @param {Partial<ApiOptions>} [options]
 * @returns {import('node:http').RequestListener}
 */
export function createApi(options = {}) {
  const settled = { hangMs: options.hangMs ?? DEFAULT_OPTIONS.hangMs };
  return (req, res) => {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendError(res, 400, 'malformed request URL');
    }
    if (url.pathname === '/api/delay') return handleDelay(req, res, url, settled);
    if (url.pathname === '/api/page') return handlePage(req, res, url, settled);
    sendError(res, 404, `no such path: ${url.pathname}`);
  };
}

/** The mock API with the documented limits. */
export const apiOnly = createApi();

/**
 * Wraps a handler so that at most `max` requests are in progress at once; the next ones get
 * 503 at once instead of queueing, so a runaway page (or anyone else) cannot pile up timers and
 * sockets until the process runs out of memory or file descriptors.
 * @param {import('node:http').RequestListener} handler
 * @param {number} [max]
 * @returns {import('node:http').RequestListener}
 */
export function limitConcurrent(handler, max = LIMITS.maxConcurrent) {
  let inProgress = 0;
  return (req, res) => {
    if (inProgress >= max) {
      sendError(res, 503, `server busy: more than ${max} requests at once`);
      return;
    }
    inProgress++;
    // 'close' comes once per response, whether it finished or the client went away.
    res.once('close', () => inProgress--);
    handler(req, res);
  };
}
