// Sweeps: vary one parameter over a range, run the chosen strategies at each value, and plot
// time and speedup against the ideal (ceil(N/k)·L for I/O; the core's CPU ideal, capped by the
// cores, and an Amdahl fit for CPU on p = min(tasks, threads, cores)).
import { SPEC } from './params.js';
import { AMDAHL_FIT, CPU_BASELINE, FAMILY_COLOURS, STRATEGY_IDS, familyOf, isSequential } from './spec.js';
import { idealOf, speedup } from './results.js';
import { amdahl, amdahlFit } from './stats.js';

/** Parameters a sweep can vary. */
export const SWEEPABLE = ['tasks', 'concurrency', 'latency', 'work', 'threads', 'jitter'];

/** Most points one sweep may have (each point is a full run). */
export const MAX_POINTS = 12;

/**
 * The values a sweep visits: `steps` values from `from` to `to`, evenly spaced (or geometric
 * when `geometric` and both ends are positive), rounded, clamped to the parameter's range,
 * without repeats. Throws with a plain reason on bad input.
 * @param {string} param
 * @param {number} from
 * @param {number} to
 * @param {number} steps
 * @param {boolean} [geometric]
 */
export function sweepValues(param, from, to, steps, geometric = false) {
  const spec = SPEC[param];
  if (!SWEEPABLE.includes(param) || spec?.kind !== 'int') throw new Error(`${param} cannot be swept`);
  if (![from, to, steps].every(Number.isFinite)) throw new Error('from, to and steps must be numbers');
  if (steps < 2 || steps > MAX_POINTS) throw new Error(`steps must be 2 to ${MAX_POINTS}`);
  const lo = Math.min(spec.max, Math.max(spec.min, Math.round(Math.min(from, to))));
  const hi = Math.min(spec.max, Math.max(spec.min, Math.round(Math.max(from, to))));
  const values = Array.from({ length: steps }, (_, i) => {
    const t = i / (steps - 1);
    return geometric && lo > 0 ? lo * (hi / lo) ** t : lo + (hi - lo) * t;
  }).map(Math.round);
  return [...new Set(values)];
}

/**
 * One run of a sweep: the value swept, the pool it ran on, the cores the browser reported
 * (0 or missing = unknown, taken as the pool's threads), its parameters and results.
 * @typedef {{ value: number, poolThreads: number, cores?: number, params: any, results: { strategy: string, wallMs: number, idealMs?: number | null, cancelled?: number, interrupted?: boolean }[] }} Point
 */

/** The cores a point ran on (its pool's threads where the browser did not say). @param {Point} p */
const coresOf = (p) => (p.cores && p.cores > 0 ? p.cores : p.poolThreads);

/** Threads that compute at once: p = min(tasks, pool threads, cores). @param {Point} p */
const workersOf = (p) => Math.max(1, Math.min(p.params.tasks, p.poolThreads, coresOf(p)));

/** The speedup of the strategy Amdahl's law is fitted to, at one point (undefined if it did not run).
 * @param {Point} p */
const fittedSpeedup = (p) => (AMDAHL_FIT ? speedups(p)[AMDAHL_FIT] : undefined);

/**
 * Amdahl's serial share for the strategy the spec marks `amdahlFit` (cpu-rayon) over a sweep, on p = min(tasks, threads, cores), and which
 * points it used. Points whose pool has more threads than cores are left out (past the cores
 * oversubscription adds switching, not serial work) unless no point within the cores can be
 * fitted, when they count as p = cores. `note` says it in words, like "fit on 1, 2 threads; 4 is
 * past the 2 cores"; serial is null when nothing can be fitted.
 * @param {string} param
 * @param {Point[]} points
 * @returns {{ serial: number | null, note: string, used: Point[], past: Point[] }}
 */
