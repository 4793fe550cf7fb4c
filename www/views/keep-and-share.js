// The "Keep and share" section: the history of runs kept in this browser, export of the report
// on the page as JSON or CSV, and import of a saved report to compare against.
import { presetById } from '../model/presets.js';
import { $, el } from './dom.js';

/** One formatter for every line: `toLocaleTimeString()` builds a new one per call, which made
 * redrawing the history after every run slow. Made on first use: building it took ~30 ms of a
 * cold start, where the history is empty. @type {Intl.DateTimeFormat | null} */
let timeOfDay = null;
const timeOfDayFormat = () => (timeOfDay ??= new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }));

/** @param {import('../model/history.js').Report[]} list newest first */
export function renderHistory(list) {
  $('history').replaceChildren(
    ...list.map((r) => {
      const when = r.savedAt ? timeOfDayFormat().format(new Date(r.savedAt)) : '';
      const label = r.preset ? presetById(r.preset)?.title ?? r.preset : r.params.workload;
      const times = r.results.map((x) => `${x.strategy} ${x.wallMs.toFixed(0)} ms`).join(', ');
      return el('li', { textContent: `${when} · ${label}${r.cancelled ? ' (cancelled)' : ''}: ${times}` });
    }),
  );
}

/** Export is offered once there is a report to export. */
export function enableExport() {
  for (const id of ['export-json', 'export-csv', 'export-trace']) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
}

/**
 * Wires the buttons: `onImport` gets the chosen file (and the input is cleared afterwards, so
 * the same file can be chosen again).
 * @param {{ exportJson: () => void, exportCsv: () => void, exportTrace: () => void, importFile: (file: File) => Promise<void> }} actions
 */
export function wireKeepAndShare({ exportJson, exportCsv, exportTrace, importFile }) {
  $('export-json').addEventListener('click', exportJson);
  $('export-trace').addEventListener('click', exportTrace);
  $('export-csv').addEventListener('click', exportCsv);
  const input = /** @type {HTMLInputElement} */ ($('import-json'));
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      await importFile(file);
    } finally {
      input.value = '';
    }
  });
}

/**
 * Offers a file for download.
 * @param {string} name
 * @param {string} type
 * @param {string} text
 */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
