// A Python queue worker's kernels (bench/peers/python/kernel.py) compute what the Rust kernels
// compute, so a run's checksum does not depend on which worker took a task. Rust's values come
// from the built single-threaded wasm module (its runKernel export, Kernel::run), Python's from
// the queue workers' own interpreter, for the same (task, tasks, work) in this run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { QUEUE_PYTHON, QUEUE_WORKER, queueVenvProblem } from '../../scripts/lib/queue-python.mjs';
import { rustKernel } from './queue-fixtures.mjs';

const KERNELS = ['primes', 'mandelbrot', 'sha256', 'squares'];
/** [task, tasks, work]: a first and last task, rows through the set's body and its edge, work 1 and more. */
const CASES = [[0, 1, 1], [0, 24, 40], [3, 8, 50], [11, 24, 17], [23, 24, 100]];

/** Rust's values, by kernel, in CASES' order. */
async function rustValues() {
  const run = await rustKernel();
  return Object.fromEntries(KERNELS.map((k) => [k, CASES.map(([task, tasks, work]) => run(k, task, tasks, work))]));
}

/** Python's values, by kernel, in CASES' order. */
function pythonValues() {
  const script = [
    'import json, sys',
    'from kernel import run_kernel',
    'kernels, cases = json.loads(sys.argv[1])',
    'print(json.dumps({k: [run_kernel(k, *c) for c in cases] for k in kernels}))',
  ].join('\n');
  const out = spawnSync(QUEUE_PYTHON, ['-c', script, JSON.stringify([KERNELS, CASES])], {
    cwd: path.dirname(QUEUE_WORKER),
    encoding: 'utf8',
  });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

test("the Python worker's kernels give the Rust kernels' values for the same task", async () => {
  const problem = queueVenvProblem();
  assert.equal(problem, null, `the Python queue worker's venv is not ready: run npm run setup`);
  const rust = await rustValues();
  const python = pythonValues();
  for (const kernel of KERNELS) assert.deepEqual(python[kernel], rust[kernel], kernel);
  // Values that would hide a broken port: mandelbrot rows differ, sha256 is not the seed.
  assert.ok(new Set(rust.mandelbrot).size >= 4, `${rust.mandelbrot}`);
  assert.ok(rust.sha256.every((/** @type {number} */ v) => v > 0), `${rust.sha256}`);
});
