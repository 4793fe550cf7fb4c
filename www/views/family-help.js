// What the controls mean for the families the chosen strategies belong to (spec.json's
// families.*.help), shown above the sliders: a slider's name alone does not say which
// strategies read it.
import { FAMILIES, familyOf } from '../model/spec.js';
import { $, el } from './dom.js';

/** Shows one line per family of the given strategies. @param {string[]} ids */
export function renderFamilyHelp(ids) {
  const families = [...new Set(ids.map(familyOf).filter((f) => f != null))];
  const helps = families.map((f) => FAMILIES[f]?.help).filter((h) => h != null);
  const box = $('family-help');
  box.hidden = !helps.length;
  box.replaceChildren(...helps.map((h) => el('p', { textContent: h })));
}
