// The mock API behind the fetch workloads: GET /api/delay?ms=N&bytes=M answers with a JSON body
// of about M bytes after N ms. It stands in for the seeds' remote endpoints (a 1 s sleep per
// call), so runs are repeatable and need no network.

/** Documented caps (README, "Mock API"). */
export const LIMITS = Object.freeze({ maxMs: 30_000, maxBytes: 1_048_576 });

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
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 */
function sendJson(res, status, body) {
  res.writeHead(status, {
    ...CROSS_ORIGIN_HEADERS,
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
 * Reads `ms` and `bytes`, answering 400 itself when either is bad.
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @returns {{ delay: number, size: number } | null}
 */
function delayAndSize(res, url) {
  const ms = parseBounded(url.searchParams, 'ms', 0, LIMITS.maxMs);
  const bytes = parseBounded(url.searchParams, 'bytes', 0, LIMITS.maxBytes);
  const bad = [ms, bytes].find((p) => 'error' in p);
  if (bad && 'error' in bad) {
    sendError(res, 400, bad.error);
    return null;
  }
  return {
    delay: /** @type {{value: number}} */ (ms).value,
    size: /** @type {{value: number}} */ (bytes).value,
  };
}

/**
 * Answers after `delay` ms, unless the client has gone by then.
 * @param {import('node:http').ServerResponse} res
 * @param {number} delay
 * @param {() => void} answer
 */
function later(res, delay, answer) {
  const timer = setTimeout(answer, delay);
  // A cancelled request must not leave a timer behind.
  res.on('close', () => clearTimeout(timer));
}

/**
 * Handles GET /api/page: an HTML page of about `bytes` bytes after `ms` ms.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export function handlePage(req, res, url) {
  if (!allowGet(req, res)) return;
  const parsed = delayAndSize(res, url);
  if (!parsed) return;
  const task = Number.parseInt(url.searchParams.get('task') ?? '0', 10) || 0;
  later(res, parsed.delay, () => {
    const body = htmlPage(parsed.size, task);
    res.writeHead(200, {
      ...CROSS_ORIGIN_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
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
 * Handles GET /api/delay.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export function handleDelay(req, res, url) {
  if (!allowGet(req, res)) return;
  const parsed = delayAndSize(res, url);
  if (!parsed) return;
  const started = Date.now();
  later(res, parsed.delay, () => {
    const body = paddedJson(parsed.size, {
      task: url.searchParams.get('task'),
      ms: parsed.delay,
      waitedMs: Date.now() - started,
    });
    sendJson(res, 200, body);
  });
}

/**
 * The mock API alone (for the mirror ports): /api/delay and /api/page, nothing else.
 * @type {import('node:http').RequestListener}
 */
export function apiOnly(req, res) {
  let url;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return sendError(res, 400, 'malformed request URL');
  }
  if (url.pathname === '/api/delay') return handleDelay(req, res, url);
  if (url.pathname === '/api/page') return handlePage(req, res, url);
  sendError(res, 404, `no such path: ${url.pathname}`);
}
