// What the page runs on, as a report records it: isolation, cores, pool size, browser.

/** @typedef {import('../model/results.js').Environment} Environment */

/** Pool size for a `threads` parameter (0 = all the cores the browser reports). @param {number} threads */
export const poolSizeFor = (threads) => (threads > 0 ? threads : Math.max(1, navigator.hardwareConcurrency || 1));

/** The browser, briefly (from the user agent). */
export function browserName() {
  const ua = navigator.userAgent;
  const m = ua.match(/(HeadlessChrome|Chrome|Firefox|Safari)\/([\d.]+)/);
  return m ? `${m[1]} ${m[2]}` : ua;
}

/** The environment now, with the pool the worker reported. @param {number} poolThreads @returns {Environment} */
export function readEnvironment(poolThreads) {
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    poolThreads,
    browser: browserName(),
  };
}
