// The per-task timeline (a Gantt chart by lane) for one strategy, drawn on a canvas in one pass
// over the spans: Chart.js keeps an object per bar, too heavy for 100,000 tasks.
import { FAMILY_COLOURS, familyOf } from '../model/spec.js';
import { drawLive } from './live-frame.js';

/** @typedef {import('../model/report.js').Span} Span */
/**
 * Where things go on the canvas, in CSS pixels.
 * @typedef {object} Layout
 * @property {{ key: string, label: string }[]} lanes
 * @property {number} rows         rows drawn (lanes share rows past MAX_ROWS)
 * @property {number} perRow       lanes per row
 * @property {Map<string, number>} rowOf  lane key -> row
 * @property {number} laneHeight
 * @property {number} width
 * @property {number} height
 */

const FAILED = '#d62828';
const CANCELLED = '#9aa3b2';
/** More lanes than this share rows (a 100,000-task fetch-concurrent has a lane per task). */
const MAX_ROWS = 240;
const PARSE = '#b79ced';
/** A worker's start-up before its first task (fetch-processes), drawn in that worker's lane. */
const STARTUP = '#d9c27a';
/** A span's row key: a start-up shares its worker's lane. @param {Span} s */
const laneKey = (s) => `${s.phase && s.phase !== 'startup' && s.phase !== 'lost' ? s.phase : ''}:${s.lane}`;
const QUEUED = '#d7e3ee';
const AXIS = 40;
const LABELS = 92;

/**
 * Groups spans into lanes: `fetch` lanes first, then `parse`, each in lane order. `names` (the
 * queue's `detail.lanes`) labels a lane by its worker thread instead of its number.
 * @param {Span[]} spans
 * @param {{ worker: string, thread: number }[]} [names]
 * @returns {{ key: string, label: string }[]}
 */
export function lanesOf(spans, names = []) {
  const keys = new Map();
  for (const s of spans) {
    const key = laneKey(s);
    if (!keys.has(key)) keys.set(key, { key, phase: key.split(':')[0], lane: s.lane });
  }
  /** @type {Record<string, number>} */
  const order = { '': 0, fetch: 0, parse: 1 };
  return [...keys.values()]
    .sort((a, b) => order[a.phase] - order[b.phase] || a.lane - b.lane)
    .map(({ key, phase, lane }) => ({ key, label: phase ? `${phase} ${lane}` : names[lane] ? workerLabel(names[lane]) : `lane ${lane}` }));
}

/** A worker thread's short label: its name without kind and host, and the thread.
 * @param {{ worker: string, thread: number }} name */
