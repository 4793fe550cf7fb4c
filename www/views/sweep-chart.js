// The sweep section: its form, its status line, and the two line charts (time and speedup
// against the swept parameter), drawn with Chart.js.
import { SPEC } from '../model/params.js';
import { SWEEPABLE, sweepValues, sweepSeries } from '../model/sweep.js';
import { chartMissing } from './chart.js';
import { $ } from './dom.js';

/** @typedef {import('../model/sweep.js').Point} Point */

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

/**
 * Shows a sweep started elsewhere (the console) in the form: its parameter, ends and points.
 * @param {string} param
 * @param {number[]} values
 */
export function showSweepForm(param, values) {
  const set = (/** @type {string} */ id, /** @type {unknown} */ v) => {
    /** @type {HTMLInputElement} */ ($(id)).value = String(v);
  };
  set('sweep-param', param);
  set('sweep-from', values[0]);
  set('sweep-to', values[values.length - 1]);
  set('sweep-steps', values.length);
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
    const plugins = series.pastCores != null ? [pastCoresBand(series.pastCores)] : [];
    const make = (/** @type {string} */ id, /** @type {any[]} */ datasets, /** @type {string} */ y) =>
      new Chart($(id), {
        type: 'line',
        data: { datasets },
        plugins,
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { x: { type: 'linear', ticks: { precision: 0 }, title: { display: true, text: param } }, y: { beginAtZero: true, title: { display: true, text: y } } },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
        },
      });
    this.charts = [make('sweep-time', series.time, 'wall time (ms)'), make('sweep-speedup', series.speed, 'speedup vs sequential')];
  }
}

/** What the shaded band past the cores says. */
export const PAST_CORES_LABEL = 'more threads than cores: no more CPU speedup (oversubscription)';

/**
 * A Chart.js plugin that shades the region of a threads sweep past the cores, with its label.
 * @param {number} cores
 */
function pastCoresBand(cores) {
  return {
    id: 'pastCores',
    beforeDatasetsDraw(/** @type {any} */ chart) {
      const { ctx, chartArea: area, scales } = chart;
      const left = Math.max(area.left, scales.x.getPixelForValue(cores));
      if (left >= area.right) return;
      ctx.save();
      ctx.fillStyle = 'rgba(231, 111, 81, 0.10)';
      ctx.fillRect(left, area.top, area.right - left, area.bottom - area.top);
      ctx.fillStyle = '#8a3b24';
      ctx.font = '11px system-ui, sans-serif';
      // At the foot of the band, where the lines seldom go (times and speedups stay above 0).
      ctx.textBaseline = 'bottom';
      const lines = PAST_CORES_LABEL.split(': ');
      lines.forEach((line, i) => ctx.fillText(i ? line : `${line}:`, left + 4, area.bottom - 4 - (lines.length - 1 - i) * 13, area.right - left - 8));
      ctx.restore();
    },
  };
}
