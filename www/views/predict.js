// Predict, then run: the small panel above Run that asks a preset's question before its run,
// and says after it whether the guess held. It never blocks a run: Run without an answer runs,
// and the question stays until the learner answers, skips it or turns the questions off.
import { $, el } from './dom.js';
import { presetById } from '../model/presets.js';
import { judgeGuess } from '../model/predict.js';

/** @typedef {import('../model/results.js').Report} Report */

/** Where "don't ask again" is remembered. */
const OFF_KEY = 'playground.predict';

/** The question on the page: its preset, and the guess made so far (null: none yet). */
const state = { preset: /** @type {string | null} */ (null), guess: /** @type {string | null} */ (null) };

/** Whether the learner turned the questions off. */
export function questionsOff() {
  try {
    return localStorage.getItem(OFF_KEY) === 'off';
  } catch {
    return false;
  }
}

/** Turns the questions off (or on again) for this browser. @param {boolean} off */
export function setQuestionsOff(off) {
  try {
    if (off) localStorage.setItem(OFF_KEY, 'off');
    else localStorage.removeItem(OFF_KEY);
  } catch {
    // Storage refused (private mode): the choice lasts as long as the page.
  }
}

/**
 * Shows the question of the active preset (nothing for none). The same preset keeps its panel,
 * so a guess survives the re-renders a run makes; another preset asks afresh.
 * @param {string | null} id
 */
export function askFor(id) {
  if (id === state.preset) return;
  state.preset = id;
  state.guess = null;
  const predict = presetById(id)?.predict;
  const box = $('predict');
  box.hidden = !predict || questionsOff();
  if (!predict || box.hidden) return box.replaceChildren();
  box.replaceChildren(
    el('fieldset', {},
      el('legend', { textContent: `Predict first: ${predict.question}` }),
      ...predict.choices.map((c) => choiceRow(c.id, c.label)),
    ),
    buttonsRow(),
    el('p', { id: 'predict-outcome', className: 'outcome', hidden: true }),
  );
  box.querySelector('#predict-outcome')?.setAttribute('role', 'status');
}

/** @param {string} id @param {string} label */
function choiceRow(id, label) {
  const input = el('input', { type: 'radio', name: 'predict-choice', value: id });
  input.addEventListener('change', () => {
    state.guess = id;
  });
  return el('label', {}, input, ` ${label}`);
}

function buttonsRow() {
  const skip = el('button', { type: 'button', id: 'predict-skip', className: 'secondary', textContent: 'Skip' });
  skip.addEventListener('click', () => {
    state.guess = null;
    $('predict').hidden = true;
  });
  const off = el('input', { type: 'checkbox', id: 'predict-off' });
  off.addEventListener('change', () => {
    setQuestionsOff(off.checked);
    if (off.checked) skip.click();
  });
  return el('div', { className: 'predict-buttons' }, skip, el('label', {}, off, ' don’t ask again'));
}

/**
 * Sets the guess for the active preset's question, as a click on a choice does (the console's
 * way in). Throws for a guess the question does not offer.
 * @param {string} choiceId
 */
export function guess(choiceId) {
  const predict = presetById(state.preset)?.predict;
  if (!predict) throw new Error(state.preset ? `preset ${state.preset} asks no question` : 'choose a preset first: its question is what the guess answers');
  if (!predict.choices.some((c) => c.id === choiceId)) {
    throw new Error(`"${choiceId}" is not an answer to “${predict.question}” (choose ${predict.choices.map((c) => c.id).join(', ')})`);
  }
  state.guess = choiceId;
  const radio = /** @type {HTMLInputElement | null} */ (document.querySelector(`#predict input[value="${choiceId}"]`));
  if (radio) radio.checked = true;
}

/**
 * After a run: judges the guess made for its preset, if any, records it in the report and says
 * on the page whether it held and why. The next run of the preset asks again.
 * @param {Report} report
 */
export function settleGuess(report) {
  const predict = presetById(report.preset)?.predict;
  if (!predict || !state.guess || report.preset !== state.preset) return;
  report.prediction = judgeGuess(predict, state.guess, report);
  state.guess = null;
  const { held, why } = report.prediction;
  const box = $('predict');
  box.hidden = false;
  box.querySelectorAll('input[name="predict-choice"]').forEach((i) => {
    /** @type {HTMLInputElement} */ (i).checked = false;
  });
  const outcome = /** @type {HTMLElement} */ (box.querySelector('#predict-outcome'));
  outcome.hidden = false;
  outcome.dataset.held = String(held);
  const title = held == null ? 'Not judged' : held ? 'Your guess held' : 'Your guess did not hold';
  outcome.replaceChildren(el('strong', { textContent: `${title}: ` }), why, ' Guess again and press Run to test another answer.');
}
