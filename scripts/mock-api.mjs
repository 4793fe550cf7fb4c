// The mock API behind the fetch workloads: GET /api/delay?ms=N&bytes=M answers with a JSON body
// of about M bytes after N ms. It stands in for the seeds' remote endpoints (a 1 s sleep per
// call), so runs are repeatable and need no network.

/** Documented caps (README, "Mock API"). */
export const LIMITS = Object.freeze({ maxMs: 30_000, maxBytes: 1_048_576 });

/** Headers that let a page on another origin (another port) read the answer under COEP. */
export const CROSS_ORIGIN_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Cross-Origin-Resource-Policy': 'cross-origin',
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

/**
 * Handles GET /api/delay.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export function handleDelay(req, res, url) {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CROSS_ORIGIN_HEADERS, 'Access-Control-Allow-Methods': 'GET' });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, `${req.method} is not allowed; use GET`);
    return;
  }
  const ms = parseBounded(url.searchParams, 'ms', 0, LIMITS.maxMs);
  const bytes = parseBounded(url.searchParams, 'bytes', 0, LIMITS.maxBytes);
  const bad = [ms, bytes].find((p) => 'error' in p);
  if (bad && 'error' in bad) {
    sendError(res, 400, bad.error);
    return;
  }
  const delay = /** @type {{value: number}} */ (ms).value;
  const size = /** @type {{value: number}} */ (bytes).value;
  const started = Date.now();
  const timer = setTimeout(() => {
    const body = paddedJson(size, {
      task: url.searchParams.get('task'),
      ms: delay,
      waitedMs: Date.now() - started,
    });
    sendJson(res, 200, body);
  }, delay);
  // A cancelled request must not leave a timer behind.
  res.on('close', () => clearTimeout(timer));
}
