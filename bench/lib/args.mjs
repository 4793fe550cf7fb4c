// The runner's command line: which sections, which sizes, whether to build, where to write.
import { SECTIONS } from '../sections/index.mjs';
import { Stop } from './log.mjs';

export const FLAGS = ['--quick', '--only', '--update-docs', '--build', '--no-build', '--out'];

/**
 * @typedef {object} Args
 * @property {boolean} quick
 * @property {string[] | null} only   section names, or null for all
 * @property {boolean} updateDocs     write the table into docs/benchmarks.md
 * @property {boolean} build          build the wasm even if www/pkg exists
 * @property {string} out             results file, relative to the repository
 */

/** The value after `flag`, or an error naming the flag. */
function valueOf(/** @type {string[]} */ argv, /** @type {number} */ i) {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Stop(`${argv[i]} needs a value`);
  return value;
}

/** Throws on a flag the runner does not know, so a misspelt one is not silently ignored. */
function checkFlags(/** @type {string[]} */ argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only' || arg === '--out') {
      valueOf(argv, i);
      i += 1;
    } else if (arg === '--update-readme') {
      throw new Stop('--update-readme is now --update-docs: the table lives in docs/benchmarks.md');
    } else if (!FLAGS.includes(arg)) {
      throw new Stop(`unknown option ${arg}; known: ${FLAGS.join(', ')}`);
    }
  }
}

/** @param {string[]} argv  the arguments after the script's name */
export function parseArgs(argv) {
  checkFlags(argv);
  const quick = argv.includes('--quick');
  const value = (/** @type {string} */ flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const only = value('--only')?.split(',').filter(Boolean) ?? null;
  const unknown = only?.filter((s) => !SECTIONS.some((x) => x.name === s)) ?? [];
  if (unknown.length) throw new Stop(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const updateDocs = argv.includes('--update-docs');
  if (updateDocs && quick) throw new Stop('--update-docs wants a full run: quick numbers are not meant to be shown');
  return {
    quick,
    only,
    updateDocs,
    // Full runs build, so the numbers are the source's; quick runs (after npm test's own build)
    // only build when there is nothing to serve.
    build: argv.includes('--no-build') ? false : argv.includes('--build') || !quick,
    out: value('--out') ?? (quick ? 'test-results/bench-quick.json' : 'bench/results.json'),
  };
}
