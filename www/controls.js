// The experiment's controls: built from spec.json, read back into parameters, and kept in
// step with the parameters the page is using.
import { SPEC, NAMES, selectedStrategies, usualStrategies, runsHere } from './params.js';
import { STRATEGIES, STRATEGY_IDS, WORKLOADS } from './spec.js';

/** @typedef {import('./params.js').Params} Params */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));


/** Builds the workload radios, kernel choices and one labelled slider per integer parameter. */
export function buildControls() {
  const workload = $('workload-box');
  for (const value of SPEC.workload.values) {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'workload', value });
    label.append(input, ` ${WORKLOADS[value]?.label ?? value}`);
    workload.append(label);
  }
  const kernel = /** @type {HTMLSelectElement} */ ($('p-kernel'));
  for (const value of SPEC.kernel.values) kernel.append(new Option(value, value));
  kernel.title = SPEC.kernel.help;

  for (const name of NAMES.filter((n) => SPEC[n].kind === 'int')) {
    const spec = SPEC[name];
    // Faults and the real-URL target live in their own, folded box: most runs need neither.
    const box = spec.group === 'faults' ? $('fault-sliders') : $('sliders');
    const row = document.createElement('div');
    row.className = 'slider';
    row.title = spec.help;
    const label = Object.assign(document.createElement('label'), { htmlFor: `p-${name}`, textContent: spec.label });
    const input = Object.assign(document.createElement('input'), {
      type: 'range',
      id: `p-${name}`,
      name,
      min: String(spec.min),
      max: String(spec.max),
      step: '1',
    });
    // Wide ranges get a number box too: a slider across 1..10000 cannot hit 6.
    const exact = Object.assign(document.createElement('input'), {
      type: 'number',
      id: `n-${name}`,
      min: String(spec.min),
      max: String(spec.max),
      step: '1',
      className: 'exact',
    });
    exact.setAttribute('aria-label', `${spec.label} (exact value)`);
    const output = Object.assign(document.createElement('output'), { id: `v-${name}` });
    output.htmlFor.add(input.id);
    const help = Object.assign(document.createElement('small'), { textContent: spec.help });
    row.append(label, exact, output, input, help);
    box.append(row);
  }
  const target = /** @type {HTMLInputElement} */ ($('p-target'));
  target.title = SPEC.target.help;
  $('target-help').textContent = SPEC.target.help;
}

/**
 * Shows the strategy checkboxes of the workload's families; the selected ones are checked.
 * @param {Params} params
 */
function renderStrategies(params) {
  const box = $('strategies-box');
  const families = WORKLOADS[params.workload].families;
  const selected = selectedStrategies(params);
  const wanted = STRATEGY_IDS.filter((id) => families.includes(STRATEGIES[id].family));
  const shown = [...box.querySelectorAll('input')].map((i) => /** @type {HTMLInputElement} */ (i).value);
  if (shown.join() !== wanted.join()) {
    box.querySelectorAll('label').forEach((l) => l.remove());
    for (const id of wanted) {
      const label = document.createElement('label');
      label.title = `${STRATEGIES[id].models} — ${STRATEGIES[id].expect}`;
      const input = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'strategy', value: id });
      label.append(input, ` ${id}`);
      box.append(label);
    }
  }
  for (const input of box.querySelectorAll('input')) {
    const box = /** @type {HTMLInputElement} */ (input);
    box.checked = selected.includes(box.value);
    // Without cross-origin isolation there is no pool: what needs it cannot be chosen.
    box.disabled = !runsHere(box.value);
    if (box.disabled) box.parentElement?.setAttribute('title', `${box.value} needs the thread pool, which this page cannot have: it is not cross-origin isolated`);
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
export function readControls(event, current) {
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
