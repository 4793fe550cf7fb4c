// Statistics the views need: medians and spread over repeats, an Amdahl fit. Ideal times come
// from the core with each result (`idealMs`).

/**
 * Median of a non-empty list (mean of the middle two for an even count); NaN if empty.
 * @param {number[]} values
 */
export function median(values) {
  if (!values.length) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Median, minimum and maximum of repeated wall times.
 * @param {number[]} walls
 */
export function summarize(walls) {
  return { medianMs: median(walls), minMs: Math.min(...walls), maxMs: Math.max(...walls), runs: walls.length };
}

/**
 * Amdahl's law: the speedup on p workers when a fraction `serial` of the work cannot be spread.
 * @param {number} serial 0..1
 * @param {number} p
 */
export function amdahl(serial, p) {
  return 1 / (serial + (1 - serial) / p);
}

/**
 * Fits Amdahl's serial fraction to measured (p, speedup) points by least squares on the
 * linearised form 1/S = s + (1 - s)/p, i.e. (1/S - 1/p) = s (1 - 1/p). Clamped to [0, 1].
 * Points with p <= 1 carry no information and are skipped; null if none is left.
 * @param {{ p: number, speedup: number }[]} points
 */
export function amdahlFit(points) {
  let num = 0;
  let den = 0;
  for (const { p, speedup } of points) {
    if (!(p > 1) || !(speedup > 0)) continue;
    const x = 1 - 1 / p;
    const y = 1 / speedup - 1 / p;
    num += x * y;
    den += x * x;
  }
  if (den === 0) return null;
  return Math.min(1, Math.max(0, num / den));
}

/**
 * Most spans overlapping at one moment (the page's copy of the core's `peak_overlap`, for
 * results the page must build itself when a worker was stopped before reporting).
 * @param {{ startMs: number, endMs: number }[]} spans
 */
export function peakOverlap(spans) {
  // As the core: a span that ends where it starts (or before) is never in flight.
  const edges = spans.filter((s) => s.endMs > s.startMs).flatMap((s) => [[s.startMs, 1], [s.endMs, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}
