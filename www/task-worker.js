// A short-lived Worker for `cpu-worker-per-task`: one task, then it is terminated. It builds its
// own instance (and memory) of the module the pool worker already compiled, so the cost measured
// is a fresh start per task: script fetch, instantiation, start-up.
import init, { runKernel } from './pkg/parallel_playground.js';

const now = () => performance.timeOrigin + performance.now();

self.addEventListener('message', async ({ data }) => {
  try {
    await init({ module_or_path: data.module });
    const startedAt = now();
    const value = runKernel(data.kernel, data.task, data.tasks, data.work);
    postMessage({ value, startedAt, endedAt: now() });
  } catch (err) {
    postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
