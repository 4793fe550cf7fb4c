// The bar chart of wall time per strategy, drawn with Chart.js (loaded as a classic script,
// window.Chart). Measured bars beside the ideal for the same strategy.
import { FAMILY_COLOURS, familyOf } from '../model/spec.js';
import { ranToTheEnd, idealOf } from '../model/results.js';
import { $, el } from './dom.js';

/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/** @typedef {{ label: string, report: import('../model/results.js').Report }} Comparison a run drawn beside this one */

export class WallTimeChart {
  /**
   * Builds nothing yet: an empty chart carries no numbers, and building one took ~50–70 ms of
   * the page's start on 2 cores. It is built by open() (the page calls it once its pool is
   * ready) or by the first update with results, whichever comes first.
   * @param {HTMLCanvasElement} canvas
   */
  constructor(canvas) {
    this.canvas = canvas;
    /** @type {any} the Chart.js chart, once built (null while not, or without Chart.js) */
    this.chart = null;
    this.opened = false;
    /** @type {[StrategyResult[], Comparison | null]} what update() was last given */
    this.latest = [[], null];
  }

  /** Builds the chart (or the note that Chart.js is missing) and draws the latest results. */
  open() {
    if (this.opened) return;
    this.opened = true;
    const Chart = /** @type {any} */ (window).Chart;
    if (typeof Chart !== 'function') {
      // Chart.js did not load (a static server without node_modules, say): the table below has
      // the same numbers, so say so where the chart would be and let everything else work.
      this.canvas.replaceWith(chartMissing());
      return;
    }
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        // No animation: on 2 cores every frame it draws is taken from the pool's next run.
        animation: false,
        scales: {
          x: { beginAtZero: true, title: { display: true, text: 'wall time (ms), shorter is faster' } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (/** @type {any} */ ctx) => `${ctx.dataset.label}: ${Math.round(ctx.parsed.x)} ms`,
            },
          },
        },
      },
    });
    this.update(...this.latest);
  }

  /**
   * @param {StrategyResult[]} results
   * @param {Comparison | null} [other] a run to compare with: its time for each strategy here
   */
  update(results, other = null) {
    this.latest = [results, other];
    if (!this.opened && results.length) this.open();
    if (!this.chart) return;
    const colours = results.map((r) => FAMILY_COLOURS[familyOf(r.strategy) ?? 'cpu']);
    const theirs = (/** @type {StrategyResult} */ r) => other?.report.results.find((o) => o.strategy === r.strategy)?.wallMs ?? null;
    // A stopped strategy's bar times only part of its work: the label says so.
    this.chart.data.labels = results.map((r) => (ranToTheEnd(r) ? r.strategy : `${r.strategy} (stopped)`));
    this.chart.data.datasets = [
      { label: 'measured (median)', data: results.map((r) => r.wallMs), backgroundColor: colours },
      { label: 'ideal (no overhead)', data: results.map(idealOf), backgroundColor: '#c9ced6' },
      ...(other ? [{ label: other.label, data: results.map(theirs), backgroundColor: '#f4a261' }] : []),
    ];
    this.chart.update();
  }
}

/** The note shown instead of a chart when Chart.js is not there. */
export function chartMissing() {
  return el('p', {
    className: 'chart-missing',
    textContent:
      'The chart library (Chart.js, from node_modules/chart.js) did not load, so there is no chart here; ' +
      'the table has the same numbers. `npm ci` installs it; `npm start` serves it.',
  });
}

/** Whether the person asked to see the previous run beside this one. */
export const comparesWithPrevious = () => /** @type {HTMLInputElement} */ ($('compare-previous')).checked;

/** Calls `onChange` when the person ticks or unticks "compare with the previous run". @param {() => void} onChange */
export const onCompareChanged = (onChange) => $('compare-previous').addEventListener('change', onChange);
