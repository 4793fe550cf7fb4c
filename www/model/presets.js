// Presets (listed in spec.json): one per seed experiment and a few lessons the seeds meet
// without naming, each with the figure the seed published, so the page can show it beside ours.

import { PRESETS } from './spec.js';

/** @typedef {import('./spec.js').Preset} Preset */

export { PRESETS };

/** @param {string | null | undefined} id */
export const presetById = (id) => PRESETS.find((p) => p.id === id);

/**
 * The sentence that puts our result beside the seed's.
 * @param {Preset} preset
 * @param {{ strategy: string, wallMs: number, detail?: any }[]} results
 */
export function ourFigure(preset, results) {
  const ms = (/** @type {string} */ id) => results.find((r) => r.strategy === id)?.wallMs;
  const fmt = (/** @type {number} */ v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
  if (preset.id === 'race-condition') {
    return results
      .map((r) => `${r.strategy}: ${r.detail?.actual ?? '?'} of ${r.detail?.expected ?? '?'} (lost ${r.detail?.lost ?? '?'})`)
      .join('; ');
  }
  const parts = results.map((r) => `${r.strategy} ${fmt(r.wallMs)}`);
  if (preset.compare) {
    const [a, b] = preset.compare.map(ms);
    // Below 1 the comparison reads the other way: "0.9× faster" says nothing a reader can use.
    if (a && b && a >= b) parts.push(`${preset.compare[1]} is ${(a / b).toFixed(1)}× faster than ${preset.compare[0]}`);
    else if (a && b) parts.push(`${preset.compare[1]} is ${(b / a).toFixed(1)}× slower than ${preset.compare[0]}`);
  }
  const squares = results.find((r) => r.detail?.values)?.detail.values;
  if (squares) parts.unshift(`values [${squares.join(', ')}]`);
  return parts.join('; ');
}
