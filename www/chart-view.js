// The bar chart of wall time per strategy, drawn with Chart.js (loaded as a classic script,
// window.Chart). Measured bars beside the ideal for the same strategy.
import { STRATEGIES, FAMILY_COLOURS, ranToTheEnd } from './strategies.js';

/** @typedef {import('./worker-client.js').StrategyResult} StrategyResult */

export class WallTimeChart {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    const Chart = /** @type {any} */ (window).Chart;
    if (typeof Chart !== 'function') {
      // Chart.js did not load (a static server without node_modules, say): the table below has
      // the same numbers, so say so where the chart would be and let everything else work.
      this.chart = null;
      canvas.replaceWith(chartMissing());
      return;
    }
    this.chart = new Chart(canvas, {
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
  }

  /**
   * @param {StrategyResult[]} results
   * @param {(number | null)[]} ideals one per result
   * @param {{ label: string, data: (number | null)[] } | null} [other] a run to compare with
   */
  update(results, ideals, other = null) {
    if (!this.chart) return;
    const colours = results.map((r) => FAMILY_COLOURS[STRATEGIES[r.strategy]?.family ?? 'cpu']);
    // A stopped strategy's bar times only part of its work: the label says so.
    this.chart.data.labels = results.map((r) => (ranToTheEnd(r) ? r.strategy : `${r.strategy} (stopped)`));
    this.chart.data.datasets = [
      { label: 'measured (median)', data: results.map((r) => r.wallMs), backgroundColor: colours },
      { label: 'ideal (no overhead)', data: ideals, backgroundColor: '#c9ced6' },
      ...(other ? [{ label: other.label, data: other.data, backgroundColor: '#f4a261' }] : []),
    ];
    this.chart.update();
  }
}

/** The note shown instead of a chart when Chart.js is not there. */
export function chartMissing() {
  const p = document.createElement('p');
  p.className = 'chart-missing';
  p.textContent =
    'The chart library (Chart.js, from node_modules/chart.js) did not load, so there is no chart here; ' +
    'the table has the same numbers. `npm ci` installs it; `npm start` serves it.';
  return p;
}
