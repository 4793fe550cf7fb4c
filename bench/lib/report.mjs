// Rows of the benchmark table: what was measured, against which peer or limit, the ratio, the
// target and whether it was met; rendered as markdown for the terminal and docs/benchmarks.md.
import { fmtRatio, fmtStat } from './stats.mjs';

/** @typedef {import('./stats.mjs').Stat} Stat */
/** @typedef {{ label: string, stat: Stat }} Side */
/** @typedef {'pass' | 'miss' | 'info' | 'n/a' | 'skipped' | 'error'} Result  n/a: a target this machine cannot be held to (too few cores) */
/**
 * @typedef {object} Row
 * @property {string} id          stable key, e.g. 'cpu.rayon-vs-sequential'
 * @property {string} section     CPU, I/O, overhead, page
 * @property {string} label       what is measured
 * @property {Side | null} ours
 * @property {Side | null} peer   the peer, or the limit (ideal time, native code)
 * @property {Side} [also]        the same peer elsewhere, for reference (the ratio is to `peer`)
 * @property {number | null} ratio
 * @property {string} ratioText
 * @property {string} target      '' when the issue sets none
 * @property {Result} result
 * @property {string} [why]       the known cause of a miss, or why a row was skipped or failed
 */
/**
 * @typedef {object} Target
 * @property {string} text
 * @property {number} [minSpeedup]  pass if peer / ours >= this
 * @property {number} [maxRatio]    pass if ours / peer <= this
 * @property {number} [maxValue]    pass if ours' median <= this (in ours' unit)
 * @property {number} [minRatio]    pass if ours / peer >= this (a share of a limit: efficiency)
 */

/**
 * "1.96x faster" / "1.08x slower": how much less time ours took than the peer.
 * @param {number} speedup peer / ours
 */
export function speedText(speedup) {
  if (!Number.isFinite(speedup)) return '—';
  return speedup >= 1 ? `${fmtRatio(speedup)}x faster` : `${fmtRatio(1 / speedup)}x slower`;
}

/**
 * One measured comparison. The ratio is shown as a speed-up ("1.96x faster", the default) or,
 * with `of`, as ours / peer ("1.02x ideal").
 * @param {object} spec
 * @param {string} spec.id
 * @param {string} spec.section
 * @param {string} spec.label
 * @param {Side} spec.ours
 * @param {Side | null} [spec.peer]
 * @param {Side & { gap: string }} [spec.also]  the same peer run elsewhere, shown beside it and not
 *   judged; `gap` names what differs between the two places (e.g. 'the Worker')
 * @param {string} [spec.of]       word after an ours/peer ratio; unset shows a speed-up
 * @param {Target | null} [spec.target]
 * @param {string | ((row: Row) => string | undefined)} [spec.why] shown when the target is missed
 * @returns {Row}
 */
export function compare({ id, section, label, ours, peer = null, also, of, target = null, why }) {
  const a = ours.stat.median;
  const b = peer?.stat.median ?? NaN;
  const speedup = b / a;
  const ratio = peer ? (of ? a / b : speedup) : null;
  const ratioText = !peer ? '' : of ? `${fmtRatio(a / b)}x ${of}` : speedText(speedup);
  /** @type {Row} */
  const row = { id, section, label, ours, peer, ratio, ratioText, target: target?.text ?? '', result: 'info' };
  if (also) {
    // ours/also = (peer/also) × (ours/peer): how much of the gap is where the peer runs, how much ours.
    const c = also.stat.median;
    row.also = { label: also.label, stat: also.stat };
    row.ratioText += ` (${speedText(c / a)} than ${also.label}: ${also.gap} ${fmtRatio(b / c)}x, ours ${fmtRatio(a / b)}x)`;
  }
  if (target) {
    const checks = [];
    if (target.minSpeedup !== undefined) checks.push(speedup >= target.minSpeedup);
    if (target.maxRatio !== undefined) checks.push(a / b <= target.maxRatio);
    if (target.maxValue !== undefined) checks.push(a <= target.maxValue);
    if (target.minRatio !== undefined) checks.push(a / b >= target.minRatio);
    row.result = checks.every(Boolean) ? 'pass' : 'miss';
  }
  if (row.result === 'miss' && why) row.why = typeof why === 'function' ? why(row) : why;
  return row;
}

/**
 * A row for a measurement that could not be taken, with the reason.
 * @param {{ id: string, section: string, label: string, target?: string }} what
 * @param {'n/a' | 'skipped' | 'error'} result
 * @param {string} why
 * @returns {Row}
 */
export function unavailable({ id, section, label, target = '' }, result, why) {
  return { id, section, label, ours: null, peer: null, ratio: null, ratioText: '', target, result, why };
}

const RESULT_TEXT = { pass: 'pass', miss: '**miss**', info: '—', 'n/a': 'not applicable here', skipped: 'skipped', error: '**ERROR**' };

/** Escapes a table cell. */
const cell = (/** @type {string} */ text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** @param {Side | null} side */
function sideText(side) {
  if (!side) return '';
  return `${side.label}: ${fmtStat(side.stat)}`;
}

/**
 * The markdown table, then every miss, skip or error with its reason.
 * @param {Row[]} rows
 */
export function renderTable(rows) {
  const lines = [
    '| area | measurement | ours | peer / limit | ratio | target | result |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const peer = r.also ? `${sideText(r.peer)}; ${sideText(r.also)}` : sideText(r.peer);
    const cells = [r.section, r.label, sideText(r.ours), peer, r.ratioText, r.target, RESULT_TEXT[r.result]];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  const explained = rows.filter((r) => r.why && r.result !== 'pass');
  if (explained.length) {
    lines.push('');
    for (const r of explained) lines.push(`- ${r.result} — ${r.label}: ${r.why}`);
  }
  return lines.join('\n');
}

/** Counts rows by result. */
export function tally(/** @type {Row[]} */ rows) {
  /** @type {Record<Result, number>} */
  const counts = { pass: 0, miss: 0, info: 0, 'n/a': 0, skipped: 0, error: 0 };
  for (const r of rows) counts[r.result] += 1;
  return counts;
}
