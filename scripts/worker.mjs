// `npm run worker -- --processes N [--url http://host:port]`: N Python queue workers (one task
// at a time each) taking tasks from the playground's broker, as Celery's `celery worker -c N`
// would. Without --url they ask the playground on this machine (http://127.0.0.1:8787, or
// REDIS_URL when set). Ctrl+C asks each to finish its task and stop; a second one stops them.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { QUEUE_PYTHON, QUEUE_WORKER, queueVenvProblem } from './lib/queue-python.mjs';

/**
 * @param {string[]} argv
 * @returns {{ processes: number, url: string | null } | { error: string }}
 */
export function parseArgs(argv) {
  let processes = 1;
  /** @type {string | null} */
  let url = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[i + 1];
    if (flag === '--processes' || flag === '-n') {
      processes = Number(value);
      if (!Number.isInteger(processes) || processes < 1 || processes > 64) return { error: '--processes takes a whole number from 1 to 64' };
    } else if (flag === '--url') {
      if (!/^https?:\/\/[^/\s]+\/?$/.test(value ?? '')) return { error: '--url takes the playground\'s address, like http://127.0.0.1:8787' };
      url = value;
    } else {
      return { error: `unknown option ${argv[i]} (use --processes N and --url http://host:port)` };
    }
    if (inline === undefined) i++;
  }
  return { processes, url };
}

/**
 * Starts one worker process, its output prefixed with its number; resolves with its exit code.
 * @param {number} n
 * @param {string | null} url
 * @returns {{ child: import('node:child_process').ChildProcess, exited: Promise<number> }}
 */
function startWorker(n, url) {
  const args = [QUEUE_WORKER, ...(url ? ['--url', url] : [])];
  // Its own process group: Ctrl+C reaches this script only, which passes it on once per press.
  const child = spawn(QUEUE_PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => console.log(`worker ${n}: ${line}`));
  }
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { child, exited };
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    console.error(`worker: ${parsed.error}`);
    process.exit(2);
  }
  const problem = queueVenvProblem();
  if (problem) {
    console.error(`worker: the Python queue worker's venv is not ready (${problem}): run npm run setup`);
    process.exit(2);
  }
  const workers = Array.from({ length: parsed.processes }, (_, i) => startWorker(i + 1, parsed.url));
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      for (const { child } of workers) child.kill(signal);
    });
  }
  const codes = await Promise.all(workers.map((w) => w.exited));
  process.exit(codes.every((c) => c === 0) ? 0 : 1);
}

if (process.argv[1]?.endsWith('worker.mjs')) main();
