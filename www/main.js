// The page: wires the controls, the worker and the views. The main thread only draws; every
// measurement runs in the worker (worker.js) and its pool.
import { SPEC, defaults, fromQuery, normalize, toQuery, selectedStrategies } from './params.js';
import { PlaygroundWorker } from './worker-client.js';
import { WallTimeChart, chartMissing } from './chart-view.js';
import { renderTable, speedup } from './report-view.js';
import { STRATEGIES, idealOf, BROWSER_CONNECTIONS_PER_HOST, MAX_STARTED_AT_ONCE } from './strategies.js';
import { buildControls, showParams, readControls } from './controls.js';
import { Timeline } from './timeline.js';
import { PRESETS, presetById, ourFigure } from './presets.js';
import { loadHistory, remember, toCsv, validateReport, download } from './history.js';
import { SWEEPABLE, sweepValues, sweepSeries } from './sweep.js';

/** @typedef {import('./params.js').Params} Params */
/** @typedef {import('./worker-client.js').StrategyResult} StrategyResult */
/**
 * @typedef {object} Report
 * @property {Params} params
 * @property {{ crossOriginIsolated: boolean, hardwareConcurrency: number, poolThreads: number, browser: string }} env
 * @property {StrategyResult[]} results
 * @property {string[]} notes    clamping notes for this run's parameters
 * @property {boolean} cancelled
 * @property {string[]} [notRun]  strategies a cancel or crash stopped before they started
 * @property {string} [preset]
 * @property {string} [error]
 */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const state = {
  /** @type {Params} */ params: defaults(),
  /** @type {string | null} */ preset: null,
  poolThreads: 0,
  /** why the worker cannot run anything, if it cannot */
  workerError: '',
  /** @type {Promise<number> | null} the worker start-up the page last followed */
  trackedReady: null,
  running: false,
  /** Cancel was pressed during this run (it may not have reached the worker yet) */
  cancelRequested: false,
  sweeping: false,
  /** @type {Report | null} */ report: null,
  /** @type {Report | null} */ previous: null,
  /** @type {Report | null} */ imported: null,
  /** strategy whose spans the timeline shows; follows the running one unless the user picks */
  timelineChoice: '',
};

/** @type {PlaygroundWorker} */
let worker;
/** @type {WallTimeChart} */
let chart;
/** @type {Timeline} */
let timeline;
/** @type {any[]} */
let sweepCharts = [];

/** Pool size for a `threads` parameter (0 = all the cores the browser reports). */
const resolveThreads = (/** @type {number} */ threads) =>
  threads > 0 ? threads : Math.max(1, navigator.hardwareConcurrency || 1);

/** The browser, briefly (from the user agent). */
function browserName() {
  const ua = navigator.userAgent;
  const m = ua.match(/(HeadlessChrome|Chrome|Firefox|Safari)\/([\d.]+)/);
  return m ? `${m[1]} ${m[2]}` : ua;
}

/** The environment as the report records it. */
function environment() {
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    poolThreads: state.poolThreads,
    browser: browserName(),
  };
}

function renderEnvironment() {
  const env = environment();
  // Not isolated: the worker runs the single-threaded build, which has no pool at all.
  const pool = env.crossOriginIsolated ? env.poolThreads || 'not started' : 'none (single-threaded build)';
  $('env').textContent =
    `crossOriginIsolated: ${env.crossOriginIsolated} · hardwareConcurrency: ${env.hardwareConcurrency}` +
    ` · pool threads: ${pool} · ${env.browser}`;
  const rows = [
    ['crossOriginIsolated', `${env.crossOriginIsolated} — needed for SharedArrayBuffer, so for the thread pool`],
    ['hardwareConcurrency', `${env.hardwareConcurrency} — what the browser reports; it may report fewer cores than the machine has`],
    ['pool threads', `${pool} — Web Workers in the rayon pool (the “threads” slider)`],
    ['browser', navigator.userAgent],
    ['connections per host', `${BROWSER_CONNECTIONS_PER_HOST} over HTTP/1.1 (Chromium), which caps concurrent fetches to one host:port`],
  ];
  $('env-list').replaceChildren(
    ...rows.flatMap(([k, v]) => [
      Object.assign(document.createElement('dt'), { textContent: k }),
      Object.assign(document.createElement('dd'), { textContent: v }),
    ]),
  );
}

