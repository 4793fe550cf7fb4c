// The environment line at the top of the page and the list it unfolds into.
import { $, el } from './dom.js';
import { BROWSER_CONNECTIONS_PER_HOST } from '../model/spec.js';

/** @param {import('../model/results.js').Environment} env */
export function renderEnvironment(env) {
  // Not isolated: the worker runs the single-threaded build, which has no pool at all.
  const pool = env.crossOriginIsolated ? env.poolThreads || 'not started' : 'none (single-threaded build)';
  $('env').textContent =
    `crossOriginIsolated: ${env.crossOriginIsolated} · hardwareConcurrency: ${env.hardwareConcurrency}` +
    ` · pool threads: ${pool} · ${env.browser}`;
  const rows = [
    ['crossOriginIsolated', `${env.crossOriginIsolated} — needed for SharedArrayBuffer, so for the thread pool`],
    ['hardwareConcurrency', `${env.hardwareConcurrency} — what the browser reports; it may report fewer cores than the machine has`],
    ['pool threads', `${pool} — Web Workers in the rayon pool (the “threads” slider)`],
    ['browser', navigator.userAgent],
    ['connections per host', `${BROWSER_CONNECTIONS_PER_HOST} over HTTP/1.1 (Chromium), which caps concurrent fetches to one host:port`],
  ];
  $('env-list').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]));
}
