// The Python peers: a local virtual environment (bench/.venv) with the pinned aiohttp and
// requests, created by the bench itself and only when missing, and a runner for bench/peers/python/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/run.mjs';
import { quiet, lastJsonLine } from './proc.mjs';

export const VENV = path.join(ROOT, 'bench', '.venv');
const REQUIREMENTS = path.join(ROOT, 'bench', 'peers', 'python', 'requirements.txt');
const venvPython = path.join(VENV, 'bin', 'python');

/**
 * The pins of requirements.txt, e.g. { aiohttp: '3.14.5', requests: '2.34.2' }.
 * @returns {Record<string, string>}
 */
export function pins() {
  const text = fs.readFileSync(REQUIREMENTS, 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^([A-Za-z0-9_.-]+)==(\S+)/gm)].map((m) => [m[1].toLowerCase(), m[2]]),
  );
}

/** The installed versions of the pinned packages in the venv, or null if it cannot say. */
function installedVersions() {
  if (!fs.existsSync(venvPython)) return null;
  const names = Object.keys(pins());
  const script =
    'import json, importlib.metadata as m\n' +
    `print(json.dumps({n: m.version(n) for n in ${JSON.stringify(names)}}))`;
  const r = spawnSync(venvPython, ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return /** @type {Record<string, string>} */ (JSON.parse(r.stdout));
}

/**
 * Makes sure bench/.venv exists with the pinned packages; installs only what is missing.
 * @param {(text: string) => void} say
 * @returns {Promise<{ python: string | null, version: string | null, packages: Record<string, string>, problem?: string }>}
 */
export async function ensureVenv(say) {
  const wanted = pins();
  const matches = (/** @type {Record<string, string> | null} */ v) =>
    v !== null && Object.entries(wanted).every(([n, ver]) => v[n] === ver);
  let versions = installedVersions();
  if (!matches(versions)) {
    if (!fs.existsSync(venvPython)) {
      say('creating bench/.venv (python3 -m venv)');
      const made = await quiet('python3', ['-m', 'venv', VENV]);
      if (made.code !== 0) {
        return { python: null, version: null, packages: {}, problem: `python3 -m venv failed: ${made.out.trim()}` };
      }
    }
    say(`installing ${Object.entries(wanted).map(([n, v]) => `${n}==${v}`).join(', ')} into bench/.venv`);
    const pip = await quiet(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS]);
    versions = installedVersions();
    if (pip.code !== 0 || !matches(versions)) {
      return {
        python: venvPython,
        version: pythonVersion(venvPython),
        packages: versions ?? {},
        problem: `pip install failed: ${pip.out.trim().split('\n').slice(-3).join(' ')}`,
      };
    }
  }
  return { python: venvPython, version: pythonVersion(venvPython), packages: versions ?? {} };
}

/** "3.11.7", or null. */
function pythonVersion(/** @type {string} */ python) {
  const r = spawnSync(python, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim().replace(/^Python /, '') : null;
}

/**
 * Runs one of bench/peers/python/*.py and parses the JSON line it prints.
 * @param {string} python interpreter
 * @param {string} script file name in bench/peers/python
 * @param {Record<string, string | number>} options passed as --name value
 * @returns {Promise<any>}
 */
export async function runPython(python, script, options) {
  const args = [path.join(ROOT, 'bench', 'peers', 'python', script)];
  for (const [name, value] of Object.entries(options)) args.push(`--${name}`, String(value));
  const { code, out } = await quiet(python, args);
  const json = lastJsonLine(out);
  if (code !== 0 || !json) throw new Error(`${script} failed (exit ${code}): ${out.trim().slice(-400)}`);
  return json;
}
