// Whether this page can have the rayon thread pool, which strategies run without it, and what
// the page says about the ones that need it: the one place for those words on the JS side
// (src/web/pool.rs refuses with the same sentence in the single-threaded build).
import { NEEDS_POOL, STRATEGY_IDS, familyOf } from './spec.js';

/** Whether this page can have the thread pool: in a browser, whether it is cross-origin
 * isolated (the worker loads the single-threaded build when it is not); under Node, yes. */
let poolAvailable = globalThis.crossOriginIsolated ?? true;

/**
 * Tells the parameter rules whether the page can have the thread pool (it is cross-origin
 * isolated). Without it the strategies that need the pool are left out of every selection, with
 * a note, and a selection of only those is refused: the single-threaded build cannot run them.
 * @param {boolean} available
 */
export function setPoolAvailable(available) {
  poolAvailable = available;
}

/** Whether this page can run a strategy. @param {string} id */
export const runsHere = (id) => poolAvailable || !NEEDS_POOL.includes(id);

/** The ids in `ids` this page can run. @param {string[]} ids */
export const runnable = (ids) => ids.filter(runsHere);

/** What runs without the pool, in words: "the fetch strategies, cpu-sequential, … and …". */
export function runsWithoutPool() {
  const others = STRATEGY_IDS.filter((id) => familyOf(id) !== 'fetch' && !NEEDS_POOL.includes(id));
  const fetchBut = STRATEGY_IDS.filter((id) => familyOf(id) === 'fetch' && NEEDS_POOL.includes(id));
  const fetch = fetchBut.length ? `the fetch strategies but ${fetchBut.join(', ')}` : 'the fetch strategies';
  return `${fetch}, ${others.slice(0, -1).join(', ')} and ${others.at(-1)}`;
}

/** Why strategies that need the pool cannot run here, after "cpu-rayon needs" / "… need". */
const WHY = 'the thread pool, which needs a cross-origin isolated page (SharedArrayBuffer); this page is not';

/** "needs …" for one strategy, "need …" for several. @param {number} count */
const need = (count) => `need${count === 1 ? 's' : ''} ${WHY}`;

/**
 * Without the pool: a note naming the wanted strategies that are left out, or a refusal when
 * nothing else is wanted; neither when the page has the pool or nothing wanted needs it.
 * @param {string[]} wanted the strategies a set of parameters asks for
 * @returns {{ note?: string, refused?: string }}
 */
export function poolVerdict(wanted) {
  if (poolAvailable) return {};
  const out = wanted.filter((id) => NEEDS_POOL.includes(id));
  if (!out.length) return {};
  const names = out.join(', ');
  if (out.length === wanted.length) return { refused: `${names} ${need(out.length)}, so only ${runsWithoutPool()} run here.` };
  return { note: `left out: ${names} (${need(out.length)}; \`npm start\` serves it with the thread pool).` };
}

/** The tooltip of a strategy box this page cannot run. @param {string} id */
export const cannotRunHere = (id) => `${id} ${need(1)}.`;

/** The paragraph that explains a page without cross-origin isolation. */
export function noIsolationNote(why = '') {
  return (
    'This page is not cross-origin isolated, so the browser gives it no SharedArrayBuffer and the ' +
    `thread pool cannot start${why ? ` (${why})` : ''}. It runs a single-threaded build instead: ` +
    `${runsWithoutPool()} work; the strategies that need the pool are left out. To get the pool, ` +
    'open the page through `npm start`, whose server sends the Cross-Origin-Opener-Policy: ' +
    'same-origin and Cross-Origin-Embedder-Policy: require-corp headers, or through the static ' +
    'build (`npm run build:site`), whose service worker adds them.'
  );
}
