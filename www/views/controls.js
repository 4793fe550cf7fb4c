// The experiment's controls: built from spec.json, read back into parameters, and kept in
// step with the parameters the page is using.
import { SPEC, NAMES, normalize, selectedStrategies, usualStrategies } from '../params.js';
import { runsHere, cannotRunHere } from '../pool.js';
import { STRATEGIES, STRATEGY_IDS, WORKLOADS, familyOf } from '../spec.js';
import { $, el } from './dom.js';

/** @typedef {import('../params.js').Params} Params */

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

/** A labelled slider for one integer parameter, with its exact box, unit and help. @param {string} name */
function sliderRow(name) {
  const spec = SPEC[name];
  const range = { min: String(spec.min), max: String(spec.max), step: '1' };
  const label = el('label', { htmlFor: `p-${name}`, textContent: spec.label });
  const input = el('input', { type: 'range', id: `p-${name}`, name, ...range });
  // Wide ranges get a number box too: a slider across 1..10000 cannot hit 6.
  const exact = el('input', { type: 'number', id: `n-${name}`, ...range, className: 'exact' });
  exact.setAttribute('aria-label', `${spec.label} (exact value)`);
  const output = el('output', { id: `v-${name}` });
  output.htmlFor.add(input.id);
  const help = el('small', { textContent: spec.help });
  return el('div', { className: 'slider', title: spec.help }, label, exact, output, input, help);
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
  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) {
    const spec = SPEC[name];
    /** @type {HTMLInputElement} */ ($(`p-${name}`)).value = String(params[name]);
    const exact = /** @type {HTMLInputElement} */ ($(`n-${name}`));
    if (document.activeElement !== exact) exact.value = String(params[name]);
    let text = spec.unit ? spec.unit : '';
    if (name === 'threads' && params[name] === 0) text = `auto (${autoThreads})`;
    $(`v-${name}`).textContent = text;
  }
  const target = /** @type {HTMLInputElement} */ ($('p-target'));
  if (document.activeElement !== target) target.value = params.target;
  // Open the faults box whenever something in it is set, so a shared link shows it.
  const faultsSet = NAMES.some((n) => SPEC[n].group === 'faults' && params[n] !== SPEC[n].default);
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
  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) raw[name] = data.get(name);
  raw.target = data.get('target') ?? current.target;
  if (target?.type === 'number' && target.id.startsWith('n-')) {
    // The exact box wins over its slider; it is not in the form data under the name.
    raw[target.id.slice(2)] = target.value;
  }
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
  $('p-target').addEventListener('change', edited);
}

/** Enables Run and Cancel. @param {boolean} canRun @param {boolean} canCancel */
export function enableRunButtons(canRun, canCancel) {
  /** @type {HTMLButtonElement} */ ($('run')).disabled = !canRun;
  /** @type {HTMLButtonElement} */ ($('cancel')).disabled = !canCancel;
}
