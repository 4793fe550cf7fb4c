// The page: controls, the worker, and what it draws. The main thread only draws; every
// measurement runs in the worker (worker.js).
import { SPEC, NAMES, fromQuery, normalize, toQuery } from './params.js';
import { PlaygroundWorker } from './worker-client.js';
import { WallTimeChart } from './chart-view.js';
import { renderTable } from './report-view.js';
import { idealMs, BROWSER_CONNECTIONS_PER_HOST } from './strategies.js';

/** @typedef {import('./params.js').Params} Params */
/** @typedef {import('./worker-client.js').StrategyResult} StrategyResult */
/**
 * @typedef {object} Report
 * @property {Params} params
 * @property {{ crossOriginIsolated: boolean, hardwareConcurrency: number, poolThreads: number }} env
 * @property {StrategyResult[]} results
 * @property {string[]} notes    clamping notes for this run's parameters
 * @property {boolean} cancelled
 * @property {string} [error]
 */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {Params} */ params: normalize({}).params,
  poolThreads: 0,
  running: false,
  /** @type {Report | null} */ report: null,
};

/** @type {PlaygroundWorker} */
let worker;
/** @type {WallTimeChart} */
let chart;

/** Pool size for a `threads` parameter (0 = all the cores the browser reports). */
const resolveThreads = (/** @type {number} */ threads) =>
  threads > 0 ? threads : Math.max(1, navigator.hardwareConcurrency || 1);

/** The environment as the report records it. */
function environment() {
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    poolThreads: state.poolThreads,
  };
}

function renderEnvironment() {
  const env = environment();
  $('env').textContent =
    `crossOriginIsolated: ${env.crossOriginIsolated} · hardwareConcurrency: ${env.hardwareConcurrency}` +
    ` · pool threads: ${env.poolThreads || 'not started'}`;
}

/** @param {string} text */
function showAlert(text) {
  const alert = $('alert');
  alert.textContent = text;
  alert.hidden = !text;
}

/** @param {string[]} notes */
function showNotes(notes) {
  $('notes').replaceChildren(
    ...notes.map((n) => Object.assign(document.createElement('li'), { textContent: n })),
  );
}

/** Builds one labelled slider per integer parameter, with its value shown beside it. */
function buildSliders() {
  const box = $('sliders');
  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) {
    const spec = SPEC[name];
    const row = document.createElement('div');
    row.className = 'slider';
    row.title = spec.help;
    const label = document.createElement('label');
    label.htmlFor = `p-${name}`;
    label.textContent = spec.label;
    const input = Object.assign(document.createElement('input'), {
      type: 'range',
      id: `p-${name}`,
      name,
      min: String(spec.min),
      max: String(spec.max),
      step: '1',
    });
    const output = document.createElement('output');
    output.htmlFor = input.id;
    output.id = `v-${name}`;
    const help = Object.assign(document.createElement('small'), { textContent: spec.help });
    row.append(label, input, output, help);
    box.append(row);
  }
}

/** Puts parameter values into the controls. */
function showParams(/** @type {Params} */ params) {
  for (const name of NAMES) {
    const spec = SPEC[name];
    if (spec.kind === 'choice') {
      const radio = /** @type {HTMLInputElement | null} */ (
        document.querySelector(`input[name="${name}"][value="${params[name]}"]`)
      );
      if (radio) radio.checked = true;
      continue;
    }
    /** @type {HTMLInputElement} */ ($(`p-${name}`)).value = String(params[name]);
    let text = `${params[name]}${spec.unit ? ` ${spec.unit}` : ''}`;
    if (name === 'threads' && params[name] === 0) text = `auto (${resolveThreads(0)})`;
    $(`v-${name}`).textContent = text;
  }
}

/** Reads the controls, clamps, and keeps the URL in step so it can be shared. */
function readControls() {
  const form = /** @type {HTMLFormElement} */ ($('params'));
  const raw = Object.fromEntries(new FormData(form));
  const { params, notes } = normalize(raw);
  setParams(params, notes);
}

/**
 * @param {Params} params
 * @param {string[]} notes
 */
function setParams(params, notes) {
  state.params = params;
  showParams(params);
  showNotes(notes);
  const autorun = new URLSearchParams(location.search).get('autorun') === '1' ? '' : null;
  const query = toQuery(params);
  const url = `${location.pathname}${query}${autorun === '' ? `${query ? '&' : '?'}autorun=1` : ''}`;
  history.replaceState(null, '', url);
}

function setRunning(/** @type {boolean} */ running) {
  state.running = running;
  /** @type {HTMLButtonElement} */ ($('run')).disabled = running || state.poolThreads === 0;
  /** @type {HTMLButtonElement} */ ($('cancel')).disabled = !running;
}

/** One progress row per strategy: a bar and "done / total". */
function progressRow(/** @type {string} */ strategy) {
  let row = /** @type {HTMLElement | null} */ (
    $('progress').querySelector(`[data-strategy="${strategy}"]`)
  );
  if (!row) {
    row = document.createElement('div');
    row.className = 'progress-row';
    row.dataset.strategy = strategy;
    const name = Object.assign(document.createElement('span'), { textContent: strategy });
    const bar = document.createElement('progress');
    const text = document.createElement('span');
    text.className = 'count';
    row.append(name, bar, text);
    $('progress').append(row);
  }
  return row;
}

