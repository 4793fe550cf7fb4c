// What each strategy models, and what this run showed: a sentence per result under its
// explanation, a note at the top about what the bars alone do not show, and what a cancel stopped.
import { STRATEGIES, BROWSER_CONNECTIONS_PER_HOST, MAX_STARTED_AT_ONCE, SPREADING, isSequential } from '../model/spec.js';
import { selectedStrategies } from '../model/params.js';
import { speedup } from '../model/results.js';
import { $, el } from './dom.js';

/** @typedef {import('../model/params.js').Params} Params */
/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/** @typedef {import('../model/results.js').Report} Report */

/**
 * Per strategy: what it models, the Python, what to expect and what this result shows.
 * @param {Params} params
 * @param {StrategyResult[]} results
 */
export function renderExplanations(params, results) {
  const ids = results.length ? results.map((r) => r.strategy) : selectedStrategies(params);
  $('explanations').replaceChildren(
    ...ids.map((id) => {
      const info = STRATEGIES[id];
      const result = results.find((r) => r.strategy === id);
      const box = el(
        'details',
        {},
        el('summary', { textContent: `${id} — ${info.models}` }),
        el('pre', { textContent: info.python }),
        el('p', { textContent: `Expect: ${info.expect}` }),
      );
      box.dataset.strategy = id;
      if (result) box.append(el('p', { className: 'shows', textContent: `This run: ${whatItShows(result, results, params)}` }));
      return box;
    }),
  );
}

/** Whether a strategy that starts every request against one host met the browser's limit of
 * connections per host. @param {Params} params */
const metConnectionLimit = (params) => params.tasks > BROWSER_CONNECTIONS_PER_HOST && params.latency > 0;

/**
 * One sentence on what a result shows.
 * @param {StrategyResult} r
 * @param {StrategyResult[]} all
 * @param {Params} params
 */
function whatItShows(r, all, params) {
  const parts = [`${r.wallMs.toFixed(0)} ms`];
  const s = speedup(r, all);
  if (s != null && !isSequential(r.strategy)) parts.push(`${s.toFixed(2)}× the sequential speed`);
  if (r.repeat && r.repeat.runs > 1) parts.push(`median of ${r.repeat.runs} (${r.repeat.minMs.toFixed(0)}–${r.repeat.maxMs.toFixed(0)} ms)`);
  parts.push(`peak ${r.peakInFlight} in flight on ${r.lanesUsed} lanes${r.detail?.hosts && r.peakOnWire != null ? `, ${r.peakOnWire} on the wire` : ''}`);
  if (r.peakOnWire != null && r.peakOnWire < r.peakInFlight) {
    parts.push(`but at most ${r.peakOnWire} were on the wire at once: the rest waited inside the browser (pale bars in the timeline)`);
  }
  parts.push(...detailParts(r.detail), ...workerParts(r));
  if (STRATEGIES[r.strategy]?.meetsHostCap && metConnectionLimit(params)) {
    parts.push(`the browser sends at most ${BROWSER_CONNECTIONS_PER_HOST} requests at once to one host:port`);
  }
  if (r.failed || r.cancelled) parts.push(`${r.ok} of ${r.tasks} ok, ${r.failed} failed, ${r.cancelled ?? 0} cancelled`);
  if (r.failures && r.failures.length > 1) parts.push(`failures: ${r.failures.map((f) => `${f.count} × ${f.reason}`).join(', ')}`);
  if (r.error) parts.push(`first failure: ${r.error}`);
  if (r.interrupted) parts.push('its worker was stopped mid-task, so these counts come from its last progress report');
  return parts.join('; ') + '.';
}

/**
 * What a strategy's threads or processes (its `workerKind`) did.
 * @param {StrategyResult} r
 */