export function cpuFit(param, points) {
  const cpu = points.filter((p) => fittedSpeedup(p));
  const past = cpu.filter((p) => p.poolThreads > coresOf(p));
  const within = cpu.filter((p) => !past.includes(p));
  const fit = (/** @type {Point[]} */ list) => amdahlFit(list.map((p) => ({ p: workersOf(p), speedup: fittedSpeedup(p) ?? 0 })));
  let used = within;
  let serial = fit(within);
  if (serial == null && past.length) [used, serial] = [cpu, fit(cpu)];
  const xs = (/** @type {Point[]} */ list) => list.map((p) => p.value).join(', ');
  const what = (/** @type {Point[]} */ list) => (param === 'threads' ? `${xs(list)} threads` : `${param} ${xs(list)}`);
  const cores = [...new Set(cpu.map(coresOf))].join(' or ');
  let note = serial == null ? 'no fit: it needs a point with 2 or more threads computing at once' : `fit on ${what(used)}`;
  const left = past.filter((p) => !used.includes(p));
  if (left.length && param === 'threads') note += `; ${xs(left)} ${left.length > 1 ? 'are' : 'is'} past the ${cores} cores`;
  else if (left.length) note += `; ${what(left)} ran on more threads than the ${cores} cores`;
  else if (past.length && serial != null) note += ` (${what(past)} counted as ${cores}: past the cores)`;
  return { serial, note, used, past };
}

/**
 * Speedup of each result against the sequential strategy of its family at the same point.
 * @param {Point} point
 */
function speedups(point) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const r of point.results) {
    const s = speedup(r, point.results);
    if (s != null) out[r.strategy] = s;
  }
  return out;
}

/**
 * The chart data for a finished sweep: measured lines, their ideals, and the Amdahl fit of
 * cpu-rayon when there are CPU points to fit.
 * @param {string} param
 * @param {Point[]} points
 */
export function sweepSeries(param, points) {
  const ids = [...new Set(points.flatMap((p) => p.results.map((r) => r.strategy)))];
  /** @type {any[]} */
  const time = [];
  /** @type {any[]} */
  const speed = [];
  for (const id of ids) {
    const colour = FAMILY_COLOURS[familyOf(id) ?? 'cpu'];
    const hue = colourFor(id, colour);
    time.push({
      label: id,
      borderColor: hue,
      backgroundColor: hue,
      data: points.flatMap((p) => p.results.filter((r) => r.strategy === id).map((r) => ({ x: p.value, y: r.wallMs }))),
    });
    const ideal = points
      .map((p) => {
        const result = p.results.find((r) => r.strategy === id);
        return { x: p.value, y: result ? idealOf(result) : null };
      })
      .filter((d) => d.y != null);
    if (ideal.length && !isSequential(id)) {
      time.push({ label: `${id} ideal`, borderColor: hue, borderDash: [6, 4], pointRadius: 0, data: ideal });
    }
    const s = points.flatMap((p) => (speedups(p)[id] ? [{ x: p.value, y: speedups(p)[id] }] : []));
    if (s.length && !isSequential(id)) speed.push({ label: id, borderColor: hue, backgroundColor: hue, data: s });
  }
  // CPU: the core's ideal (capped by the cores), and Amdahl's law fitted to the amdahlFit strategy's points.
  const cpu = points.filter((p) => fittedSpeedup(p));
  const { serial, note } = cpuFit(param, points);
  if (cpu.length) {
    speed.push({
      label: 'ideal CPU speedup (the tasks and cores allow)',
      borderColor: '#8d99ae',
      borderDash: [6, 4],
      pointRadius: 0,
      data: cpu.flatMap((p) => {
        const seq = p.results.find((r) => r.strategy === CPU_BASELINE);
        const rayon = p.results.find((r) => r.strategy === AMDAHL_FIT);
        const ideal = rayon ? idealOf(rayon) : null;
        return seq && ideal ? [{ x: p.value, y: seq.wallMs / ideal }] : [];
      }),
    });
    if (serial != null) {
      speed.push({
        label: `Amdahl fit (serial ${(serial * 100).toFixed(1)}%; ${note})`,
        borderColor: '#264653',
        borderDash: [2, 3],
        pointRadius: 0,
        data: cpu.map((p) => ({ x: p.value, y: amdahl(serial, workersOf(p)) })),
      });
    }
  }
  // Past the cores (a threads sweep): where more threads give no more CPU speedup.
  const cores = points.length ? Math.min(...points.map(coresOf)) : 0;
  const pastCores = param === 'threads' && points.some((p) => p.value > cores) ? cores : null;
  return { time, speed, serial, fitNote: note, pastCores, param };
}

/** A distinct shade per strategy within its family colour. @param {string} id @param {string} base */
function colourFor(id, base) {
  const shade = (STRATEGY_IDS.indexOf(id) % 4) * 0.18;
  const n = Number.parseInt(base.slice(1), 16);
  const mix = (/** @type {number} */ c) => Math.round(c + (255 - c) * shade);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `rgb(${r}, ${g}, ${b})`;
}
