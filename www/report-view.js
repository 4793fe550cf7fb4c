// The table of results: the chart's numbers, plus what each strategy models.
import { STRATEGIES, ranToTheEnd } from './strategies.js';

/** @typedef {import('./worker-client.js').StrategyResult} StrategyResult */

const fmt = (/** @type {number | null | undefined} */ ms) => (ms == null ? '—' : ms.toFixed(0));

/**
 * The speedup of a result against the sequential strategy of its family, if that ran, and both
 * ran to their end (null otherwise: 10 of 30 requests in 4 s say nothing against 30 in 12 s).
 * @param {StrategyResult} result
 * @param {StrategyResult[]} all
 */
export function speedup(result, all) {
  const family = STRATEGIES[result.strategy]?.family;
  const base = all.find((r) => r.strategy === `${family}-sequential`);
  if (!base || !ranToTheEnd(base) || !ranToTheEnd(result)) return null;
  return result.wallMs > 0 ? base.wallMs / result.wallMs : null;
}

/**
 * @param {HTMLTableSectionElement} tbody
 * @param {StrategyResult[]} results
 * @param {(number | null)[]} ideals
 */
export function renderTable(tbody, results, ideals) {
  tbody.replaceChildren(
    ...results.map((r, i) => {
      const s = speedup(r, results);
      const info = STRATEGIES[r.strategy];
      const row = document.createElement('tr');
      row.dataset.strategy = r.strategy;
      row.dataset.wallMs = String(r.wallMs);
      const spread = /** @type {any} */ (r).repeat;
      const cells = [
        r.strategy,
        spread?.runs > 1 ? `${fmt(r.wallMs)} (${fmt(spread.minMs)}–${fmt(spread.maxMs)})` : fmt(r.wallMs),
        fmt(ideals[i]),
        s == null ? '—' : `${s.toFixed(2)}×`,
        r.tasks,
        r.ok,
        r.failed,
        r.cancelled ?? 0,
        /** @type {any} */ (r).peakOnWire != null && /** @type {any} */ (r).peakOnWire < r.peakInFlight ? `${r.peakInFlight} (${/** @type {any} */ (r).peakOnWire} sent)` : r.peakInFlight,
        r.lanesUsed,
        info ? info.models : '',
      ];
      for (const value of cells) {
        const td = document.createElement('td');
        td.textContent = String(value);
        row.append(td);
      }
      const failures = /** @type {any} */ (r).failures;
      if (failures?.length) row.title = failures.map((f) => `${f.count} × ${f.reason}${f.tasks.length ? ` (tasks ${f.tasks.join(', ')}${f.count > f.tasks.length ? ', …' : ''})` : ''}`).join('\n');
      else if (r.error) row.title = r.error;
      return row;
    }),
  );
}