/** @param {string} text @param {'warn' | 'info'} [kind] */
function showAlert(text, kind = 'warn') {
  const alert = $('alert');
  alert.textContent = text;
  alert.hidden = !text;
  alert.dataset.kind = kind;
}

/** @param {string[]} notes */
function showNotes(notes) {
  $('notes').replaceChildren(...notes.map((n) => Object.assign(document.createElement('li'), { textContent: n })));
}

/**
 * Makes `params` the page's parameters: controls, notes and the shareable URL.
 * @param {Params} params
 * @param {string[]} notes
 */
function setParams(params, notes) {
  state.params = params;
  showParams(params, resolveThreads(0));
  showNotes(notes);
  const query = new URLSearchParams(toQuery(params).slice(1));
  if (state.preset) query.set('preset', state.preset);
  if (new URLSearchParams(location.search).get('autorun') === '1') query.set('autorun', '1');
  // Kept so a reload (or a shared link) stays in the mode the page was opened in.
  if (new URLSearchParams(location.search).get('isolation') === 'off') query.set('isolation', 'off');
  const text = query.toString();
  history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
  /** @type {HTMLSelectElement} */ ($('preset')).value = state.preset ?? '';
  renderSeed();
}

/** A person changed a control. @param {Event} event */
function onControlInput(event) {
  // The target URL is read when the person is done typing (change), not at each keystroke.
  if (event.type === 'input' && /** @type {HTMLInputElement} */ (event.target).name === 'target') return;
  const raw = readControls(event, state.params);
  const { params, notes } = normalize(raw);
  const target = /** @type {HTMLInputElement} */ (event.target);
  if (target.name === 'strategy' && !params.strategies.length && !selectedStrategies(params).some((id) => id === target.value)) {
    notes.push('at least one strategy is needed; showing the usual set.');
  }
  state.preset = null;
  setParams(params, notes);
}

/** Applies a preset on top of the defaults (keeping pool size and repeats). @param {string} id */
function applyPreset(id) {
  const preset = presetById(id);
  state.preset = preset ? preset.id : null;
  const base = { ...defaults(), threads: state.params.threads, repeat: state.params.repeat };
  const { params, notes } = normalize({ ...base, ...(preset?.params ?? {}) });
  setParams(params, notes);
}

/** The seed's published figure beside ours, for the active preset. */
function renderSeed() {
  const box = $('seed');
  const preset = presetById(state.preset);
  box.hidden = !preset;
  if (!preset) return;
  const ours =
    state.report?.preset === preset.id && state.report.results.length
      ? ourFigure(preset, state.report.results)
      : 'press Run to measure it here';
  box.replaceChildren(
    Object.assign(document.createElement('h2'), { textContent: preset.title }),
    Object.assign(document.createElement('p'), { className: 'source', textContent: preset.source }),
    figure('The seed published', preset.published),
    figure('Measured here', ours),
  );
}

/** @param {string} label @param {string} text */
function figure(label, text) {
  const p = document.createElement('p');
  p.className = 'figure';
  p.append(Object.assign(document.createElement('strong'), { textContent: `${label}: ` }), text);
  return p;
}

/** Keeps the environment line in step with a worker that is (re)starting. */
async function trackPool() {
  state.trackedReady = worker.ready;
  state.poolThreads = 0;
  renderEnvironment();
  try {
    state.poolThreads = await /** @type {Promise<number>} */ (worker.ready);
    state.workerError = '';
  } catch (err) {
    state.workerError = /** @type {Error} */ (err).message;
    showAlert(`The thread pool did not start: ${state.workerError}`);
  }
  renderEnvironment();
  setRunning(state.running);
}

/** The worker crashed (a panic): say so; the client is already starting a fresh one. */
function onCrash(/** @type {string} */ message) {
  showAlert(`The worker crashed and was replaced by a fresh one with a new thread pool. The panic: ${message}`);
  trackPool();
}

function setRunning(/** @type {boolean} */ running) {
  state.running = running;
  // Run stays available while a fresh worker starts (after a cancel or crash): run() waits for it.
  const idle = !running && Boolean(worker) && !state.workerError;
  /** @type {HTMLButtonElement} */ ($('run')).disabled = !idle || state.sweeping;
  /** @type {HTMLButtonElement} */ ($('sweep-run')).disabled = !idle || state.sweeping;
  /** @type {HTMLButtonElement} */ ($('cancel')).disabled = !running;
}

