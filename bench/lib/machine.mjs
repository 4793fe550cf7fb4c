// The machine a benchmark ran on, as results.json and the README record it.
import fs from 'node:fs';
import os from 'node:os';
import { capture } from '../../scripts/lib/run.mjs';

/** Debian's "PRETTY_NAME" (or the platform), plus the kernel release. */
function osName() {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty}, Linux ${os.release()}`;
  } catch {
    // not Linux, or no os-release: fall through
  }
  return `${os.type()} ${os.release()}`;
}

/**
 * @param {{ chromium: string, python: string | null, pythonPackages: Record<string, string> }} found
 *   what only a running browser or interpreter can tell
 */
export function describeMachine({ chromium, python, pythonPackages }) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    chromium,
    rustc: capture('rustc', ['-V'])?.trim() ?? 'unknown',
    python: python ?? 'not found',
    pythonPackages,
  };
}

/** One line for the table's caption. */
export function machineLine(/** @type {ReturnType<typeof describeMachine>} */ m) {
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; ${m.chromium}; ` +
    `${m.rustc}; Python ${m.python}`
  );
}
