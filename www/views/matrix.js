// The matrix view of a preset that compares approaches across workloads (seed 001's "Choosing
// the Right Approach"): rows are workloads, columns approaches, each cell its time and speedup
// against the row's sequential cell, the row's winner marked and the seed's rule beside it.
// Shown only when the report holds that preset's strategies.
import { $, el } from './dom.js';
import { matrixOf } from '../model/matrix.js';
import { presetById } from '../model/presets.js';

const fmt = (/** @type {number} */ ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/**
 * The matrix a report's preset defines, over its results (null without one).
 * @param {{ preset?: string, results: any[] } | null} report
 */
export function reportMatrix(report) {
  if (!report?.preset) return null;
  return matrixOf(presetById(report.preset)?.matrix, report.results);
}

/** Draws the matrix of the report on the page, or hides the box. @param {{ preset?: string, results: any[] } | null} report */
export function renderMatrix(report) {
  const box = $('matrix');
  const matrix = reportMatrix(report);
  box.hidden = !matrix;
  if (!matrix) return box.replaceChildren();
  const head = el('tr', {}, el('th', { textContent: 'work' }), ...matrix.columns.map((c) => el('th', { textContent: c })), el('th', { textContent: 'the seed’s rule' }));
  const rows = matrix.rows.map((row) => {
    // Shaded by speedup within the row: the row's fastest is the darkest.
    const top = Math.max(1.01, ...row.cells.map((c) => c.speedup ?? 1));
    const cells = row.cells.map((c) => cellOf(c, top));
    return el('tr', {}, el('th', { scope: 'row', textContent: row.label }), ...cells, el('td', { className: 'rule', textContent: row.rule }));
  });
  box.replaceChildren(
    el('h2', { textContent: 'Threads, processes or the event loop' }),
    el('table', { className: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...rows)),
    el('p', { className: 'note', textContent: 'Speedup is against the row’s sequential cell; ★ marks the fastest complete run of each row.' }),
  );
}

/** @param {import('../model/matrix.js').Cell} c @param {number} top the row's highest speedup */
function cellOf(c, top) {
  const td = el('td', { className: c.winner ? 'winner' : '' });
  td.dataset.strategy = c.strategy;
  if (c.wallMs === null) return Object.assign(td, { textContent: 'not run' });
  const speed = c.speedup === null ? (c.complete ? '' : 'incomplete') : `${c.speedup.toFixed(2)}×`;
  td.append(el('span', { className: 'ms', textContent: fmt(c.wallMs) }), el('span', { className: 'speedup', textContent: speed }), el('small', { textContent: c.strategy }));
  if (c.winner) td.prepend(el('span', { className: 'star', textContent: '★ ', title: 'fastest in this row' }));
  td.style.setProperty('--heat', String(Math.min(1, Math.max(0, ((c.speedup ?? 1) - 1) / (top - 1)))));
  return td;
}
