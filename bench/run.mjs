// `npm run bench`: the playground measured side by side against the peers a person would reach
// for instead (plain JavaScript, Python, native Rust) and against the physical limits (ideal
// times, the core count), in one run on one machine.
//
//   npm run bench                       full run (about 15 minutes on 2 cores)
//   npm run bench -- --quick            small sizes, one round, under a minute (npm test runs it)
//   npm run bench -- --update-docs      full run, then replaces the table in docs/benchmarks.md
//   options: --no-build (measure www/pkg as it is), --build (build even in quick mode),
//            --only page,cpu,... (sections, see sections/index.mjs),
//            --out FILE (default bench/results.json; quick: test-results/bench-quick.json)
//
// In a fresh clone it first sets up and builds what is missing, as `npm start` does.
// Every timing is a median over rounds after warm-up rounds that are left out, with the spread
// (min–max) beside it. Contenders run interleaved, round by round, so slow drift in the
// machine's background load reaches all of them alike. Every peer's checksum must equal ours,
// so they provably did the same work; a mismatch, a crash or a failed task is an error and the
// exit code is 1. Missed targets are reported, never asserted.
import os from 'node:os';
import { parseArgs } from './lib/args.mjs';
import { docsProblem } from './lib/docs.mjs';
import { prepare } from './lib/prepare.mjs';
import { say, Stop } from './lib/log.mjs';
import { SECTIONS } from './sections/index.mjs';

async function main() {
  const started = Date.now();
  const loadAtStart = os.loadavg();
  const args = parseArgs(process.argv.slice(2));
  const problem = args.updateDocs ? docsProblem() : null;
  if (problem) throw new Stop(`--update-docs: ${problem}`);
  const sections = SECTIONS.filter((s) => !args.only || args.only.includes(s.name));
  say(`${args.quick ? 'quick' : 'full'} run: ${sections.map((s) => s.name).join(', ')}`);
  await prepare(args);
  // Loaded only now: it needs the npm packages that prepare() may just have installed.
  const { runBench } = await import('./lib/session.mjs');
  return runBench(args, sections, { started, loadAtStart });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench: ${err instanceof Stop ? err.message : err.stack ?? err}`);
    process.exit(1);
  },
);
