// The table of results: the chart's numbers, plus what each strategy models.
import { STRATEGIES } from '../model/spec.js';
import { idealOf, speedup } from '../model/results.js';
import { $, el } from './dom.js';

/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */

const fmt = (/** @type {number | null | undefined} */ ms) => (ms == null ? '—' : ms.toFixed(0));

/** One row per result, in the order of the columns in index.html. @param {StrategyResult[]} results */
export function renderTable(results) {
  /** @type {HTMLTableSectionElement} */ ($('table').querySelector('tbody')).replaceChildren(...results.map((r) => row(r, results)));
}

/** @param {StrategyResult} r @param {StrategyResult[]} all */
function row(r, all) {
  const s = speedup(r, all);
  const spread = r.repeat;
  const cells = [
    r.strategy,
    spread && spread.runs > 1 ? `${fmt(r.wallMs)} (${fmt(spread.minMs)}–${fmt(spread.maxMs)})` : fmt(r.wallMs),
    fmt(idealOf(r)),
    s == null ? '—' : `${s.toFixed(2)}×`,
    r.tasks,
    r.ok,
    r.failed,
    r.cancelled ?? 0,
    r.peakOnWire != null && r.peakOnWire < r.peakInFlight ? `${r.peakInFlight} (${r.peakOnWire} sent)` : r.peakInFlight,
    r.lanesUsed,
    STRATEGIES[r.strategy]?.models ?? '',
  ];
  const tr = el('tr', {}, ...cells.map((value) => el('td', { textContent: String(value) })));
  tr.dataset.strategy = r.strategy;
  tr.dataset.wallMs = String(r.wallMs);
  const title = failureTitle(r);
  if (title) tr.title = title;
  return tr;
}

/** Why tasks failed, one line a reason with the tasks it hit (the row's tooltip). @param {StrategyResult} r */
function failureTitle(r) {
  if (!r.failures?.length) return r.error ?? '';
  return r.failures
    .map((f) => `${f.count} × ${f.reason}${f.tasks.length ? ` (tasks ${f.tasks.join(', ')}${f.count > f.tasks.length ? ', …' : ''})` : ''}`)
    .join('\n');
}
