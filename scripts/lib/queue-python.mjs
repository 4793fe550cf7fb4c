// The Python queue worker's virtual environment (.venv-queue, git-ignored) with the pinned
// redis-py: created by setup when missing, used by `npm run worker` and the queue tests.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, run } from './run.mjs';

export const QUEUE_VENV = path.join(ROOT, '.venv-queue');
export const QUEUE_PYTHON = path.join(QUEUE_VENV, 'bin', 'python');
export const QUEUE_WORKER = path.join(ROOT, 'bench', 'peers', 'python', 'queue_worker.py');
const REQUIREMENTS = path.join(ROOT, 'bench', 'peers', 'python', 'queue-requirements.txt');

/** The pins in queue-requirements.txt, as { name: version }. */
export function queuePins() {
  /** @type {Record<string, string>} */
  const pins = {};
  for (const line of fs.readFileSync(REQUIREMENTS, 'utf8').split('\n')) {
    const m = line.match(/^([\w-]+)==([\w.]+)\s*$/);
    if (m) pins[m[1]] = m[2];
  }
  return pins;
}

/** Why the venv is not ready (missing, or a pin differs), or null when it is. */
export function queueVenvProblem() {
  if (!fs.existsSync(QUEUE_PYTHON)) return `${path.relative(ROOT, QUEUE_VENV)} is missing`;
  for (const [name, version] of Object.entries(queuePins())) {
    const r = spawnSync(QUEUE_PYTHON, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(name)}))`], { encoding: 'utf8' });
    if (r.status !== 0 || r.stdout.trim() !== version) return `${name}==${version} is not installed in it`;
  }
  return null;
}

/**
 * Creates .venv-queue and installs the pins when needed.
 * @param {(text: string) => void} say
 * @returns {Promise<string | null>} null when ready, else why not (one line)
 */
export async function ensureQueueVenv(say) {
  const problem = queueVenvProblem();
  if (!problem) {
    say('Python queue worker venv (.venv-queue, redis-py): present');
    return null;
  }
  say(`creating the Python queue worker's venv: ${problem} (~5 s)`);
  if (!fs.existsSync(QUEUE_PYTHON) && (await run('python3', ['-m', 'venv', QUEUE_VENV])) !== 0) {
    return 'python3 -m venv failed: the Python queue worker needs Python 3.10+ with venv (apt-get install python3-venv)';
  }
  if ((await run(QUEUE_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS])) !== 0) {
    return `pip could not install ${path.relative(ROOT, REQUIREMENTS)} into .venv-queue (see above)`;
  }
  return null;
}
