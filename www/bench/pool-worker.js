// One thread of the plain-JavaScript Web Worker pool (baseline.js): runs the named kernel for
// each task index it is sent and answers with the task's value (primes found, or the square).
import { KERNELS } from './kernel.js';

/** @typedef {{ kernel: keyof typeof KERNELS, task: number, tasks: number, work: number }} Job */

self.addEventListener('message', (/** @type {MessageEvent<Job>} */ { data }) => {
  const { kernel, task, tasks, work } = data;
  postMessage({ task, value: KERNELS[kernel](task, tasks, work) });
});