/** @param {import('./worker-client.js').WorkerEvent} event */
function onWorkerEvent(event) {
  if (event.type === 'strategy-start' || event.type === 'progress') {
    const row = progressRow(event.strategy);
    const bar = /** @type {HTMLProgressElement} */ (row.querySelector('progress'));
    bar.max = event.total;
    bar.value = event.done ?? 0;
    /** @type {HTMLElement} */ (row.querySelector('.count')).textContent =
      `${event.done ?? 0} / ${event.total}${event.type === 'strategy-start' ? ' running…' : ''}`;
  } else if (event.type === 'strategy-done') {
    const r = event.result;
    /** @type {HTMLElement} */ (progressRow(r.strategy).querySelector('.count')).textContent =
      `${r.ok} / ${r.tasks} in ${r.wallMs.toFixed(0)} ms${r.failed ? ` (${r.failed} failed)` : ''}`;
    const bar = /** @type {HTMLProgressElement} */ (progressRow(r.strategy).querySelector('progress'));
    bar.max = r.tasks;
    bar.value = r.tasks;
    drawResults(state.params, [...(state.report?.results ?? []), r]);
    if (state.report) state.report.results.push(r);
  }
}

/** Ideal times for each result. */
function idealsFor(/** @type {Params} */ params, /** @type {StrategyResult[]} */ results) {
  const sequentialCpuMs = results.find((r) => r.strategy === 'cpu-sequential')?.wallMs;
  return results.map((r) =>
    idealMs(r.strategy, params, { poolThreads: state.poolThreads, sequentialCpuMs }),
  );
}

/** Draws the chart and the table for a set of results. */
function drawResults(/** @type {Params} */ params, /** @type {StrategyResult[]} */ results) {
  const ideals = idealsFor(params, results);
  chart.update(results, ideals);
  renderTable(/** @type {HTMLTableSectionElement} */ ($('table').querySelector('tbody')), results, ideals);
}

/** A sentence about what this run shows that the bars alone do not. */
function explain(/** @type {Params} */ params, /** @type {StrategyResult[]} */ results) {
  const concurrent = results.find((r) => r.strategy === 'fetch-concurrent');
  if (concurrent && params.tasks > BROWSER_CONNECTIONS_PER_HOST && params.latency > 0) {
    return (
      `fetch-concurrent started all ${params.tasks} requests at once, but the browser keeps at most ` +
      `${BROWSER_CONNECTIONS_PER_HOST} connections to one host over HTTP/1.1, so they ran in ` +
      `${Math.ceil(params.tasks / BROWSER_CONNECTIONS_PER_HOST)} rounds (peak in flight: ${concurrent.peakInFlight}).`
    );
  }
  return '';
}

/**
 * Runs one experiment with the given (raw) parameters on top of the page's current ones.
 * Resolves to the report the page shows.
 * @param {Record<string, unknown>} [raw]
 * @returns {Promise<Report>}
 */
async function run(raw = {}) {
  if (state.running) throw new Error('a run is already in progress; cancel it or wait for it to finish');
  const { params, notes } = normalize({ ...state.params, ...raw });
  setParams(params, notes);
  setRunning(true);
  showAlert('');
  $('progress').replaceChildren();
  drawResults(params, []);
  /** @type {Report} */
  const report = { params, env: environment(), results: [], notes, cancelled: false };
  state.report = report;
  try {
    if (resolveThreads(params.threads) !== worker.threads) {
      state.poolThreads = 0;
      renderEnvironment();
      state.poolThreads = await worker.resize(resolveThreads(params.threads));
      report.env = environment();
      renderEnvironment();
    }
    const results = await worker.run(params, onWorkerEvent);
    report.results = results;
    showAlert(explain(params, results));
  } catch (err) {
    const e = /** @type {Error & { cancelled?: boolean }} */ (err);
    report.cancelled = Boolean(e.cancelled);
    report.error = e.message;
    showAlert(e.cancelled ? 'Cancelled: the results of strategies that finished are kept.' : `The run failed: ${e.message}`);
  } finally {
    setRunning(false);
  }
  drawResults(params, report.results);
  return report;
}

async function cancel() {
  if (!state.running) return;
  state.poolThreads = 0;
  renderEnvironment();
  try {
    state.poolThreads = await worker.cancel();
  } catch (err) {
    showAlert(`The worker did not restart: ${/** @type {Error} */ (err).message}`);
  }
  renderEnvironment();
  setRunning(false);
}

async function main() {
  buildSliders();
  chart = new WallTimeChart(/** @type {HTMLCanvasElement} */ ($('chart')));
  const { params, notes, autorun } = fromQuery(location.search);
  setParams(params, notes);
  $('params').addEventListener('input', readControls);
  $('run').addEventListener('click', () => run());
  $('cancel').addEventListener('click', cancel);

  window.playground = {
    run,
    get params() {
      return { ...state.params };
    },
    get report() {
      return state.report;
    },
    ready: Promise.resolve(0),
  };

  renderEnvironment();
  if (!self.crossOriginIsolated) {
    showAlert(
      'This page is not cross-origin isolated, so the browser gives it no SharedArrayBuffer and ' +
        'the thread pool cannot start. Open it through `npm start`, whose server sends the ' +
        'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp headers.',
    );
    return;
  }
  worker = new PlaygroundWorker(resolveThreads(params.threads));
  window.playground.ready = worker.start();
  try {
    state.poolThreads = await window.playground.ready;
  } catch (err) {
    showAlert(`The thread pool did not start: ${/** @type {Error} */ (err).message}`);
  }
  renderEnvironment();
  setRunning(false);
  if (autorun && state.poolThreads > 0) run();
}

main();
