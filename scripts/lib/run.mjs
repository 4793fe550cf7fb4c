// Small helpers shared by the project's scripts: running commands with the tool environment.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * PATH with cargo's bin folder, where `cargo install` puts wasm-pack and wasm-bindgen.
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function toolEnv(extra = {}) {
  const cargoBin = path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin');
  const parts = (process.env.PATH ?? '').split(path.delimiter);
  const PATH = parts.includes(cargoBin) ? process.env.PATH : [cargoBin, ...parts].join(path.delimiter);
  return { ...process.env, PATH, ...extra };
}

/**
 * Runs a command, streaming its output; resolves to its exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, onOutput?: (text: string) => void }} [options]
 * @returns {Promise<number>}
 */
export function run(cmd, args, { env = toolEnv(), cwd = ROOT, onOutput } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd, stdio: onOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (onOutput) {
      child.stdout?.on('data', (d) => {
        process.stdout.write(d);
        onOutput(String(d));
      });
      child.stderr?.on('data', (d) => {
        process.stderr.write(d);
        onOutput(String(d));
      });
    }
    child.on('error', (err) => {
      console.error(`could not run ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs a command quietly and returns its stdout, or null if it failed or is missing.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string }} [options]
 */
export function capture(cmd, args, { cwd = ROOT } = {}) {
  const r = spawnSync(cmd, args, { env: toolEnv(), cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}
