// The page's controller: the state a run, a cancel and a sweep share, and their orchestration.
// It follows the worker (worker-client.js) and tells the views (www/views/) what to show; the
// main thread only draws, every measurement runs in the worker and its pool.
import { toTrace } from '../model/trace.js';
import { defaults, normalize, selectedStrategies } from '../model/params.js';
import { presetById } from '../model/presets.js';
import { SWEEPABLE, sweepSeries } from '../model/sweep.js';
import { loadHistory, remember, toCsv, validateReport } from '../model/history.js';
import { PlaygroundWorker } from '../protocol/worker-client.js';
import { poolSizeFor, readEnvironment } from './environment.js';
import { adoptEarlyStart } from './early-start.js';
import { writeUrl } from './url-state.js';
import { showAlert, showNotes } from '../views/alerts.js';
import { showParams, enableRunButtons } from '../views/controls.js';
import { WallTimeChart, comparesWithPrevious } from '../views/chart.js';
import { renderTable } from '../views/table.js';
import { TimelinePanel } from '../views/timeline-panel.js';
import { renderExplanations, runNote, cancelSummary } from '../views/explanations.js';
import { clearProgress, strategyStarted, strategyProgressed, strategyDone } from '../views/progress.js';
import { renderEnvironment } from '../views/environment.js';
import { SweepChart, showSweepStatus, enableSweepButton, showSweepForm } from '../views/sweep-chart.js';
import { renderHistory, enableExport, download } from '../views/keep-and-share.js';
import { showPresetChoice, renderSeed, renderWelcome } from '../views/seed.js';
import { renderMatrix, reportMatrix } from '../views/matrix.js';
import { askFor, settleGuess } from '../views/predict.js';
import { $ } from '../views/dom.js';
import { afterNextFrame } from '../views/live-frame.js';
import { FROM_WORKER, RUN_MARKS } from '../protocol/messages.js';

/** @typedef {import('../model/params.js').Params} Params */
/** @typedef {import('../model/results.js').Report} Report */
/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/** @typedef {Error & { cancelled?: boolean, crashed?: boolean, partial?: StrategyResult[], notRun?: string[] }} RunFailure */

export class Controller {
  constructor() {
    /** @type {Params} */ this.params = defaults();
    /** @type {string | null} */ this.preset = null;
    this.poolThreads = 0;
    /** why the worker cannot run anything, if it cannot */
    this.workerError = '';
    /** @type {PlaygroundWorker | null} */ this.worker = null;
    /** @type {Promise<number> | null} the worker start-up the page last followed */
    this.trackedReady = null;
    this.running = false;
    /** Cancel was pressed during this run (it may not have reached the worker yet) */
    this.cancelRequested = false;
    this.sweeping = false;
    /** @type {Report | null} */ this.report = null;
    /** @type {Report | null} */ this.previous = null;
    /** @type {Report | null} */ this.imported = null;
    this.chart = new WallTimeChart(/** @type {HTMLCanvasElement} */ ($('chart')));
    this.timeline = new TimelinePanel();
    this.sweepChart = new SweepChart();
  }

  /**
   * Makes `params` the page's parameters: controls, notes and the shareable address.
   * @param {Params} params
   * @param {string[]} notes
   */
  setParams(params, notes) {
    this.params = params;
    showParams(params, poolSizeFor(0));
    showNotes(notes);
    writeUrl(params, this.preset);
    showPresetChoice(this.preset);
    renderSeed(this.preset, this.report);
    renderWelcome(!this.preset && !this.report?.results.length);
    askFor(this.preset);
  }

  /** A person changed a control: the preset no longer describes the parameters. @param {Params} params @param {string[]} notes */
  edit(params, notes) {
    this.preset = null;
    this.setParams(params, notes);
  }

  /** Applies a preset on top of the defaults (keeping pool size and repeats). @param {string} id */
  applyPreset(id) {
    const preset = presetById(id);
    this.preset = preset ? preset.id : null;
    const base = { ...defaults(), threads: this.params.threads, repeat: this.params.repeat };
    const { params, notes } = normalize({ ...base, ...(preset?.params ?? {}) });
    this.setParams(params, notes);
  }

