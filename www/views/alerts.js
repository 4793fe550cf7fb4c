// The page's messages: the alert line at the top, and the notes under the controls that say how
// the parameters were adjusted.
import { $, el } from './dom.js';

/**
 * Shows a message at the top of the page; '' hides it.
 * @param {string} text
 * @param {'warn' | 'info'} [kind]
 */
export function showAlert(text, kind = 'warn') {
  const alert = $('alert');
  alert.textContent = text;
  alert.hidden = !text;
  alert.dataset.kind = kind;
}

/** Lists the notes on the current parameters. @param {string[]} notes */
export function showNotes(notes) {
  $('notes').replaceChildren(...notes.map((n) => el('li', { textContent: n })));
}
