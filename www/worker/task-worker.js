// A short-lived Worker for `cpu-worker-per-task`: one task, then it is terminated. It builds its
// own instance (and memory) of the module the pool worker already compiled, so the cost measured
// is a fresh start per task: script fetch, instantiation, start-up. It needs no shared memory,
// so it runs in the single-threaded build too (www/pkg-single, when the page is not isolated).
const pkg = import(self.crossOriginIsolated ? '../pkg/parallel_playground.js' : '../pkg-single/parallel_playground.js');

const now = () => performance.timeOrigin + performance.now();

/** What src/web/task_workers.rs posts: the compiled module and one kernel task. */
/** @typedef {{ module: WebAssembly.Module, kernel: string, task: number, tasks: number, work: number }} Job */

self.addEventListener('message', async (/** @type {MessageEvent<Job>} */ { data }) => {
  try {
    const { default: init, runKernel } = await pkg;
    await init({ module_or_path: data.module });
    const startedAt = now();
    const value = runKernel(data.kernel, data.task, data.tasks, data.work);
    postMessage({ value, startedAt, endedAt: now() });
  } catch (err) {
    postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