  /** Starts the worker for the current pool size and follows its start-up. */
  async startWorker() {
    const threads = poolSizeFor(this.params.threads);
    this.worker = new PlaygroundWorker(threads, (message) => this.crashed(message));
    this.worker.start(adoptEarlyStart(threads));
    await this.trackPool();
  }

  /** Keeps the environment line in step with a worker that is (re)starting. */
  async trackPool() {
    const worker = /** @type {PlaygroundWorker} */ (this.worker);
    const ready = worker.ready;
    this.trackedReady = ready;
    this.poolThreads = 0;
    renderEnvironment(readEnvironment(0));
    try {
      const threads = await /** @type {Promise<number>} */ (ready);
      // A start overtaken by a newer one (a resize, a Cancel) says nothing of the current worker.
      if (ready !== worker.ready) return;
      this.poolThreads = threads;
      this.workerError = '';
    } catch (err) {
      if (ready !== worker.ready) return;
      this.workerError = /** @type {Error} */ (err).message;
      showAlert(`The thread pool did not start: ${this.workerError}`);
    }
    renderEnvironment(readEnvironment(this.poolThreads));
    this.setRunning(this.running);
  }

  /** The worker crashed (a panic): say so; the client is already starting a fresh one. @param {string} message */
  crashed(message) {
    showAlert(`The worker crashed and was replaced by a fresh one with a new thread pool. The panic: ${message}`);
    this.trackPool();
  }

  /** @param {boolean} running */
  setRunning(running) {
    this.running = running;
    // Run stays available while a fresh worker starts (after a cancel or crash): run() waits for it.
    const idle = !running && Boolean(this.worker) && !this.workerError;
    enableRunButtons(idle && !this.sweeping, running);
    enableSweepButton(idle && !this.sweeping);
  }

  /** @param {import('../protocol/messages.js').RunEvent} event */
  onWorkerEvent(event) {
    if (event.type === FROM_WORKER.strategyStart) {
      strategyStarted(event);
      this.timeline.started(event.strategy);
    } else if (event.type === FROM_WORKER.progress) {
      strategyProgressed(event);
      this.timeline.progressed(event.strategy, event.spans);
    } else if (event.type === FROM_WORKER.repeatStart) {
      this.timeline.repeated(event.strategy);
    } else if (event.type === FROM_WORKER.strategyDone) {
      const r = event.result;
      // Where the worker's result arrived, for DevTools' performance panel and the bench.
      performance.mark(RUN_MARKS.result, { detail: r.strategy });
      strategyDone(r);
      this.report?.results.push(r);
      // run() draws everything once the run settles (after the last strategy or a Cancel); until
      // then the next strategy is computing, so only its bar and row are drawn, not the rest.
      if (!this.cancelRequested && !this.lastOfRun()) this.drawBars();
      this.timeline.finished(r);
    }
  }

  /** The report to compare against, if the person asked for one. */
  comparison() {
    if (this.imported) return { label: 'imported', report: this.imported };
    if (comparesWithPrevious() && this.previous) return { label: 'previous run', report: this.previous };
    return null;
  }

  /** Whether every strategy the run asked for has reported. */
  lastOfRun() {
    const report = this.report;
    return !report || report.results.length >= selectedStrategies(report.params).length;
  }

  /** The chart, table and timeline choices only: what a finished strategy shows while the next one runs. */
  drawBars() {
    const results = this.report?.results ?? [];
    this.chart.update(results, this.comparison());
    renderTable(results);
    this.timeline.offer(results);
  }

  /** Draws the chart, table, timeline choices and explanations for the current report. */
  drawResults() {
    const results = this.report?.results ?? [];
    this.chart.update(results, this.comparison());
    renderTable(results);
    this.timeline.offer(results);
    renderExplanations(this.report?.params ?? this.params, results);
    renderSeed(this.preset, this.report);
    renderMatrix(this.report);
    renderWelcome(!this.preset && !results.length);
  }