function workerParts(r) {
  const d = /** @type {Record<string, any> | undefined} */ (r.detail);
  if (d?.workers == null) return [];
  const cap = d.workers > BROWSER_CONNECTIONS_PER_HOST
    ? `, though the browser sends at most ${BROWSER_CONNECTIONS_PER_HOST} at once to one host`
    : '';
  if (STRATEGIES[r.strategy]?.workerKind === 'threads') {
    return [`${d.workers} threads, each blocked in its request with the GIL released, so their waits overlapped${cap}`];
  }
  const max = d.maxStartupMs == null ? '' : `: starting them took up to ${d.maxStartupMs.toFixed(0)} ms before their first request (the start-up bars), what threads do not pay`;
  return [`${d.workers} processes, each with its own memory${max}${cap}`];
}

/** What a strategy's own detail says: counters, delivery order, values, start-up, ports. @param {Record<string, any> | undefined} d */
function detailParts(d) {
  const parts = [];
  if (d?.expected != null) parts.push(`counter ${d.actual} of ${d.expected}: ${d.lost} updates lost`);
  if (d?.order) parts.push(`results delivered in order ${d.order.slice(0, 12).join(', ')}${d.order.length > 12 ? ', …' : ''}; first after ${d.firstResultMs?.toFixed(0)} ms`);
  if (d?.values) parts.push(`values [${d.values.join(', ')}]`);
  if (d?.meanStartupMs != null) parts.push(`each worker took ${d.meanStartupMs.toFixed(0)} ms to start before working`);
  if (d?.ports) parts.push(`spread over ${d.ports} ports`);
  if (d?.hosts) parts.push(`spread over ${d.hosts} host names of this server (s0.localhost … s${d.hosts - 1}.localhost), 6 connections each`);
  if (d?.gilSwitches != null) {
    parts.push(`the GIL changed hands ${d.gilSwitches} times and let one thread compute at a time (a model: Rust has no GIL)`);
  }
  if (d?.longestBlockedMs != null) {
    parts.push(`the event loop could not answer for up to ${d.longestBlockedMs.toFixed(0)} ms: a coroutine that computes holds it`);
  }
  return parts;
}

/**
 * A sentence about what this run shows that the bars alone do not, or ''.
 * @param {Params} params
 * @param {StrategyResult[]} results
 */
export function runNote(params, results) {
  const concurrent = results.find((r) => STRATEGIES[r.strategy]?.meetsHostCap);
  if (!concurrent || !metConnectionLimit(params)) return '';
  return (
    (params.tasks > MAX_STARTED_AT_ONCE
      ? `${concurrent.strategy} kept ${MAX_STARTED_AT_ONCE} requests started at a time (more at once exhaust the browser), but the browser keeps at most `
      : `${concurrent.strategy} started all ${params.tasks} requests at once, but the browser keeps at most `) +
    `${BROWSER_CONNECTIONS_PER_HOST} connections to one host over HTTP/1.1, so they ran in ` +
    `${Math.ceil(params.tasks / BROWSER_CONNECTIONS_PER_HOST)} rounds (at most ${concurrent.peakOnWire ?? '?'} on the wire at once).` +
    (results.some((r) => SPREADING.includes(r.strategy)) ? '' : ` ${SPREADING.join(' and ')} get past this by spreading requests over several ports or host names.`)
  );
}

/** What a cancel stopped, in one sentence. @param {Report} report */
export function cancelSummary(report) {
  const stopped = report.results.filter((r) => r.cancelled > 0);
  const parts = stopped.map(
    (r) =>
      `${r.strategy}: ${r.ok} ok, ${r.failed} failed, ${r.cancelled} cancelled of ${r.tasks}` +
      (r.interrupted ? ' (its worker was stopped; counts from its last progress report)' : ''),
  );
  return (
    'Cancelled. Results so far are kept. ' +
    (parts.length ? `${parts.join('; ')}. ` : '') +
    (report.notRun?.length ? `Not run: ${report.notRun.join(', ')}.` : '')
  );
}
