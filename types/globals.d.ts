// What the page, the static site and the bench's pages put on `window`, for each other and for
// the scripts that drive them through Playwright. Types only: checked by `npm run lint:js`.
export {};

declare global {
  interface Window {
    /** The console API (www/page/console-api.js). */
    playground: ReturnType<typeof import('../www/page/console-api.js').installConsoleApi>;
    /** Why the static site's service worker could not isolate the page (site/register-sw.js). */
    playgroundIsolationProblem?: string;
    /** The static site's service-worker registration, settled once it is known. */
    playgroundServiceWorker?: Promise<unknown>;
    /** The plain-JavaScript peers of the benchmark (www/bench/baseline.js). */
    baseline: typeof import('../www/bench/baseline.js').baseline;
    /** The benchmark's probes in the page (bench/lib/browser.mjs). */
    __bench: { longTasks: { start: number; duration: number }[]; readyAt: number | null };
    /** The dedicated worker index.html creates before anything else loads, until the page takes it. */
    earlyWorker?: Worker;
    /** Chart.js, loaded as a classic script before the page's modules. */
    Chart: typeof import('chart.js').Chart;
  }
}