  /**
   * Runs one experiment with the given (raw) parameters on top of the page's current ones.
   * Resolves to the report the page shows.
   * @param {Record<string, unknown>} [raw]
   * @returns {Promise<Report>}
   */
  async run(raw = {}) {
    if (this.running) throw new Error('a run is already in progress; cancel it or wait for it to finish');
    if (!this.worker) throw new Error('the worker is not available: see the message at the top of the page');
    const { params, notes, refused } = normalize({ ...this.params, ...raw });
    if (refused.length) {
      showAlert(`Not run: ${refused.join(' ')}`);
      throw new Error(refused.join(' '));
    }
    if (Object.keys(raw).length && !this.sweeping) this.preset = null;
    this.setParams(params, notes);
    const report = this.beginRun(params, notes);
    try {
      await this.measure(report);
    } catch (err) {
      this.keepWhatRan(report, /** @type {RunFailure} */ (err));
    } finally {
      this.setRunning(false);
    }
    const matrix = reportMatrix(report);
    if (matrix) report.matrix = matrix;
    settleGuess(report);
    this.drawResults();
    renderHistory(remember(report));
    enableExport();
    return report;
  }

  /** A new, empty report on the page, and the last whole one kept to compare against.
   * @param {Params} params @param {string[]} notes @returns {Report} */
  beginRun(params, notes) {
    this.cancelRequested = false;
    this.setRunning(true);
    showAlert('');
    clearProgress();
    if (this.report?.results.length && !this.report.cancelled) this.previous = this.report;
    const env = readEnvironment(this.poolThreads);
    this.report = { params, env, results: [], notes, cancelled: false, ...(this.preset ? { preset: this.preset } : {}) };
    this.drawResults();
    return this.report;
  }

  /** Runs the report's experiment on a worker of the right pool size. @param {Report} report */
  async measure(report) {
    const worker = /** @type {PlaygroundWorker} */ (this.worker);
    const threads = poolSizeFor(report.params.threads);
    if (threads !== worker.threads) {
      worker.resize(threads).catch(() => {});
      await this.trackPool();
    } else if (this.workerError) {
      // A worker that did not start is not the last word: this run starts a fresh one.
      worker.start().catch(() => {});
      await this.trackPool();
    } else if (worker.ready !== this.trackedReady) {
      // A fresh worker (after a cancel that terminated one, or a crash) is still starting.
      await this.trackPool();
    }
    if (this.workerError) throw new Error(`the worker is not available: ${this.workerError}`);
    // A fresh worker may still be starting (the trackPool above, or one cancel() already
    // follows). Cancel pressed meanwhile has no run to stop yet: nothing ran, nothing is sent.
    await worker.ready;
    // The cleared page is laid out and painted before the worker starts, not on the pool's cores.
    await afterNextFrame();
    if (this.cancelRequested) throw Object.assign(new Error('cancelled'), { cancelled: true, partial: [] });
    report.env = readEnvironment(this.poolThreads);
    performance.clearMarks(RUN_MARKS.start);
    performance.clearMarks(RUN_MARKS.result);
    performance.mark(RUN_MARKS.start);
    report.results = await worker.run(report.params, (event) => this.onWorkerEvent(event));
    const note = runNote(report.params, report.results);
    if (note) showAlert(note, 'info');
  }

  /** A cancelled, crashed or failed run: keep what ran, say what did not. @param {Report} report @param {RunFailure} e */
  keepWhatRan(report, e) {
    report.cancelled = Boolean(e.cancelled);
    report.error = e.message;
    report.results = e.partial ?? report.results;
    const started = new Set(report.results.map((r) => r.strategy));
    report.notRun = e.notRun?.length ? e.notRun : selectedStrategies(report.params).filter((id) => !started.has(id));
    if (e.cancelled) showAlert(cancelSummary(report));
    else if (!e.crashed) showAlert(`The run failed: ${e.message}`);
  }

  async cancel() {
    if (!this.running || !this.worker) return;
    this.sweeping = false;
    // Seen by run() if it is still waiting for a fresh worker (worker.cancel() has no run yet).
    this.cancelRequested = true;
    await this.worker.cancel();
    // A hard stop replaced the worker: follow the new one's start-up.
    if (this.worker.ready !== this.trackedReady) this.trackPool();
  }