function workerLabel({ worker, thread }) {
  const short = worker.replace(/^[a-z]+ /, '').replace(/ @ .*$/, '').replace(/ #\d+\.\w+$/, '');
  return `${short.slice(0, 11)} t${thread}`;
}

export class Timeline {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    /** @type {Span[]} */
    this.spans = [];
    this.strategy = '';
    this.wallMs = 0;
    /** 1, or n when the report kept every n-th task's span only */
    this.sample = 1;
    /** @type {{ worker: string, thread: number }[]} */
    this.laneNames = [];
    /** what the last full drawing laid out, so spans arriving later can be added to it
     * @type {{ drawn: number, layout: Layout, x: (ms: number) => number, end: number, axisY: number } | null} */
    this.live = null;
  }

  /**
   * Shows a strategy's spans (replacing what was shown).
   * @param {string} strategy
   * @param {Span[]} spans
   * @param {number} [wallMs]
   * @param {number} [sample] the report's `spanSample`
   * @param {{ worker: string, thread: number }[]} [laneNames] the queue's lanes by worker thread
   */
  show(strategy, spans, wallMs = 0, sample = 1, laneNames = []) {
    this.strategy = strategy;
    this.laneNames = laneNames;
    this.spans = [...spans];
    this.wallMs = wallMs;
    this.sample = sample;
    this.live = null;
    this.schedule();
  }

  /** Adds spans as they arrive during a run, drawn in the next live frame. @param {Span[]} spans */
  append(spans) {
    if (!spans.length) return;
    for (const s of spans) this.spans.push(s);
    drawLive('timeline', () => this.drawNew());
  }

  /**
   * Draws only the spans that arrived since the last drawing when they fit its lanes and time
   * scale (a running strategy's scale has room to grow), else everything again: redrawing every
   * span each frame costs the pool a core for thousands of spans.
   */
  drawNew() {
    const live = this.live;
    const fresh = this.spans.slice(live?.drawn ?? 0);
    const fits = (/** @type {Span} */ s) => live && s.endMs <= live.end && live.layout.rowOf.has(laneKey(s));
    if (!live || live.layout.width !== (this.canvas.clientWidth || 800) || !fresh.every(fits)) {
      this.draw();
      return;
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    drawSpans(ctx, fresh, live.layout, live.x, live.end, FAMILY_COLOURS[familyOf(this.strategy) ?? 'cpu']);
    live.drawn = this.spans.length;
    ctx.clearRect(0, live.axisY + 18, live.layout.width, live.layout.height - live.axisY - 18);
    ctx.fillStyle = '#5b6474';
    ctx.fillText(this.countsText(live.layout), LABELS, live.axisY + 30);
  }

  /** Draws in the next live frame (a few a second while spans stream in). */
  schedule() {
    drawLive('timeline', () => this.draw());
  }

  draw() {
    const layout = layoutOf(this.spans, this.canvas.clientWidth || 800, this.laneNames);
    const ctx = this.resize(layout);
    if (!this.spans.length) {
      ctx.fillText(this.strategy ? `${this.strategy}: waiting for the first task to finish…` : 'Run an experiment to see its tasks here.', 8, 24);
      return;
    }
    const last = this.spans.reduce((m, s) => Math.max(m, s.endMs), Math.max(this.wallMs, 1));
    // While the strategy runs (no wall time yet) the scale leaves room for the spans to come.
    const end = this.wallMs ? last : last * 1.5;
    const plotWidth = layout.width - LABELS - 12;
    const x = (/** @type {number} */ ms) => LABELS + (ms / end) * plotWidth;
    drawSpans(ctx, this.spans, layout, x, end, FAMILY_COLOURS[familyOf(this.strategy) ?? 'cpu']);
    drawLaneLabels(ctx, layout);
    const axisY = layout.rows * layout.laneHeight + 12;
    drawTimeAxis(ctx, axisY, plotWidth, x, end);
    ctx.fillText(this.countsText(layout), LABELS, axisY + 30);
    this.live = { drawn: this.spans.length, layout, x, end, axisY };
  }

  /** The line under the axis: spans, lanes, sampling, colours. @param {Layout} layout */
  countsText(layout) {
    const counts = [
      `${this.spans.length} spans on ${layout.lanes.length} lanes`,
      layout.perRow > 1 ? `${layout.perRow.toFixed(1)} lanes per row` : '',
      this.sample > 1 ? `every ${this.sample}th task shown (plus failed and cancelled ones)` : '',
      this.spans.some((s) => !s.ok) ? 'red = failed, grey = cancelled' : '',
    ];
    return counts.filter(Boolean).join(' · ');
  }

  /** Sizes the canvas for the layout (sharp on high-density screens) and clears it. @param {Layout} layout */
  resize({ width, height }) {
    const ratio = window.devicePixelRatio || 1;
    // Setting a canvas's size reallocates it even when unchanged; the style, a layout.
    if (this.canvas.width !== Math.round(width * ratio)) this.canvas.width = Math.round(width * ratio);
    if (this.canvas.height !== Math.round(height * ratio)) this.canvas.height = Math.round(height * ratio);
    if (this.canvas.style.height !== `${height}px`) this.canvas.style.height = `${height}px`;
    const ctx = /** @type {CanvasRenderingContext2D} */ (this.canvas.getContext('2d'));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#5b6474';
    return ctx;
  }
}

/**
 * Rows and sizes for these spans: past MAX_ROWS lanes, neighbouring lanes share a row, so the
 * canvas stays a sane height.
 * @param {Span[]} spans
 * @param {number} width
 * @param {{ worker: string, thread: number }[]} [names]
 * @returns {Layout}
 */
function layoutOf(spans, width, names = []) {
  const lanes = lanesOf(spans, names);
  const rows = Math.min(lanes.length, MAX_ROWS);
  const perRow = lanes.length / Math.max(1, rows);
  const rowOf = new Map(lanes.map((l, i) => [l.key, Math.floor(i / perRow)]));
  const laneHeight = Math.max(2, Math.min(22, 480 / Math.max(1, rows)));
  return { lanes, rows, perRow, rowOf, laneHeight, width, height: Math.max(80, rows * laneHeight + AXIS + 8) };
}

/**
 * One bar per span in its row: failed red, cancelled grey, parse stages in their own colour, and
 * the time a request queued inside the browser before it was sent as a pale bar.
 * @param {CanvasRenderingContext2D} ctx
 * @param {Span[]} spans
 * @param {Layout} layout
 * @param {(ms: number) => number} x
 * @param {number} end the time at the right edge
 * @param {string} colour the strategy's family colour
 */
function drawSpans(ctx, spans, { rowOf, laneHeight }, x, end, colour) {
  const gap = laneHeight > 4 ? 1 : 0;
  for (const s of spans) {
    const row = /** @type {number} */ (rowOf.get(laneKey(s)));
    const stage = s.phase === 'parse' ? PARSE : s.phase === 'startup' ? STARTUP : colour;
    ctx.fillStyle = s.cancelled ? CANCELLED : !s.ok ? FAILED : stage;
    const y = row * laneHeight + 4;
    const sent = s.sentMs ?? s.startMs;
    ctx.fillRect(x(sent), y, Math.max(1, x(s.endMs) - x(sent) - gap), laneHeight - gap);
    if (sent - s.startMs > end / 500) {
      ctx.fillStyle = QUEUED;
      ctx.fillRect(x(s.startMs), y, Math.max(1, x(sent) - x(s.startMs)), laneHeight - gap);
    }
  }
}

/** Lane labels, thinned out when lanes are many. @param {CanvasRenderingContext2D} ctx @param {Layout} layout */
function drawLaneLabels(ctx, { lanes, rows, perRow, laneHeight }) {
  ctx.fillStyle = '#1d2433';
  const every = Math.ceil(12 / laneHeight);
  for (let row = 0; row < rows; row += every) {
    const first = lanes[Math.ceil(row * perRow)];
    const label = perRow > 1 ? `${first.label}…` : first.label;
    ctx.fillText(label, 4, row * laneHeight + 4 + Math.min(laneHeight, 12) - 2);
  }
}

/**
 * The time axis under the rows, with round ticks.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} axisY
 * @param {number} plotWidth
 * @param {(ms: number) => number} x
 * @param {number} end
 */
function drawTimeAxis(ctx, axisY, plotWidth, x, end) {
  ctx.strokeStyle = '#d9dde4';
  ctx.beginPath();
  ctx.moveTo(LABELS, axisY);
  ctx.lineTo(LABELS + plotWidth, axisY);
  ctx.stroke();
  ctx.fillStyle = '#5b6474';
  const step = niceStep(end / 8);
  for (let t = 0; t <= end; t += step) {
    ctx.fillRect(x(t), axisY, 1, 4);
    ctx.fillText(t >= 1000 ? `${(t / 1000).toFixed(t % 1000 ? 1 : 0)} s` : `${t} ms`, x(t) - 10, axisY + 16);
  }
}

/** A round step (1, 2 or 5 times a power of ten) near `raw`. @param {number} raw */
export function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const m = raw / power;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * power;
}
