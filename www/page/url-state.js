// The page's address holds its state: every parameter that differs from its default, the
// preset, and the page keys (autorun, isolation, join), so a reload or a shared link opens the same
// experiment.
import { SPEC, defaults, fromQuery, normalize, toQuery } from '../model/params.js';
import { PRESETS, presetById } from '../model/presets.js';

/** @typedef {import('../model/params.js').Params} Params */

/**
 * The parameters, notes and page keys the address asks for. A preset gives the starting point;
 * parameters in the address adjust it.
 * @returns {{ params: Params, notes: string[], autorun: boolean, preset: string | null }}
 */
export function readUrl() {
  const { params, notes, autorun, preset } = fromQuery(location.search);
  if (preset && presetById(preset)) {
    const raw = Object.fromEntries([...new URLSearchParams(location.search)].filter(([k]) => k in SPEC));
    const merged = normalize({ ...defaults(), ...presetById(preset)?.params, ...raw });
    return { params: merged.params, notes: merged.notes, autorun, preset };
  }
  if (preset) notes.push(`unknown preset "${preset}" ignored (known: ${PRESETS.map((p) => p.id).join(', ')}).`);
  return { params, notes, autorun, preset: null };
}

/**
 * Puts the parameters and the preset in the address, without a new history entry.
 * @param {Params} params
 * @param {string | null} preset
 */
export function writeUrl(params, preset) {
  const current = new URLSearchParams(location.search);
  const query = new URLSearchParams(toQuery(params).slice(1));
  if (preset) query.set('preset', preset);
  if (current.get('autorun') === '1') query.set('autorun', '1');
  // Kept so a reload (or a shared link) stays in the mode the page was opened in.
  if (current.get('isolation') === 'off') query.set('isolation', 'off');
  // A tab opened from the join link joins the task queue again when reloaded.
  const join = current.get('join');
  if (join) query.set('join', join);
  const text = query.toString();
  history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
}
