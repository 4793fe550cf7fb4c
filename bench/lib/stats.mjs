// Summaries of repeated timings: the median (what the table shows) and the spread (min–max).

/**
 * @typedef {object} Stat
 * @property {number} median
 * @property {number} min
 * @property {number} max
 * @property {number} n        number of timed runs (warm-ups excluded)
 * @property {number[]} samples
 * @property {string} unit     'ms', 'µs', 'x', 'KiB', ...
 */

/** @param {number[]} xs */
export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * @param {number[]} samples
 * @param {string} [unit]
 * @returns {Stat}
 */
export function summarize(samples, unit = 'ms') {
  if (samples.length === 0) throw new Error('no samples to summarize');
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    n: samples.length,
    samples,
    unit,
  };
}

/** A single value (a size, a count) as a Stat, so every cell renders the same way. */
export function single(/** @type {number} */ value, unit = '') {
  return summarize([value], unit);
}

/**
 * A number with as many digits as its size deserves: 1234, 123, 12.3, 1.23, 0.123.
 * @param {number} x
 */
export function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100 || Number.isInteger(x)) return Math.round(x).toString();
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** A ratio with two decimals below 10 ("2.00x", "1.05x"), fewer above ("23.8x", "117x"). */
export function fmtRatio(/** @type {number} */ x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? Math.round(x).toString() : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** "850 ms (845–870)", or "410 KiB" for a single value. */
export function fmtStat(/** @type {Stat} */ s) {
  const unit = s.unit ? ` ${s.unit}` : '';
  if (s.n === 1 || s.min === s.max) return `${fmt(s.median)}${unit}`;
  return `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})`;
}
