// The mock API's rules, shared by the Node server (server/mock-api.mjs) and any other host of
// the same API: what a query asks for, the caps, the bodies. No Node or browser APIs here.
import SPEC from '../www/spec.json' with { type: 'json' };

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
export function crossOriginHeaders(cors) {
  if (cors) return CROSS_ORIGIN_HEADERS;
  const { 'Access-Control-Allow-Origin': _omitted, ...rest } = CROSS_ORIGIN_HEADERS;
  return rest;
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
  const sentence = (/** @type {number} */ n) => Array.from({ length: n }, word).join(' ');
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
export function parseCors(query) {
  const raw = query.get('cors') ?? '1';
  if (raw === '1' || raw === '0') return { value: raw === '1' };
  return { error: `cors must be 0 or 1, got "${raw.slice(0, 40)}"` };
}

/**
 * A parsed value known to be no error (readQuery returned every error first).
 * @template T
 * @param {{ value: T } | { error: string }} parsed
 * @returns {T}
 */
function value(parsed) {
  return /** @type {{ value: T }} */ (parsed).value;
}

/**
 * Reads a /api/delay or /api/page query: the request it asks for, or why it is refused (a 400).
 * @param {URLSearchParams} query
 * @returns {{ request: Request } | { error: string }}
 */
export function readQuery(query) {
  const parsed = {
    delay: parseBounded(query, 'ms', 0, LIMITS.maxMs),
    size: parseBounded(query, 'bytes', 0, LIMITS.maxBytes),
    fault: parseFault(query),
    slowMs: parseBounded(query, 'slowMs', DEFAULT_SLOW_MS, LIMITS.maxMs),
    cors: parseCors(query),
  };
  for (const p of Object.values(parsed)) if ('error' in p) return { error: p.error };
  return {
    request: {
      delay: value(parsed.delay),
      size: value(parsed.size),
      fault: value(parsed.fault),
      slowMs: value(parsed.slowMs),
      cors: value(parsed.cors),
    },
  };
}

/**
 * The normal body of a request and its type, built when the answer is due.
 * @param {'/api/delay' | '/api/page'} path
 * @param {Request} request
 * @param {URLSearchParams} query
 * @param {number} waitedMs how long the answer waited
 */
export function normalBody(path, request, query, waitedMs) {
  if (path === '/api/page') {
    const task = Number.parseInt(query.get('task') ?? '0', 10) || 0;
    return { type: 'text/html; charset=utf-8', body: htmlPage(request.size, task) };
  }
  const fields = { task: query.get('task'), ms: request.delay, waitedMs };
  return { type: 'application/json; charset=utf-8', body: paddedJson(request.size, fields) };
}
