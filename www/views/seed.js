// The preset menu and the box that puts the seed's published figure beside ours.
import { $, el } from './dom.js';
import { PRESETS, presetById, ourFigure } from '../presets.js';
import { mockInBrowser } from './setup.js';

/** Fills the preset menu; `onChoose` hears the id chosen ('' for none). @param {(id: string) => void} onChoose */
export function buildPresetMenu(onChoose) {
  const select = /** @type {HTMLSelectElement} */ ($('preset'));
  for (const p of PRESETS) select.append(new Option(p.title, p.id));
  select.addEventListener('change', () => onChoose(select.value));
}

/** Shows which preset is active in the menu. @param {string | null} id */
export function showPresetChoice(id) {
  /** @type {HTMLSelectElement} */ ($('preset')).value = id ?? '';
}

/**
 * The seed's figure beside ours for the active preset; hidden without one.
 * @param {string | null} id the active preset
 * @param {import('../results.js').Report | null} report the report on the page
 */
export function renderSeed(id, report) {
  const box = $('seed');
  const preset = presetById(id);
  box.hidden = !preset;
  if (!preset) return;
  const ours =
    report?.preset === preset.id && report.results.length ? ourFigure(preset, report.results) : 'press Run to measure it here';
  box.replaceChildren(
    el('h2', { textContent: preset.title }),
    el('p', { className: 'source', textContent: preset.source }),
    figure('The seed published', preset.published),
    figure('Measured here', ours),
    ...(preset.explains ? [el('p', { className: 'explains', textContent: preset.explains })] : []),
    ...(preset.needsNetwork && mockInBrowser()
      ? [el('p', { className: 'note', textContent: NEEDS_NETWORK })]
      : []),
  );
}

/** What a preset whose lesson is the browser's connections cannot show without a server. */
const NEEDS_NETWORK =
  'This lesson is about real connections (the browser\'s 6 per host, its HTTP cache), and here the ' +
  'mock API is answered inside the browser: run it from `npm start`\'s server, or give a Target URL.';

/** @param {string} label @param {string} text */
function figure(label, text) {
  return el('p', { className: 'figure' }, el('strong', { textContent: `${label}: ` }), text);
}
