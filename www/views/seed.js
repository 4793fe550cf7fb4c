// The preset menu and the box that puts the seed's published figure beside ours.
import { $, el } from './dom.js';
import { PRESETS, presetById, ourFigure } from '../model/presets.js';
import { lessonSentence } from '../model/lessons.js';
import { mockInBrowser } from './setup.js';

/** The preset a first visit is offered: one click, about 8 s, and a result that needs no reading. */
export const FIRST_PRESET = 'six-endpoints';

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
 * @param {import('../model/results.js').Report | null} report the report on the page
 */
export function renderSeed(id, report) {
  const box = $('seed');
  const preset = presetById(id);
  box.hidden = !preset;
  if (!preset) return;
  const measured = report?.preset === preset.id && report.results.length ? report : null;
  const ours = measured ? ourFigure(preset, measured.results) : 'press Run to measure it here';
  const meaning = measured ? lessonSentence(preset.id, measured) : '';
  box.replaceChildren(
    el('h2', { textContent: preset.title }),
    el('p', { className: 'source', textContent: preset.source }),
    figure('The seed published', preset.published),
    figure('Measured here', ours),
    ...(preset.explains ? [el('p', { className: 'explains', textContent: preset.explains })] : []),
    ...(meaning ? [el('p', { className: 'meaning' }, el('strong', { textContent: 'What it means: ' }), meaning)] : []),
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

/**
 * The first visit's box: nothing measured yet, what to do, and one button that runs the
 * suggested preset. Shown while the page has no results and no preset is chosen.
 * @param {boolean} show
 */
export function renderWelcome(show) {
  $('welcome').hidden = !show;
}

/** Builds the welcome box's text and button; `onTry` runs the suggested preset. @param {() => void} onTry */
export function buildWelcome(onTry) {
  const preset = /** @type {import('../model/spec.js').Preset} */ (presetById(FIRST_PRESET));
  const { tasks, latency } = /** @type {{ tasks: number, latency: number }} */ (preset.params);
  const button = el('button', { type: 'button', id: 'try-first', textContent: `Run “${preset.title}”` });
  button.addEventListener('click', onTry);
  $('welcome').replaceChildren(
    el('h2', { textContent: 'Nothing measured yet' }),
    el('p', { textContent: `Start here: one click sends ${tasks} requests that each wait ${latency / 1000} s, one after another and then all at once, as the first tutorial does (about ${((tasks + 1) * latency) / 1000} s). Then pick another preset, or change a control and press Run.` }),
    button,
  );
}
