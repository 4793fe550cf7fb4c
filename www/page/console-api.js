// `window.playground`: the page's console API (and what the e2e specs drive). Its shape is a
// promise to the people who script the page, so it stays as it is while the page changes.
import { PRESETS, presetById } from '../model/presets.js';
import { toTrace } from '../model/trace.js';
import { normalize } from '../model/params.js';
import { guess } from '../views/predict.js';

/** @typedef {import('./controller.js').Controller} Controller */

/**
 * Puts the console API on `window.playground`; its `ready` is set once the worker starts.
 * @param {Controller} controller
 */
export function installConsoleApi(controller) {
  const api = {
    run: (/** @type {Record<string, unknown>} */ raw = {}) => controller.run(raw),
    sweep: (/** @type {string} */ param, /** @type {number[]} */ values) => controller.sweep(param, values),
    presets: PRESETS.map((p) => p.id),
    /**
     * Runs a preset. `guess` answers its question first (a choice id), as clicking a choice
     * does; `params` adjust the preset's parameters and keep its lesson and views (a smaller run).
     * @param {string} id
     * @param {{ guess?: string, params?: Record<string, unknown> }} [options]
     */
    preset: (id, options = {}) => {
      if (!presetById(id)) throw new Error(`unknown preset "${id}" (known: ${PRESETS.map((p) => p.id).join(', ')})`);
      controller.applyPreset(id);
      if (options.params) {
        const { params, notes, refused } = normalize({ ...controller.params, ...options.params });
        if (refused.length) throw new Error(refused.join(' '));
        controller.setParams(params, notes);
      }
      if (options.guess != null) guess(options.guess);
      return controller.run();
    },
    /** Answers the active preset's question before pressing Run. @param {string} choiceId */
    predict: (choiceId) => guess(choiceId),
    get params() {
      return structuredClone(controller.params);
    },
    get report() {
      return controller.report;
    },
    /** The latest report in the Chrome Trace Event Format (null before a run). */
    trace: () => (controller.report ? toTrace(controller.report) : null),
    /** @type {Promise<number>} resolves to the pool size once the worker is up */
    ready: Promise.resolve(0),
    /** @type {string | null} the task queue's join link (null without a server or Redis) */
    joinUrl: null,
    /** Panics inside the worker on purpose, to see (and test) crash recovery. @param {'worker' | 'pool'} [where] */
    debugPanic: (where) => controller.debugPanic(where),
    /** Blocks the worker's thread on purpose (tests of Cancel's last resort). @param {number} ms */
    debugStall: (ms) => controller.debugStall(ms),
  };
  window.playground = api;
  return api;
}
