// The timeline section: which strategy's spans it shows. It follows the running strategy, live,
// until the person picks one in its menu; from then on it shows what they picked.
import { $ } from './dom.js';
import { Timeline } from './timeline.js';

/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */
/** @typedef {import('../model/report.js').Span} Span */

export class TimelinePanel {
  constructor() {
    this.timeline = new Timeline(/** @type {HTMLCanvasElement} */ ($('timeline')));
    this.select = /** @type {HTMLSelectElement} */ ($('timeline-strategy'));
    /** the strategy the person picked; '' while the panel follows the running one */
    this.choice = '';
    /** @type {StrategyResult[]} the results the menu offers */
    this.results = [];
    this.select.addEventListener('change', () => {
      this.choice = this.select.value;
      const r = this.results.find((x) => x.strategy === this.choice);
      if (r) this.timeline.show(r.strategy, r.spans, r.wallMs, r.spanSample, r.detail?.lanes);
    });
  }

  /** Draws the empty timeline (before any run). */
  draw() {
    this.timeline.draw();
  }

  /** A strategy started: show it, empty, and offer it in the menu. @param {string} strategy */
  started(strategy) {
    if (this.choice) return;
    this.timeline.show(strategy, []);
    if (![...this.select.options].some((o) => o.value === strategy)) this.select.append(new Option(strategy, strategy));
    this.select.value = strategy;
  }

  /** A further repeat of the strategy shown started: its timeline starts empty again. @param {string} strategy */
  repeated(strategy) {
    if (this.following(strategy)) this.started(strategy);
  }

  /** Spans finished since the last progress report. @param {string} strategy @param {Span[]} spans */
  progressed(strategy, spans) {
    if (this.following(strategy)) this.timeline.append(spans);
  }

  /** A strategy finished: show its reported spans (sampled for large runs). @param {StrategyResult} r */
  finished(r) {
    if (!this.choice) this.timeline.show(r.strategy, r.spans, r.wallMs, r.spanSample, r.detail?.lanes);
  }

  /** Offers the strategies of these results in the menu, keeping the one picked if it is there. @param {StrategyResult[]} results */
  offer(results) {
    this.results = results;
    const keep = this.select.value;
    this.select.replaceChildren(...results.map((r) => new Option(r.strategy, r.strategy)));
    if (results.some((r) => r.strategy === keep)) this.select.value = keep;
  }

  /** Whether the panel is showing this running strategy live. @param {string} strategy */
  following(strategy) {
    return !this.choice && this.timeline.strategy === strategy;
  }
}
