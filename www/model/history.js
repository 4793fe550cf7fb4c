// Keeping and sharing reports: a history of runs in localStorage, a report as CSV, and the check
// that an imported JSON file is a report (the buttons for them are views/keep-and-share.js).

const KEY = 'parallel-playground/history';
const KEEP = 20;

/** A report as kept: its spans left out, with when it was kept.
 * @typedef {{ params: any, env: any, results: any[], savedAt?: string, cancelled?: boolean, preset?: string }} Report */

/** Reports kept in this browser, newest first. @returns {Report[]} */
export function loadHistory() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/**
 * Keeps a report (without its spans, which can be large) at the front of the history.
 * @param {Report} report
 */
export function remember(report) {
  const slim = {
    ...report,
    savedAt: new Date().toISOString(),
    results: report.results.map(({ spans, ...rest }) => rest),
  };
  const list = [slim, ...loadHistory()].slice(0, KEEP);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the history is a convenience, the run itself is not lost.
  }
  return list;
}

/** Escapes one CSV field. @param {unknown} value */
const csvField = (value) => {
  const text = value == null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * One row per strategy, with the parameters repeated so rows stand alone in a spreadsheet.
 * @param {Report} report
 */
export function toCsv(report) {
  const paramNames = Object.keys(report.params);
  const header = ['strategy', 'wallMs', 'minMs', 'maxMs', 'runs', 'tasks', 'ok', 'failed', 'cancelled', 'peakInFlight', 'lanesUsed', 'checksum', ...paramNames];
  const rows = report.results.map((r) => [
    r.strategy,
    r.wallMs.toFixed(3),
    r.repeat?.minMs?.toFixed(3) ?? '',
    r.repeat?.maxMs?.toFixed(3) ?? '',
    r.repeat?.runs ?? 1,
    r.tasks,
    r.ok,
    r.failed,
    r.cancelled ?? 0,
    r.peakInFlight,
    r.lanesUsed,
    r.checksum,
    ...paramNames.map((n) => (Array.isArray(report.params[n]) ? report.params[n].join(' ') : report.params[n])),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/**
 * Checks that parsed JSON looks like a report; returns it or throws with a plain reason.
 * @param {unknown} data
 * @returns {Report}
 */
export function validateReport(data) {
  const r = /** @type {any} */ (data);
  if (!r || typeof r !== 'object') throw new Error('not a JSON object');
  if (!r.params || typeof r.params !== 'object') throw new Error('no "params" object');
  if (!Array.isArray(r.results)) throw new Error('no "results" list');
  for (const [i, x] of r.results.entries()) {
    if (typeof x?.strategy !== 'string' || typeof x?.wallMs !== 'number') {
      throw new Error(`result ${i} has no strategy name or wallMs number`);
    }
  }
  return r;
}
