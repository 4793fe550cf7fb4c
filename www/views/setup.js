// The box that explains how this page is served, when that limits what it can run: no
// cross-origin isolation (so no thread pool), or a server without the mock API.
import { $, el } from './dom.js';
import { noIsolationNote } from '../pool.js';

/** Adds a paragraph to the box. @param {string} text */
function showSetupNote(text) {
  const box = $('isolation');
  box.append(el('p', { textContent: text }));
  box.hidden = false;
}

/** Says, when the page is not cross-origin isolated, that it runs the single-threaded build. */
export function noteIsolation() {
  if (!self.crossOriginIsolated) showSetupNote(noIsolationNote());
}

/**
 * Asks the server for the mock API (its mirror list). A plain static server has none: then every
 * mock request would fail with HTTP 404, so the page says why before anyone presses Run.
 */
export async function checkMockApi() {
  const answer = await fetch('/api/mirrors', { cache: 'no-store' })
    .then(async (r) => (r.ok ? r.json() : { status: r.status }))
    .catch((/** @type {Error} */ e) => ({ status: e.message }));
  if (Array.isArray(answer?.mirrors)) return;
  showSetupNote(
    `This server has no mock API (/api/mirrors answered ${answer?.status ?? 'something else'}), so the fetch and ` +
      'pipeline strategies will fail with HTTP 404 unless you give them a Target URL. CPU work needs ' +
      'no server. `npm start` serves the page with its mock API.',
  );
}
