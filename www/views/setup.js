// The box that explains how this page is served, when that limits what it can run: no
// cross-origin isolation (so no thread pool), or a server without the mock API.
import { $, el } from './dom.js';
import { noIsolationNote } from '../model/pool.js';

/** Adds a paragraph to the box. @param {string} text */
function showSetupNote(text) {
  const box = $('isolation');
  box.append(el('p', { textContent: text }));
  box.hidden = false;
}

/** Says, when the page is not cross-origin isolated, that it runs the single-threaded build (and
 * why, when the static build's service worker could not help: site/register-sw.js says). */
export function noteIsolation() {
  const why = /** @type {{ playgroundIsolationProblem?: string }} */ (self).playgroundIsolationProblem;
  if (!self.crossOriginIsolated) showSetupNote(noIsolationNote(why));
}

let inBrowser = false;

/** Whether the mock API is answered inside the browser (the static build's service worker). */
export const mockInBrowser = () => inBrowser;

/** What the in-browser mock API cannot show: requests that never reach the network. */
export const IN_BROWSER_NOTE =
  'No server here: the mock API is answered inside your browser by this site\'s service worker, ' +
  'so its requests never reach the network and the browser\'s limit of 6 connections per host ' +
  'does not apply. Delays, sizes, pages and faults behave as with the server. The lessons that ' +
  'need real connections (the browser-limit preset, fetch-multiport, fetch-sharded, fetch-same-url\'s cache lock) ' +
  'need `npm start`\'s server or a Target URL.';

/**
 * The static build's first visit: its service worker is registered, and the page reloads once
 * the worker takes control (site/register-sw.js). Until then nothing answers the mock API, and
 * asking would only log a 404 in the console.
 */
async function reloadComing() {
  const registered = self.playgroundServiceWorker;
  if (!registered) return false;
  await registered;
  return !self.playgroundIsolationProblem;
}

/**
 * Asks the server for the mock API (its mirror list). A plain static server has none: then every
 * mock request would fail with HTTP 404, so the page says why before anyone presses Run.
 * @returns {Promise<boolean>} false when it did not ask, because the page is about to reload
 */
export async function checkMockApi() {
  if (await reloadComing()) return false;
  // Relative: the site may live under a sub-path (a project's GitHub Pages).
  const answer = await fetch('api/mirrors', { cache: 'no-store' })
    .then(async (r) => (r.ok ? r.json() : { status: r.status }))
    .catch((/** @type {Error} */ e) => ({ status: e.message }));
  if (answer?.inBrowser) {
    inBrowser = true;
    showSetupNote(IN_BROWSER_NOTE);
    return true;
  }
  if (Array.isArray(answer?.mirrors)) return true;
  showSetupNote(
    `This server has no mock API (/api/mirrors answered ${answer?.status ?? 'something else'}), so the fetch and ` +
      'pipeline strategies will fail with HTTP 404 unless you give them a Target URL. CPU work needs ' +
      'no server. `npm start` serves the page with its mock API.',
  );
  return true;
}