  /**
   * Runs the selected strategies once per value of `param` and plots the result.
   * @param {string} param
   * @param {number[]} values
   */
  async sweep(param, values) {
    if (!SWEEPABLE.includes(param)) throw new Error(`${param} cannot be swept (choose ${SWEEPABLE.join(', ')})`);
    if (!Array.isArray(values) || !values.length) throw new Error('give the values to sweep, like [1, 2, 4]');
    const base = { ...this.params };
    showSweepForm(param, values);
    /** @type {import('../model/sweep.js').Point[]} */
    const points = [];
    this.sweeping = true;
    this.setRunning(false);
    try {
      for (const [i, value] of values.entries()) {
        if (!this.sweeping) break;
        showSweepStatus(`point ${i + 1} of ${values.length}: ${param} = ${value}…`);
        this.running = false;
        const report = await this.run({ ...base, [param]: value });
        if (report.cancelled || report.error) break;
        points.push({ value: /** @type {any} */ (report.params)[param], poolThreads: report.env.poolThreads, cores: report.env.hardwareConcurrency, params: report.params, results: report.results });
        this.sweepChart.draw(param, points);
      }
    } finally {
      this.sweeping = false;
      this.setRunning(false);
    }
    const { serial, fitNote, pastCores } = sweepSeries(param, points);
    const fit = serial != null ? ` Amdahl fit for cpu-rayon: ${(serial * 100).toFixed(1)}% serial (${fitNote}).` : '';
    const past = pastCores != null ? ` Past ${pastCores} threads (the cores) there is no more CPU speedup: the threads take turns.` : '';
    showSweepStatus(`${points.length} of ${values.length} points done.${fit}${past}`);
    return { param, points: points.map((p) => ({ value: p.value, results: p.results.map((r) => ({ strategy: r.strategy, wallMs: r.wallMs })) })), serialFraction: serial, fitNote };
  }

  /**
   * Panics inside the worker on purpose, to see (and test) crash recovery: resolves with the
   * new pool size once a fresh worker is up.
   * @param {'worker' | 'pool'} where
   */
  async debugPanic(where = 'worker') {
    if (where !== 'worker' && where !== 'pool') throw new Error(`debugPanic panics in the 'worker' or the 'pool', not "${where}"`);
    if (this.running) throw new Error('wait for the run to finish, or cancel it');
    const worker = /** @type {PlaygroundWorker} */ (this.worker);
    // A worker still starting has nothing to panic yet (and no port to post to).
    await worker.ready;
    const before = worker.ready;
    worker.panic(where);
    while (worker.ready === before) await new Promise((r) => setTimeout(r, 20));
    return worker.ready;
  }

  /**
   * Blocks the worker's thread for `ms` on purpose (tests): a Cancel meanwhile finds a worker
   * that does not answer, and must terminate and replace it.
   * @param {number} ms
   */
  debugStall(ms) {
    /** @type {PlaygroundWorker} */ (this.worker).stall(ms);
  }

  /** The history kept in this browser, shown. */
  showHistory() {
    renderHistory(loadHistory());
  }

  exportJson() {
    if (this.report) download('playground-report.json', 'application/json', JSON.stringify(this.report, null, 2));
  }

  exportCsv() {
    if (this.report) download('playground-report.csv', 'text/csv', toCsv(this.report));
  }

  /** The latest report as a Chrome trace, for the Perfetto UI or chrome://tracing. */
  exportTrace() {
    if (this.report) download('playground-trace.json', 'application/json', JSON.stringify(toTrace(this.report)));
  }

  /** Reads a saved report to compare against. @param {File} file */
  async importFile(file) {
    try {
      this.imported = /** @type {Report} */ (validateReport(JSON.parse(await file.text())));
      showAlert(`Imported ${file.name}: its times are drawn beside this run's as “imported”.`, 'info');
      this.drawResults();
    } catch (err) {
      showAlert(`${file.name} is not a playground report: ${/** @type {Error} */ (err).message}`);
    }
  }
}