/** One progress row per strategy: a bar and "done / total". @param {string} strategy */
function progressRow(strategy) {
  let row = /** @type {HTMLElement | null} */ ($('progress').querySelector(`[data-strategy="${strategy}"]`));
  if (!row) {
    row = document.createElement('div');
    row.className = 'progress-row';
    row.dataset.strategy = strategy;
    const text = Object.assign(document.createElement('span'), { className: 'count' });
    row.append(Object.assign(document.createElement('span'), { textContent: strategy }), document.createElement('progress'), text);
    $('progress').append(row);
  }
  return {
    bar: /** @type {HTMLProgressElement} */ (row.querySelector('progress')),
    text: /** @type {HTMLElement} */ (row.querySelector('.count')),
  };
}

/** @param {import('./worker-client.js').WorkerEvent} event */
function onWorkerEvent(event) {
  if (event.type === 'strategy-start') {
    const { bar, text } = progressRow(event.strategy);
    bar.max = event.total;
    bar.value = 0;
    text.textContent = `0 / ${event.total} running…`;
    followTimeline(event.strategy, []);
  } else if (event.type === 'progress') {
    const { bar, text } = progressRow(event.strategy);
    bar.max = event.total;
    bar.value = event.done;
    const rep = event.reps > 1 ? ` · ${event.rep === 0 ? 'warm-up' : `run ${event.rep}/${event.reps - 1}`}` : '';
    text.textContent = `${event.done} / ${event.total}${rep}${outcomeCounts(event)}`;
    if (timeline.strategy === event.strategy && !state.timelineChoice) timeline.append(event.spans);
  } else if (event.type === 'repeat-start') {
    // A further run of the same strategy: its timeline starts empty again.
    if (timeline.strategy === event.strategy && !state.timelineChoice) followTimeline(event.strategy, []);
  } else if (event.type === 'strategy-done') {
    const r = /** @type {StrategyResult & { repeat?: any }} */ (event.result);
    const { bar, text } = progressRow(r.strategy);
    bar.max = r.tasks;
    bar.value = r.tasks;
    text.textContent = `${r.ok} / ${r.tasks} ok in ${r.wallMs.toFixed(0)} ms${outcomeCounts(r)}`;
    if (state.report) state.report.results.push(r);
    // After a Cancel this is the last result, and run() draws them all once the run settles:
    // drawing the chart here as well cost ~30 ms of the time until Run is enabled again.
    if (!state.cancelRequested) drawResults();
    if (!state.timelineChoice) timeline.show(r.strategy, r.spans, r.wallMs, r.spanSample);
  }
}

/** " · 3 failed · 2 cancelled", or "" when nothing failed or was cancelled.
 * @param {{ failed?: number, cancelled?: number }} counts */
function outcomeCounts({ failed = 0, cancelled = 0 }) {
  return (failed ? ` · ${failed} failed` : '') + (cancelled ? ` · ${cancelled} cancelled` : '');
}

/** Points the timeline at the running strategy unless the person chose one. */
function followTimeline(/** @type {string} */ strategy, /** @type {any[]} */ spans) {
  if (state.timelineChoice) return;
  timeline.show(strategy, spans);
  const select = /** @type {HTMLSelectElement} */ ($('timeline-strategy'));
  if (![...select.options].some((o) => o.value === strategy)) select.append(new Option(strategy, strategy));
  select.value = strategy;
}

/** The report to compare against, if the person asked for one. */
function comparison() {
  if (state.imported) return { label: 'imported', report: state.imported };
  if (/** @type {HTMLInputElement} */ ($('compare-previous')).checked && state.previous) {
    return { label: 'previous run', report: state.previous };
  }
  return null;
}

/** Draws the chart, table, timeline choices and explanations for the current report. */
function drawResults() {
  const report = state.report;
  const results = report?.results ?? [];
  const params = report?.params ?? state.params;
  const ideals = results.map(idealOf);
  const other = comparison();
  const baseline = other
    ? results.map((r) => other.report.results.find((o) => o.strategy === r.strategy)?.wallMs ?? null)
    : null;
  chart.update(results, ideals, other ? { label: other.label, data: /** @type {(number|null)[]} */ (baseline) } : null);
  renderTable(/** @type {HTMLTableSectionElement} */ ($('table').querySelector('tbody')), results, ideals);
  const select = /** @type {HTMLSelectElement} */ ($('timeline-strategy'));
  const keep = select.value;
  select.replaceChildren(...results.map((r) => new Option(r.strategy, r.strategy)));
  if (results.some((r) => r.strategy === keep)) select.value = keep;
  renderExplanations(params, results);
  renderSeed();
}

