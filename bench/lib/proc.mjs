// Running the bench's helper programs quietly (their output is shown only when they fail).
import { spawn } from 'node:child_process';
import { ROOT, toolEnv } from '../../scripts/lib/run.mjs';

/**
 * Runs a command without echoing it; resolves to its exit code and combined output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 * @returns {Promise<{ code: number, out: string }>}
 */
export function quiet(cmd, args, { env = toolEnv(), cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ code: 127, out: err.message }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

/**
 * The last line of `out` that parses as a JSON object.
 * @param {string} out
 */
export function lastJsonLine(out) {
  for (const line of out.trim().split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line);
    } catch {
      // a log line that happens to start with a brace
    }
  }
  return null;
}
