// `npm test`: the whole suite, in the order a failure is cheapest to find.
//   set-up (incl. Chromium) -> lint (Rust, JS) -> host unit tests -> wasm build -> static site -> JS unit tests
//   -> wasm-bindgen tests in headless Chromium -> Playwright end-to-end tests -> quick benchmark
// Set-up, lint and build stop the run at once; test stages all run, and the closing line sums
// the tests every runner reported.
import { run, toolEnv } from './lib/run.mjs';

/** @typedef {{ name: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv, gate?: boolean }} Stage */

/** @type {Stage[]} */
const STAGES = [
  { name: 'set-up', cmd: 'node', args: ['scripts/setup.mjs', '--test'], gate: true },
  { name: 'format', cmd: 'cargo', args: ['fmt', '--check'], gate: true },
  // `npm run lint` is lint:rust (the four stages here, format and clippy) and this one.
  { name: 'lint:js (tsc over the JSDoc, ESLint)', cmd: 'npm', args: ['run', 'lint:js'], gate: true },
  { name: 'clippy (host)', cmd: 'cargo', args: ['clippy', '--all-targets', '--', '-D', 'warnings'], gate: true },
  {
    name: 'clippy (wasm32)',
    cmd: 'cargo',
    args: ['clippy', '--all-targets', '--target', 'wasm32-unknown-unknown', '--', '-D', 'warnings'],
    gate: true,
  },
  {
    // The single-threaded build (www/pkg-single): no `threads` feature, no pool code.
    name: 'clippy (wasm32, single-threaded)',
    cmd: 'cargo',
    args: ['clippy', '--all-targets', '--target', 'wasm32-unknown-unknown', '--no-default-features', '--', '-D', 'warnings'],
    gate: true,
  },
  { name: 'unit tests (cargo test)', cmd: 'cargo', args: ['test'] },
  { name: 'wasm builds (threaded and single-threaded)', cmd: 'node', args: ['scripts/build-wasm.mjs'], gate: true },
  { name: 'static site (npm run build:site)', cmd: 'node', args: ['scripts/build-site.mjs', '--no-build'], gate: true },
  // After the build: the server tests start server/serve.mjs, which refuses to serve a page without
  // www/pkg and www/pkg-single (a fresh clone has neither until this stage).
  { name: 'JS unit tests (node --test)', cmd: 'node', args: ['--test', 'tests/js/'] },
  {
    name: 'wasm tests (wasm-pack test --headless --chrome)',
    cmd: 'node',
    args: ['scripts/with-server.mjs', 'wasm-pack', 'test', '--headless', '--chrome', '--release'],
  },
  { name: 'end-to-end tests (Playwright, Chromium)', cmd: 'npx', args: ['playwright', 'test'] },
  // Keeps the benchmark from rotting: small sizes, numbers printed, not asserted. It fails only
  // when something is broken (a crash, a failed task, a peer whose checksum differs from ours).
  { name: 'benchmark, quick (npm run bench -- --quick)', cmd: 'node', args: ['bench/run.mjs', '--quick'] },
];

/**
 * Counts tests in a runner's output: cargo/wasm-bindgen-test, node --test, Playwright.
 * @param {string} text
 */
export function countTests(text) {
  let passed = 0;
  let failed = 0;
  for (const m of text.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  for (const m of text.matchAll(/^# pass (\d+)$/gm)) passed += Number(m[1]);
  for (const m of text.matchAll(/^# fail (\d+)$/gm)) failed += Number(m[1]);
  // Playwright: "  50 passed (7.6m)", "  3 passed (812ms)", "  1 skipped".
  for (const m of text.matchAll(/^\s+(\d+) passed \([\d.]+(?:ms|s|m|h)\)$/gm)) passed += Number(m[1]);
  for (const m of text.matchAll(/^\s+(\d+) (?:failed|flaky)$/gm)) failed += Number(m[1]);
  return { passed, failed };
}

async function main() {
  let passed = 0;
  let failed = 0;
  /** @type {string[]} */
  const failedStages = [];
  const started = Date.now();
  for (const stage of STAGES) {
    console.log(`\n=== ${stage.name}: ${stage.cmd} ${stage.args.join(' ')}`);
    let output = '';
    const code = await run(stage.cmd, stage.args, {
      env: stage.env ?? toolEnv({ CI: process.env.CI ?? '' }),
      onOutput: (text) => {
        output += text;
      },
    });
    const counts = countTests(output);
    passed += counts.passed;
    failed += counts.failed;
    if (code !== 0) {
      failedStages.push(stage.name);
      if (counts.failed === 0) failed += 1; // a stage that failed without a test count still fails
      if (stage.gate) {
        console.error(`\n=== ${stage.name} failed; stopping here.`);
        break;
      }
    }
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`\n=== ${failedStages.length ? `FAILED: ${failedStages.join(', ')}` : 'all stages passed'} (${minutes} min)`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failedStages.length ? 1 : 0);
}

if (process.argv[1]?.endsWith('test-all.mjs')) main();