/**
 * Per strategy: what it models, the Python, and what this result shows.
 * @param {Params} params
 * @param {StrategyResult[]} results
 */
function renderExplanations(params, results) {
  const ids = results.length ? results.map((r) => r.strategy) : selectedStrategies(params);
  $('explanations').replaceChildren(
    ...ids.map((id) => {
      const info = STRATEGIES[id];
      const result = /** @type {any} */ (results.find((r) => r.strategy === id));
      const box = document.createElement('details');
      box.dataset.strategy = id;
      box.append(
        Object.assign(document.createElement('summary'), { textContent: `${id} — ${info.models}` }),
        Object.assign(document.createElement('pre'), { textContent: info.python }),
        Object.assign(document.createElement('p'), { textContent: `Expect: ${info.expect}` }),
      );
      if (result) box.append(Object.assign(document.createElement('p'), { className: 'shows', textContent: `This run: ${whatItShows(result, results, params)}` }));
      return box;
    }),
  );
}

/**
 * One sentence on what a result shows.
 * @param {any} r
 * @param {StrategyResult[]} all
 * @param {Params} params
 */
function whatItShows(r, all, params) {
  const parts = [`${r.wallMs.toFixed(0)} ms`];
  const s = speedup(r, all);
  if (s != null && !r.strategy.endsWith('-sequential')) parts.push(`${s.toFixed(2)}× the sequential speed`);
  if (r.repeat?.runs > 1) parts.push(`median of ${r.repeat.runs} (${r.repeat.minMs.toFixed(0)}–${r.repeat.maxMs.toFixed(0)} ms)`);
  parts.push(`peak ${r.peakInFlight} in flight on ${r.lanesUsed} lanes`);
  if (r.peakOnWire != null && r.peakOnWire < r.peakInFlight) {
    parts.push(`but at most ${r.peakOnWire} were on the wire at once: the rest waited inside the browser (pale bars in the timeline)`);
  }
  const d = r.detail;
  if (d?.expected != null) parts.push(`counter ${d.actual} of ${d.expected}: ${d.lost} updates lost`);
  if (d?.order) parts.push(`results delivered in order ${d.order.slice(0, 12).join(', ')}${d.order.length > 12 ? ', …' : ''}; first after ${d.firstResultMs?.toFixed(0)} ms`);
  if (d?.values) parts.push(`values [${d.values.join(', ')}]`);
  if (d?.meanStartupMs != null) parts.push(`each worker took ${d.meanStartupMs.toFixed(0)} ms to start before working`);
  if (d?.ports) parts.push(`spread over ${d.ports} ports`);
  if (r.strategy === 'fetch-concurrent' && params.tasks > BROWSER_CONNECTIONS_PER_HOST && params.latency > 0) {
    parts.push(`the browser sends at most ${BROWSER_CONNECTIONS_PER_HOST} requests at once to one host:port`);
  }
  if (r.failed || r.cancelled) parts.push(`${r.ok} of ${r.tasks} ok, ${r.failed} failed, ${r.cancelled ?? 0} cancelled`);
  if (r.failures?.length > 1) parts.push(`failures: ${r.failures.map((f) => `${f.count} × ${f.reason}`).join(', ')}`);
  if (r.error) parts.push(`first failure: ${r.error}`);
  if (r.interrupted) parts.push('its worker was stopped mid-task, so these counts come from its last progress report');
  return parts.join('; ') + '.';
}

