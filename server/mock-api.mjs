// The mock API behind the fetch workloads: GET /api/delay?ms=N&bytes=M answers with a JSON body
// of about M bytes after N ms. It stands in for the seeds' remote endpoints (a 1 s sleep per
// call), so runs are repeatable and need no network. `fault=` makes a request fail on purpose
// (error, hang, slow, drop) and `cors=0` withholds the CORS header, so the page can show how each
// strategy copes with failures it would meet on a real network.
import {
  LIMITS,
  FAULTS,
  SLOW_PIECES,
  DEFAULT_SLOW_MS,
  CROSS_ORIGIN_HEADERS,
  crossOriginHeaders,
  paddedJson,
  htmlPage,
  readQuery,
  normalBody,
} from './mock-core.mjs';

export { LIMITS, FAULTS, SLOW_PIECES, DEFAULT_SLOW_MS, CROSS_ORIGIN_HEADERS, paddedJson, htmlPage };

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

/**
 * Reads the query, answering 400 itself when any parameter is bad.
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @returns {import('./mock-core.mjs').Request | null}
 */
function readRequest(res, url) {
  const read = readQuery(url.searchParams);
  if ('error' in read) {
    sendError(res, 400, read.error);
    return null;
  }
  return read.request;
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
 * @param {import('./mock-core.mjs').Request} request
 * @param {() => { type: string, body: string }} render builds the normal body when it is due
 * @param {ApiOptions} options
 */
function answer(res, request, render, options) {
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
    const { type, body } = render();
    const headers = { ...cross, 'Content-Type': type, 'Cache-Control': 'no-store' };
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
 * Handles GET /api/delay (a JSON body of about `bytes` bytes after `ms` ms) and GET /api/page
 * (an HTML page of about `bytes` bytes after `ms` ms).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {ApiOptions} [options]
 */
export function handleApi(req, res, url, options = DEFAULT_OPTIONS) {
  if (!allowGet(req, res)) return;
  const request = readRequest(res, url);
  if (!request) return;
  const started = Date.now();
  const path = url.pathname === '/api/page' ? '/api/page' : '/api/delay';
  answer(res, request, () => normalBody(path, request, url.searchParams, Date.now() - started), options);
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
    if (url.pathname === '/api/delay' || url.pathname === '/api/page') return handleApi(req, res, url, settled);
    sendError(res, 404, `no such path: ${url.pathname}`);
  };
}

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
