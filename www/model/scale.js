// Log-scale sliders (params with "scale": "log" in spec.json): a slider position is an index
// into a grid of round values, nine per decade (1..9, 10..90, 100..900, ...), so every decade
// takes the same width; a range that starts at 0 keeps 0 at the leftmost position. The exact
// value lives in the parameter (and the number box, and the URL): a position is only ever
// derived from it, never written back in place of a typed value.

/** @typedef {{ min: number, max: number, scale?: string }} Range */

/** Whether a parameter's slider is logarithmic. @param {Range} spec */
export const isLog = (spec) => spec.scale === 'log';

/** @type {Map<string, number[]>} */
const GRIDS = new Map();

/**
 * The values a log slider's positions stand for, ascending, from `min` to `max` inclusive.
 * @param {Range} spec
 * @returns {number[]}
 */
export function gridOf({ min, max }) {
  const key = `${min}:${max}`;
  const cached = GRIDS.get(key);
  if (cached) return cached;
  /** @type {number[]} */
  const grid = min <= 0 ? [0] : [];
  const lo = Math.max(1, min);
  if (lo <= max) grid.push(lo);
  for (let decade = 1; decade <= max; decade *= 10) {
    for (let m = 1; m <= 9; m++) {
      const v = m * decade;
      if (v > lo && v < max) grid.push(v);
    }
  }
  if (max > lo) grid.push(max);
  GRIDS.set(key, grid);
  return grid;
}

/** The slider's last position (its `max`). @param {Range} spec */
export const lastPosition = (spec) => gridOf(spec).length - 1;

/**
 * Where a value sits on the slider: its index in the grid, interpolated linearly between the
 * two grid values around it (24 sits 0.4 of the way from 20 to 30). Clamped to the ends.
 * @param {Range} spec
 * @param {number} value
 */
export function positionOf(spec, value) {
  const grid = gridOf(spec);
  if (!(value > grid[0])) return 0;
  const last = grid.length - 1;
  if (value >= grid[last]) return last;
  let i = 0;
  while (grid[i + 1] <= value) i++;
  return i + (value - grid[i]) / (grid[i + 1] - grid[i]);
}

/**
 * The value at a slider position (a dragged thumb lands on the nearest grid value).
 * @param {Range} spec
 * @param {number} position
 */
export function valueAt(spec, position) {
  const grid = gridOf(spec);
  const i = Math.min(grid.length - 1, Math.max(0, Math.round(Number(position) || 0)));
  return grid[i];
}

/**
 * The value an arrow key (or Page Up/Down, Home/End) moves to from `value`: the next grid value
 * above or below it (from 24, up is 30 and down is 20), a decade (nine positions) for a page
 * key, the ends for Home and End; null for other keys.
 * @param {Range} spec
 * @param {number} value
 * @param {string} key a KeyboardEvent.key
 */
export function stepFrom(spec, value, key) {
  const grid = gridOf(spec);
  const last = grid.length - 1;
  if (key === 'Home') return grid[0];
  if (key === 'End') return grid[last];
  const steps = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 9, PageDown: -9 }[key];
  if (!steps) return null;
  const at = positionOf(spec, value);
  // From a value between two grid points, the first step lands on the neighbour in that direction.
  const start = steps > 0 ? Math.floor(at) : Math.ceil(at);
  return grid[Math.min(last, Math.max(0, start + steps))];
}