/** A sentence about what this run shows that the bars alone do not. */
function explain(/** @type {Params} */ params, /** @type {StrategyResult[]} */ results) {
  const concurrent = results.find((r) => r.strategy === 'fetch-concurrent');
  if (concurrent && params.tasks > BROWSER_CONNECTIONS_PER_HOST && params.latency > 0) {
    return (
      (params.tasks > MAX_STARTED_AT_ONCE
        ? `fetch-concurrent kept ${MAX_STARTED_AT_ONCE} requests started at a time (more at once exhaust the browser), but the browser keeps at most `
        : `fetch-concurrent started all ${params.tasks} requests at once, but the browser keeps at most `) +
      `${BROWSER_CONNECTIONS_PER_HOST} connections to one host over HTTP/1.1, so they ran in ` +
      `${Math.ceil(params.tasks / BROWSER_CONNECTIONS_PER_HOST)} rounds (at most ${concurrent.peakOnWire ?? '?'} on the wire at once).` +
      (results.some((r) => r.strategy === 'fetch-multiport') ? '' : ' fetch-multiport gets past this by spreading requests over several ports.')
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
  if (!worker || state.workerError) throw new Error(`the worker is not available: ${state.workerError || 'see the message at the top of the page'}`);
  const { params, notes, refused } = normalize({ ...state.params, ...raw });
  if (refused.length) {
    showAlert(`Not run: ${refused.join(' ')}`);
    throw new Error(refused.join(' '));
  }
  if (Object.keys(raw).length && !state.sweeping) state.preset = null;
  setParams(params, notes);
  state.cancelRequested = false;
  setRunning(true);
  showAlert('');
  $('progress').replaceChildren();
  if (state.report?.results.length && !state.report.cancelled) state.previous = state.report;
  /** @type {Report} */
  const report = { params, env: environment(), results: [], notes, cancelled: false, ...(state.preset ? { preset: state.preset } : {}) };
  state.report = report;
  drawResults();
  try {
    if (resolveThreads(params.threads) !== worker.threads) {
      worker.resize(resolveThreads(params.threads)).catch(() => {});
      await trackPool();
    } else if (worker.ready !== state.trackedReady) {
      // A fresh worker (after a cancel that terminated one, or a crash) is still starting.
      await trackPool();
    }
    // A fresh worker may still be starting (the trackPool above, or one cancel() already
    // follows). Cancel pressed meanwhile has no run to stop yet: nothing ran, nothing is sent.
    await worker.ready;
    if (state.cancelRequested) throw Object.assign(new Error('cancelled'), { cancelled: true, partial: [] });
    report.env = environment();
    report.results = await worker.run(params, onWorkerEvent);
    const note = explain(params, report.results);
    if (note) showAlert(note, 'info');
  } catch (err) {
    const e = /** @type {Error & { cancelled?: boolean, crashed?: boolean, partial?: StrategyResult[], notRun?: string[] }} */ (err);
    report.cancelled = Boolean(e.cancelled);
    report.error = e.message;
    report.results = e.partial ?? report.results;
    const started = new Set(report.results.map((r) => r.strategy));
    report.notRun = e.notRun?.length ? e.notRun : selectedStrategies(params).filter((id) => !started.has(id));
    if (e.cancelled) showAlert(cancelSummary(report));
    else if (!e.crashed) showAlert(`The run failed: ${e.message}`);
  } finally {
    setRunning(false);
  }
  drawResults();
  renderHistory(remember(report));
  for (const id of ['export-json', 'export-csv']) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
  return report;
}

/** What a cancel stopped, in one sentence. @param {Report} report */
function cancelSummary(report) {
  const stopped = report.results.filter((r) => r.cancelled > 0);
  const parts = stopped.map((r) => `${r.strategy}: ${r.ok} ok, ${r.failed} failed, ${r.cancelled} cancelled of ${r.tasks}${r.interrupted ? ' (its worker was stopped; counts from its last progress report)' : ''}`);
  return (
    'Cancelled. Results so far are kept. ' +
    (parts.length ? `${parts.join('; ')}. ` : '') +
    (report.notRun?.length ? `Not run: ${report.notRun.join(', ')}.` : '')
  );
}

async function cancel() {
  if (!state.running) return;
  state.sweeping = false;
  // Seen by run() if it is still waiting for a fresh worker (worker.cancel() has no run yet).
  state.cancelRequested = true;
  await worker.cancel();
  // A hard stop replaced the worker: follow the new one's start-up.
  if (worker.ready !== state.trackedReady) trackPool();
}

/**
 * Runs the selected strategies once per value of `param` and plots the result.
 * @param {string} param
 * @param {number[]} values
 */
async function sweep(param, values) {
  if (!SWEEPABLE.includes(param)) throw new Error(`${param} cannot be swept (choose ${SWEEPABLE.join(', ')})`);
  if (!Array.isArray(values) || !values.length) throw new Error('give the values to sweep, like [1, 2, 4]');
  const base = { ...state.params };
  /** @type {import('./sweep.js').Point[]} */
  const points = [];
  state.sweeping = true;
  setRunning(false);
  try {
    for (const [i, value] of values.entries()) {
      if (!state.sweeping) break;
      $('sweep-status').textContent = `point ${i + 1} of ${values.length}: ${param} = ${value}…`;
      state.running = false;
      const report = await run({ ...base, [param]: value });
      if (report.cancelled || report.error) break;
      points.push({ value: /** @type {any} */ (report.params)[param], poolThreads: report.env.poolThreads, params: report.params, results: report.results });
      drawSweep(param, points);
    }
  } finally {
    state.sweeping = false;
    setRunning(false);
  }
  const series = sweepSeries(param, points);
  $('sweep-status').textContent =
    `${points.length} of ${values.length} points done.` + (series.serial != null ? ` Amdahl fit for cpu-rayon: ${(series.serial * 100).toFixed(1)}% serial.` : '');
  return { param, points: points.map((p) => ({ value: p.value, results: p.results.map((r) => ({ strategy: r.strategy, wallMs: r.wallMs })) })), serialFraction: series.serial };
}

/** @param {string} param @param {import('./sweep.js').Point[]} points */
function drawSweep(param, points) {
  const series = sweepSeries(param, points);
  $('sweep-charts').hidden = false;
  const Chart = /** @type {any} */ (window).Chart;
  for (const c of sweepCharts) c.destroy();
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
  sweepCharts = [make('sweep-time', series.time, 'wall time (ms)'), make('sweep-speedup', series.speed, 'speedup vs sequential')];
}

/** One formatter for every history line: `toLocaleTimeString()` builds a new one per call,
 * ~1.2 ms each here, which made redrawing a 20-run history take ~25 ms after every run. */
const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** @param {import('./history.js').Report[]} list */
function renderHistory(list) {
  $('history').replaceChildren(
    ...list.map((r) => {
      const li = document.createElement('li');
      const when = r.savedAt ? TIME_OF_DAY.format(new Date(r.savedAt)) : '';
      const label = r.preset ? presetById(r.preset)?.title ?? r.preset : r.params.workload;
      li.textContent = `${when} · ${label}${r.cancelled ? ' (cancelled)' : ''}: ` + r.results.map((x) => `${x.strategy} ${x.wallMs.toFixed(0)} ms`).join(', ');
      return li;
    }),
  );
}

function exportJson() {
  if (state.report) download('playground-report.json', 'application/json', JSON.stringify(state.report, null, 2));
}

function exportCsv() {
  if (state.report) download('playground-report.csv', 'text/csv', toCsv(state.report));
}

/** Reads a saved report to compare against. @param {Event} event */
async function importJson(event) {
  const input = /** @type {HTMLInputElement} */ (event.target);
  const file = input.files?.[0];
  if (!file) return;
  try {
    state.imported = validateReport(JSON.parse(await file.text()));
    showAlert(`Imported ${file.name}: its times are drawn beside this run's as “imported”.`, 'info');
    drawResults();
  } catch (err) {
    showAlert(`${file.name} is not a playground report: ${/** @type {Error} */ (err).message}`);
  } finally {
    input.value = '';
  }
}

function wireSweepForm() {
  const select = /** @type {HTMLSelectElement} */ ($('sweep-param'));
  for (const p of SWEEPABLE) select.append(new Option(SPEC[p].label, p));
  $('sweep-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const num = (/** @type {string} */ id) => Number(/** @type {HTMLInputElement} */ ($(id)).value);
    try {
      const values = sweepValues(select.value, num('sweep-from'), num('sweep-to'), num('sweep-steps'), /** @type {HTMLInputElement} */ ($('sweep-geometric')).checked);
      await sweep(select.value, values);
    } catch (err) {
      $('sweep-status').textContent = `Sweep not run: ${/** @type {Error} */ (err).message}`;
    }
  });
}

function wirePresets() {
  const select = /** @type {HTMLSelectElement} */ ($('preset'));
  for (const p of PRESETS) select.append(new Option(p.title, p.id));
  select.addEventListener('change', () => applyPreset(select.value));
}

/** Adds a paragraph to the box that explains how this page is served. @param {string} text */
function showSetupNote(text) {
  const box = $('isolation');
  const p = document.createElement('p');
  p.textContent = text;
  box.append(p);
  box.hidden = false;
}

/**
 * Asks the server for the mock API (its mirror list). A plain static server has none: then every
 * mock request would fail with HTTP 404, so the page says why before anyone presses Run.
 */
async function checkMockApi() {
  const answer = await fetch('/api/mirrors', { cache: 'no-store' })
    .then(async (r) => (r.ok ? r.json() : { status: r.status }))
    .catch((/** @type {Error} */ e) => ({ status: e.message }));
  if (Array.isArray(answer?.mirrors)) return;
  showSetupNote(
    `This server has no mock API (/api/mirrors answered ${answer?.status ?? 'something else'}), so the fetch and ` +
      'pipeline strategies will fail with HTTP 404 unless you give them a Target URL. CPU work needs ' +
      'no server. `npm start` serves the page with its mock API.',
  );
}

async function main() {
  buildControls();
  chart = new WallTimeChart(/** @type {HTMLCanvasElement} */ ($('chart')));
  timeline = new Timeline(/** @type {HTMLCanvasElement} */ ($('timeline')));
  wirePresets();
  wireSweepForm();
  const { params, notes, autorun, preset } = fromQuery(location.search);
  if (preset && presetById(preset)) {
    // A preset gives the starting point; parameters in the URL adjust it.
    state.preset = preset;
    const raw = Object.fromEntries([...new URLSearchParams(location.search)].filter(([k]) => k in SPEC));
    const merged = normalize({ ...defaults(), ...presetById(preset)?.params, ...raw });
    setParams(merged.params, merged.notes);
  } else {
    if (preset) notes.push(`unknown preset "${preset}" ignored (known: ${PRESETS.map((p) => p.id).join(', ')}).`);
    setParams(params, notes);
  }
  $('params').addEventListener('input', onControlInput);
  $('p-target').addEventListener('change', onControlInput);
  // run() shows its own failures on the page; the rejection matters only to console callers.
  $('run').addEventListener('click', () => run().catch(() => {}));
  $('cancel').addEventListener('click', cancel);
  $('compare-previous').addEventListener('change', drawResults);
  $('export-json').addEventListener('click', exportJson);
  $('export-csv').addEventListener('click', exportCsv);
  $('import-json').addEventListener('change', importJson);
  $('timeline-strategy').addEventListener('change', (e) => {
    const id = /** @type {HTMLSelectElement} */ (e.target).value;
    state.timelineChoice = id;
    const r = state.report?.results.find((x) => x.strategy === id);
    if (r) timeline.show(id, r.spans, r.wallMs, r.spanSample);
  });
  renderHistory(loadHistory());
  drawResults();
  timeline.draw();

  window.playground = {
    run,
    sweep,
    presets: PRESETS.map((p) => p.id),
    preset: (/** @type {string} */ id) => {
      if (!presetById(id)) throw new Error(`unknown preset "${id}" (known: ${PRESETS.map((p) => p.id).join(', ')})`);
      applyPreset(id);
      return run();
    },
    get params() {
      return structuredClone(state.params);
    },
    get report() {
      return state.report;
    },
    ready: Promise.resolve(0),
    /** Panics inside the worker on purpose, to see (and test) crash recovery: resolves with the
     * new pool size once a fresh worker is up. @param {'worker' | 'pool'} where */
    debugPanic: async (where = 'worker') => {
      if (where !== 'worker' && where !== 'pool') throw new Error(`debugPanic panics in the 'worker' or the 'pool', not "${where}"`);
      if (state.running) throw new Error('wait for the run to finish, or cancel it');
      const before = worker.ready;
      worker.panic(where);
      while (worker.ready === before) await new Promise((r) => setTimeout(r, 20));
      return worker.ready;
    },
  };

  renderEnvironment();
  if (!self.crossOriginIsolated) {
    // The worker loads the single-threaded build (www/pkg-single); params.js leaves out what
    // needs the pool, with a note, and the strategy boxes for it are disabled.
    showSetupNote(
      'This page is not cross-origin isolated, so the browser gives it no SharedArrayBuffer and the ' +
      'thread pool cannot start. It runs a single-threaded build instead: the fetch strategies, ' +
      'cpu-sequential, cpu-worker-per-task and pipeline-sequential work; the strategies that need ' +
      'the pool are left out. To get the pool, open the page through `npm start`, whose server ' +
      'sends the Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: ' +
      'require-corp headers.',
    );
  }
  checkMockApi();
  worker = new PlaygroundWorker(resolveThreads(params.threads), onCrash);
  window.playground.ready = worker.start();
  await trackPool();
  if (autorun && !state.workerError) run().catch(() => {});
}

main();
