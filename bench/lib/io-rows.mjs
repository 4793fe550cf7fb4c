// The I/O rows: a fetch strategy held to its ideal time (the one src/ideal.rs computes and the
// page reports with every result, a miss explained by the browser's connection limit or by what
// one request costs here), or to "not slower" than a peer.
import { EQUAL_TARGET } from '../config.mjs';
import { compare } from './report.mjs';
import { single, fmt, fmtRatio } from './stats.mjs';
import { idealOf, stat } from './measure.mjs';

/** @typedef {import('./session.mjs').Context} Context */

/**
 * Why a strategy took longer than its ideal: the per-host limit, or the cost of a request.
 * @param {Context} ctx
 * @param {{ measuredMs: number, n: number, k: number, latency: number, ports: number, over?: string }} run
 *   `ports` how many host:port pairs the requests were spread over (`over` names them: ports or host names)
 */
function missWhy(ctx, { measuredMs, n, k, latency, ports, over = 'ports' }) {
  const perHost = ctx.spec.constants.connectionsPerHost;
  const connections = perHost * ports;
  const rounds = Math.ceil(n / Math.min(k, connections, n));
  if (k > connections && n > connections) {
    return (
      `Chromium keeps at most ${perHost} HTTP/1.1 connections per host:port` +
      `${ports > 1 ? ` (${connections} over ${ports} ${over})` : ''}, so ${n} requests run in ` +
      `ceil(${n}/${connections}) = ${rounds} rounds: ${fmt(rounds * latency)} ms is the floor in ` +
      `this browser, and ${fmtRatio(measuredMs / (rounds * latency))}x of it was measured.`
    );
  }
  if (ctx.requestCostMs === undefined) return undefined;
  return (
    `the ideal counts nothing for a request but its latency; here a 0 ms request takes ` +
    `${fmt(ctx.requestCostMs)} ms (overhead rows; a bare Node-to-Node request over loopback alone takes ` +
    `${fmt(ctx.loopbackMs ?? NaN)} ms on this machine), so ${rounds} rounds carry ` +
    `~${fmt(rounds * ctx.requestCostMs)} ms on top.`
  );
}

/**
 * A row comparing a fetch strategy's time with the ideal the page reported for it, which for
 * these flat latencies is ceil(N/k)·L.
 * @param {Context} ctx
 * @param {import('./measure.mjs').Samples} samples
 * @param {{ id: string, label: string, key: string, n: number, k: number, latency: number, ports?: number, over?: string }} spec
 *   `key` the strategy's samples; `k` its in-flight limit, for the label and the explanation
 */
export function idealRow(ctx, samples, { id, label, key, n, k, latency, ports = 1, over }) {
  const ideal = idealOf(samples, key);
  const limit = 1.05 * ideal + 20;
  const ours = { label: key, stat: stat(samples, key) };
  return compare({
    id,
    section: 'I/O',
    label,
    ours,
    peer: { label: `ideal ceil(${n}/${Math.min(k, n)})·${latency}`, stat: single(ideal, 'ms') },
    of: 'ideal',
    target: { text: `≤ 1.05x ideal + 20 ms (${fmt(limit)} ms)`, maxValue: limit },
    why: missWhy(ctx, { measuredMs: ours.stat.median, n, k, latency, ports, over }),
  });
}

/**
 * A row holding one of ours to "not slower" than a peer.
 * @param {import('./measure.mjs').Samples} samples
 * @param {{ id: string, label: string, ours: string, peer: string, peerLabel: string, why?: string | ((row: import('./report.mjs').Row) => string | undefined),
 *   also?: { key: string, label: string, gap: string } }} spec
 *   `ours`, `peer` the keys of their samples; `why` the known cause of a miss; `also` the same
 *   peer run elsewhere, shown beside it (its key, label and what differs)
 */
export function equalRow(samples, { id, label, ours, peer, peerLabel, why, also }) {
  return compare({
    id,
    section: 'I/O',
    label,
    ours: { label: ours, stat: stat(samples, ours) },
    peer: { label: peerLabel, stat: stat(samples, peer) },
    ...(also ? { also: { label: also.label, stat: stat(samples, also.key), gap: also.gap } } : {}),
    target: EQUAL_TARGET,
    why,
  });
}
