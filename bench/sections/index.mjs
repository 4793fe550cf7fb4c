// The sections in the order they run; each module is loaded only when its section runs, so the
// runner can check `--only` before the npm packages the sections need are installed.

/**
 * @typedef {object} Section
 * @property {string} name            what `--only` takes
 * @property {boolean} [needsPython]  skipped (quick) or an error (full) without the Python venv
 * @property {() => Promise<{ measure: (ctx: import('../lib/session.mjs').Context) => Promise<void> }>} load
 */

/** @type {Section[]} */
export const SECTIONS = [
  { name: 'page', load: () => import('./page.mjs') },
  { name: 'cpu', load: () => import('./cpu.mjs') },
  { name: 'scaling', load: () => import('./scaling.mjs') },
  { name: 'python-cpu', needsPython: true, load: () => import('./python-cpu.mjs') },
  // Before the I/O sections: their explanations of a miss use its cost per request.
  { name: 'overhead', load: () => import('./overhead.mjs') },
  { name: 'io-seed', needsPython: true, load: () => import('./io-seed.mjs') },
  { name: 'io-1000', needsPython: true, load: () => import('./io-1000.mjs') },
  { name: 'python-gil', needsPython: true, load: () => import('./python-gil.mjs') },
  { name: 'pipeline', load: () => import('./pipeline.mjs') },
  { name: 'long-tasks', load: () => import('./long-tasks.mjs') },
  { name: 'cancel', load: () => import('./cancel.mjs') },
  // Its own private Redis, Python workers (.venv-queue) and Celery (.venv-celery, made when missing).
  { name: 'queue', load: () => import('./queue.mjs') },
];
