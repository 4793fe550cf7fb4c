// The experiment's controls: built from spec.json, read back into parameters, and kept in
// step with the parameters the page is using.
import { SPEC, NAMES, normalize, selectedStrategies, usualStrategies } from '../model/params.js';
import { runsHere, cannotRunHere } from '../model/pool.js';
import { STRATEGIES, STRATEGY_IDS, WORKLOADS, familyOf, paramsUsedBy, usualFor } from '../model/spec.js';
import { isLog, lastPosition, positionOf, stepFrom, valueAt } from '../model/scale.js';
import { $, el } from './dom.js';

/** @typedef {import('../model/params.js').Params} Params */

/** Builds the workload radios, kernel choices and one labelled slider per integer parameter. */
export function buildControls() {
  for (const value of SPEC.workload.values) {
    const input = el('input', { type: 'radio', name: 'workload', value });
    $('workload-box').append(el('label', {}, input, ` ${WORKLOADS[value]?.label ?? value}`));
  }
  const kernel = /** @type {HTMLSelectElement} */ ($('p-kernel'));
  for (const value of SPEC.kernel.values) kernel.append(new Option(value, value));
  kernel.title = SPEC.kernel.help;
  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) {
    // Faults and the real-URL target live in their own, folded box: most runs need neither.
    (SPEC[name].group === 'faults' ? $('fault-sliders') : $('sliders')).append(sliderRow(name));
  }
  const target = /** @type {HTMLInputElement} */ ($('p-target'));
  target.title = SPEC.target.help;
  $('target-help').textContent = SPEC.target.help;
}

/**
 * A labelled slider for one integer parameter, with its exact box, unit and help. The number box
 * carries the exact value (and the form's name); a log-scale slider's positions index the grid
 * of www/model/scale.js, so 6, 24 and 1000 tasks sit at visibly different places.
 * @param {string} name
 */
function sliderRow(name) {
  const spec = SPEC[name];
  const log = isLog(spec);
  const range = log ? { min: '0', max: String(lastPosition(spec)), step: 'any' } : { min: String(spec.min), max: String(spec.max), step: '1' };
  const label = el('label', { htmlFor: `p-${name}`, id: `l-${name}`, textContent: spec.label });
  const input = el('input', { type: 'range', id: `p-${name}`, ...range });
  input.dataset.param = name;
  if (log) input.dataset.scale = 'log';
  const exact = el('input', { type: 'number', id: `n-${name}`, name, min: String(spec.min), max: String(spec.max), step: '1', className: 'exact' });
  exact.setAttribute('aria-label', `${spec.label} (exact value)`);
  const output = el('output', { id: `v-${name}` });
  output.htmlFor.add(input.id);
  const help = el('small', { textContent: spec.help });
  const row = el('div', { className: 'slider', title: spec.help }, label, exact, output, input, help);
  row.dataset.param = name;
  return row;
}

/**
 * Shows only the controls the chosen strategies read (spec.json's families.*.params), named as
 * their family names them; hidden ones keep their values (and their place in the URL).
 * @param {Params} params
 * @param {number} autoThreads what threads = 0 means here
 */
function showUsedControls(params, autoThreads) {
  const chosen = selectedStrategies(params);
  const used = paramsUsedBy(chosen.length ? chosen : usualFor(params.workload));
  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) {
    const row = /** @type {HTMLElement} */ ($(`p-${name}`).parentElement);
    const shown = used.get(name);
    row.hidden = !shown;
    if (!shown) continue;
    $(`l-${name}`).textContent = shown.label;
    row.title = shown.help;
    /** @type {HTMLElement} */ (row.querySelector('small')).textContent = shown.help;
    $(`n-${name}`).setAttribute('aria-label', `${shown.label} (exact value)`);
    $(`v-${name}`).textContent = name === 'threads' && params.threads === 0 ? `auto (${autoThreads})` : shown.unit;
  }
  /** @type {HTMLElement} */ ($('p-kernel').parentElement).hidden = !used.has('kernel');
  $('faults-box').hidden = !NAMES.some((n) => SPEC[n].group === 'faults' && used.has(n));
}

/**
 * Shows the strategy checkboxes of the workload's families; the selected ones are checked.
 * @param {Params} params
 */
function renderStrategies(params) {
  const box = $('strategies-box');
  const families = WORKLOADS[params.workload].families;
  const selected = selectedStrategies(params);
  const wanted = STRATEGY_IDS.filter((id) => families.includes(/** @type {string} */ (familyOf(id))));
  const shown = [...box.querySelectorAll('input')].map((i) => /** @type {HTMLInputElement} */ (i).value);
  if (shown.join() !== wanted.join()) {
    box.querySelectorAll('label').forEach((l) => l.remove());
    for (const id of wanted) {
      const input = el('input', { type: 'checkbox', name: 'strategy', value: id });
      box.append(el('label', { title: `${STRATEGIES[id].models} — ${STRATEGIES[id].expect}` }, input, ` ${id}`));
    }
  }
  for (const input of box.querySelectorAll('input')) {
    const box = /** @type {HTMLInputElement} */ (input);
    box.checked = selected.includes(box.value);
    // Without cross-origin isolation there is no pool: what needs it cannot be chosen.
    box.disabled = !runsHere(box.value);
    if (box.disabled) box.parentElement?.setAttribute('title', cannotRunHere(box.value));
  }
}

