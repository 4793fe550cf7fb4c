// The sweep section: its form, its status line, and the two line charts (time and speedup
// against the swept parameter), drawn with Chart.js.
import { SPEC } from '../params.js';
import { SWEEPABLE, sweepValues, sweepSeries } from '../sweep.js';
import { chartMissing } from './chart.js';
import { $ } from './dom.js';

/** @typedef {import('../sweep.js').Point} Point */

/**
 * Fills the form's parameter menu and calls `onSweep` with the values it asks for; a form
 * that asks for no sensible values, or a sweep that fails, says why in the status line.
 * @param {(param: string, values: number[]) => Promise<unknown>} onSweep
 */
export function wireSweepForm(onSweep) {
  const select = /** @type {HTMLSelectElement} */ ($('sweep-param'));
  for (const p of SWEEPABLE) select.append(new Option(SPEC[p].label, p));
  $('sweep-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const num = (/** @type {string} */ id) => Number(/** @type {HTMLInputElement} */ ($(id)).value);
    const geometric = /** @type {HTMLInputElement} */ ($('sweep-geometric')).checked;
    try {
      await onSweep(select.value, sweepValues(select.value, num('sweep-from'), num('sweep-to'), num('sweep-steps'), geometric));
    } catch (err) {
      showSweepStatus(`Sweep not run: ${/** @type {Error} */ (err).message}`);
    }
  });
}

/** @param {string} text */
export function showSweepStatus(text) {
  $('sweep-status').textContent = text;
}

/** @param {boolean} can */
export function enableSweepButton(can) {
  /** @type {HTMLButtonElement} */ ($('sweep-run')).disabled = !can;
}

export class SweepChart {
  constructor() {
    /** @type {any[]} the Chart.js charts drawn last, destroyed before the next ones */
    this.charts = [];
  }

  /** Draws the sweep's points so far. @param {string} param @param {Point[]} points */
  draw(param, points) {
    const series = sweepSeries(param, points);
    $('sweep-charts').hidden = false;
    const Chart = /** @type {any} */ (window).Chart;
    for (const c of this.charts) c.destroy();
    if (typeof Chart !== 'function') {
      $('sweep-charts').replaceChildren(chartMissing());
      return;
    }
    const make = (/** @type {string} */ id, /** @type {any[]} */ datasets, /** @type {string} */ y) =>
      new Chart($(id), {
        type: 'line',
        data: { datasets },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { x: { type: 'linear', title: { display: true, text: param } }, y: { beginAtZero: true, title: { display: true, text: y } } },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
        },
      });
    this.charts = [make('sweep-time', series.time, 'wall time (ms)'), make('sweep-speedup', series.speed, 'speedup vs sequential')];
  }
}
