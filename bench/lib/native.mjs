// The native peer (bench/peers/native/native_bench.rs, a cargo example): built for the host and
// run with the page's CPU sizes.
import { quiet, lastJsonLine } from './proc.mjs';
import { say } from './log.mjs';

/**
 * Builds the example and returns the path of its executable.
 * @param {boolean} release
 */
export async function buildNative(release) {
  const profile = release ? ['--release'] : [];
  say(`cpu: cargo build ${profile.join(' ')} --example native_bench`);
  const { code, out } = await quiet('cargo', [
    'build', ...profile, '--example', 'native_bench', '--message-format', 'json-render-diagnostics',
  ]);
  const exe = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'native_bench')?.executable;
  if (code !== 0 || !exe) throw new Error(`the native baseline did not build:\n${out.slice(-2000)}`);
  return /** @type {string} */ (exe);
}

/**
 * One run of the native strategies (both unless `strategies` names some), warm-up none.
 * @param {string} exe
 * @param {{ tasks: number, work: number, threads: number, strategies?: string[] }} sizes
 * @returns {Promise<{ profile: string, threads: number, results: Record<string, { runs_ms: number[], checksum: number }> }>}
 */
export async function runNative(exe, { tasks, work, threads, strategies }) {
  const args = ['--tasks', tasks, '--work', work, '--threads', threads, '--repeats', 1, '--warmup', 0].map(String);
  if (strategies) args.push('--strategies', strategies.join(','));
  const { code, out } = await quiet(exe, args);
  const json = lastJsonLine(out);
  if (code !== 0 || !json) throw new Error(`native_bench failed: ${out.slice(-500)}`);
  return json;
}
