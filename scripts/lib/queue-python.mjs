// The Python task-queue workers' virtual environments, git-ignored: .venv-queue with the pinned
// redis-py (queue_worker.py; created by setup when missing, used by `npm run worker` and the
// queue tests) and .venv-celery with Celery (the bench's peer, created by the bench's queue section).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, run } from './run.mjs';

const PEERS = path.join(ROOT, 'bench', 'peers', 'python');

/** @typedef {{ dir: string, python: string, requirements: string }} Venv */

/** @param {string} name @param {string} requirements @returns {Venv} */
const venv = (name, requirements) => ({ dir: path.join(ROOT, name), python: path.join(ROOT, name, 'bin', 'python'), requirements: path.join(PEERS, requirements) });

export const QUEUE_VENV = venv('.venv-queue', 'queue-requirements.txt');
export const CELERY_VENV = venv('.venv-celery', 'celery-requirements.txt');
export const QUEUE_PYTHON = QUEUE_VENV.python;
export const QUEUE_WORKER = path.join(PEERS, 'queue_worker.py');

/**
 * The pins in a requirements file, as { name: version }.
 * @param {string} file
 */
export function pinsOf(file) {
  /** @type {Record<string, string>} */
  const pins = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^([\w-]+)==([\w.]+)\s*$/);
    if (m) pins[m[1]] = m[2];
  }
  return pins;
}

/**
 * Why a venv is not ready (missing, or a pin differs), or null when it is.
 * @param {Venv} [v]
 */
export function venvProblem(v = QUEUE_VENV) {
  if (!fs.existsSync(v.python)) return `${path.relative(ROOT, v.dir)} is missing`;
  const pins = pinsOf(v.requirements);
  const script = `import json, importlib.metadata as m; print(json.dumps({n: m.version(n) for n in ${JSON.stringify(Object.keys(pins))}}))`;
  const r = spawnSync(v.python, ['-c', script], { encoding: 'utf8' });
  /** @type {Record<string, string>} */
  const found = r.status === 0 ? JSON.parse(r.stdout) : {};
  const wrong = Object.entries(pins).find(([name, version]) => found[name] !== version);
  return wrong ? `${wrong[0]}==${wrong[1]} is not installed in ${path.relative(ROOT, v.dir)}` : null;
}

/** The queue worker's venv problem, if any (what setup, `npm run worker` and the tests ask). */
export const queueVenvProblem = () => venvProblem(QUEUE_VENV);

/**
 * Creates a venv and installs its pins when needed.
 * @param {(text: string) => void} say
 * @param {Venv} [v]
 * @returns {Promise<string | null>} null when ready, else why not (one line)
 */
export async function ensureQueueVenv(say, v = QUEUE_VENV) {
  const name = path.relative(ROOT, v.dir);
  const problem = venvProblem(v);
  if (!problem) {
    say(`Python venv ${name}: present`);
    return null;
  }
  say(`creating the Python venv ${name}: ${problem} (~5 s)`);
  if (!fs.existsSync(v.python) && (await run('python3', ['-m', 'venv', v.dir])) !== 0) {
    return 'python3 -m venv failed: the Python queue workers need Python 3.10+ with venv (apt-get install python3-venv)';
  }
  if ((await run(v.python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', v.requirements])) !== 0) {
    return `pip could not install ${path.relative(ROOT, v.requirements)} into ${name} (see above)`;
  }
  return null;
}