/**
 * Puts parameter values into the controls.
 * @param {Params} params
 * @param {number} autoThreads what threads = 0 means here
 */
export function showParams(params, autoThreads) {
  const radio = /** @type {HTMLInputElement | null} */ (
    document.querySelector(`input[name="workload"][value="${params.workload}"]`)
  );
  if (radio) radio.checked = true;
  /** @type {HTMLSelectElement} */ ($('p-kernel')).value = params.kernel;
  renderStrategies(params);
  const byName = /** @type {Record<string, unknown>} */ (params);
  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) {
    const value = /** @type {number} */ (byName[name]);
    /** @type {HTMLInputElement} */ ($(`p-${name}`)).value = String(isLog(SPEC[name]) ? positionOf(SPEC[name], value) : value);
    const exact = /** @type {HTMLInputElement} */ ($(`n-${name}`));
    if (document.activeElement !== exact) exact.value = String(value);
  }
  showUsedControls(params, autoThreads);
  const target = /** @type {HTMLInputElement} */ ($('p-target'));
  if (document.activeElement !== target) target.value = params.target;
  // Open the faults box whenever something in it is set, so a shared link shows it.
  const faultsSet = NAMES.some((n) => SPEC[n].group === 'faults' && byName[n] !== SPEC[n].default);
  if (faultsSet) /** @type {HTMLDetailsElement} */ ($('faults-box')).open = true;
}

/**
 * Reads the controls into raw parameters (to be normalised by the caller).
 * @param {Event | null} event what changed, if anything
 * @param {Params} current the parameters before the change
 */
function readControls(event, current) {
  const target = /** @type {HTMLInputElement | null} */ (event?.target ?? null);
  const form = /** @type {HTMLFormElement} */ ($('params'));
  const data = new FormData(form);
  /** @type {Record<string, unknown>} */
  const raw = { ...current };
  raw.workload = data.get('workload') ?? current.workload;
  raw.kernel = data.get('kernel') ?? current.kernel;
  raw.target = data.get('target') ?? current.target;
  // Only the control that changed moves its parameter: every other keeps its exact value.
  const param = target?.dataset.param;
  if (target?.type === 'range' && param) raw[param] = isLog(SPEC[param]) ? valueAt(SPEC[param], Number(target.value)) : target.value;
  else if (target?.type === 'number' && target.id.startsWith('n-')) raw[target.name] = target.value;
  if (target?.name === 'workload') {
    raw.strategies = [];
  } else if (target?.name === 'strategy') {
    const checked = data.getAll('strategy').map(String);
    const usual = usualStrategies(String(raw.workload));
    raw.strategies = checked.join() === usual.join() ? [] : checked;
  }
  return raw;
}

/**
 * Calls `onEdit` with the new parameters and their notes whenever a person changes a control.
 * The target URL is taken when the person is done typing (change), not at each keystroke.
 * @param {(params: Params, notes: string[]) => void} onEdit
 * @param {() => Params} current the parameters the page is using
 */
export function onParamsEdited(onEdit, current) {
  const edited = (/** @type {Event} */ event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (event.type === 'input' && target.name === 'target') return;
    const { params, notes } = normalize(readControls(event, current()));
    if (target.name === 'strategy' && !params.strategies.length && !selectedStrategies(params).includes(target.value)) {
      notes.push('at least one strategy is needed; showing the usual set.');
    }
    onEdit(params, notes);
  };
  $('params').addEventListener('input', edited);
  // Arrow keys on a log slider step to the next round value above or below the exact one.
  $('params').addEventListener('keydown', (event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    const name = target.dataset?.param;
    if (target.type !== 'range' || !name || !isLog(SPEC[name])) return;
    // A log slider is an int parameter's (spec.json's `scale`), so its value is a number.
    const next = stepFrom(SPEC[name], /** @type {number} */ (current()[/** @type {keyof Params} */ (name)]), event.key);
    if (next == null) return;
    event.preventDefault();
    const { params, notes } = normalize({ ...current(), [name]: next });
    onEdit(params, notes);
  });
  $('p-target').addEventListener('change', edited);
}

/** Enables Run and Cancel. @param {boolean} canRun @param {boolean} canCancel */
export function enableRunButtons(canRun, canCancel) {
  /** @type {HTMLButtonElement} */ ($('run')).disabled = !canRun;
  /** @type {HTMLButtonElement} */ ($('cancel')).disabled = !canCancel;
}
