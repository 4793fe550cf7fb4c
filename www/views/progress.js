// The progress rows under Run: one per strategy, a bar and "done / total".
import { $, el } from './dom.js';
import { drawLive } from './live-frame.js';

/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/** @typedef {import('../protocol/messages.js').StrategyStart} StrategyStart */
/** @typedef {import('../protocol/messages.js').Progress} Progress */

/** Row updates waiting for the next live frame, by strategy (a person reads a count a few times a
 * second). @type {Map<string, [number, number, string]>} */
const pending = new Map();

/** Empties the rows for a new run. */
export function clearProgress() {
  pending.clear();
  $('progress').replaceChildren();
}

/** A strategy started. @param {StrategyStart} event */
export function strategyStarted({ strategy, total }) {
  showRow(strategy, 0, total, `0 / ${total} running…`);
}

/** A strategy reported progress. @param {Progress} event */
export function strategyProgressed(event) {
  const rep = event.reps > 1 ? ` · ${event.rep === 0 ? 'warm-up' : `run ${event.rep}/${event.reps - 1}`}` : '';
  showRow(event.strategy, event.done, event.total, `${event.done} / ${event.total}${rep}${outcomeCounts(event)}`);
}

/** A strategy finished. @param {StrategyResult} r */
export function strategyDone(r) {
  showRow(r.strategy, r.tasks, r.tasks, `${r.ok} / ${r.tasks} ok in ${r.wallMs.toFixed(0)} ms${outcomeCounts(r)}`);
}

/** " · 3 failed · 2 cancelled", or "" when nothing failed or was cancelled.
 * @param {{ failed?: number, cancelled?: number }} counts */
function outcomeCounts({ failed = 0, cancelled = 0 }) {
  return (failed ? ` · ${failed} failed` : '') + (cancelled ? ` · ${cancelled} cancelled` : '');
}

/**
 * Sets a strategy's row, making it on first use.
 * @param {string} strategy
 * @param {number} value
 * @param {number} max
 * @param {string} text
 */
function showRow(strategy, value, max, text) {
  pending.set(strategy, [value, max, text]);
  drawLive('progress', () => {
    for (const [s, [v, m, t]] of pending) drawRow(s, v, m, t);
    pending.clear();
  });
}

/** @param {string} strategy @param {number} value @param {number} max @param {string} text */
function drawRow(strategy, value, max, text) {
  let row = /** @type {HTMLElement | null} */ ($('progress').querySelector(`[data-strategy="${strategy}"]`));
  if (!row) {
    row = el('div', { className: 'progress-row' }, el('span', { textContent: strategy }), el('progress'), el('span', { className: 'count' }));
    row.dataset.strategy = strategy;
    $('progress').append(row);
  }
  const bar = /** @type {HTMLProgressElement} */ (row.querySelector('progress'));
  const count = /** @type {HTMLElement} */ (row.querySelector('.count'));
  // Writing the same values again still invalidates the row and repaints the page.
  if (bar.max !== max) bar.max = max;
  if (bar.value !== value) bar.value = value;
  if (count.textContent !== text) count.textContent = text;
}
