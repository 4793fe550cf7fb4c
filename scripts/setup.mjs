// One idempotent set-up step: installs whatever is missing, says what and why, and skips what is
// there. `npm start` runs it; `npm test` runs it with --test (which adds the browser).
//
// Why the first run takes minutes: this machine does not install a pinned Rust toolchain on first
// use (RUSTUP_AUTO_INSTALL=0), wasm-pack and wasm-bindgen-cli are compiled from crates.io (run
// side by side, unoptimised: see ensureCargoTool), and the first wasm build rebuilds std with
// atomics.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, run, capture, toolEnv } from './lib/run.mjs';
import { PINS } from './lib/pins.mjs';
import { ensureQueueVenv } from './lib/queue-python.mjs';

const withBrowser = process.argv.includes('--test');
const say = (/** @type {string} */ text) => console.log(`setup: ${text}`);

function fail(/** @type {string} */ text) {
  console.error(`setup: ${text}`);
  process.exit(1);
}

/** The pinned nightly with the wasm32 target and rust-src (for build-std). */
async function ensureToolchain() {
  if (!capture('rustup', ['--version'])) {
    fail('rustup is not installed; this project needs it to install its pinned Rust toolchain.');
  }
  const toolchains = capture('rustup', ['toolchain', 'list']) ?? '';
  const targets = toolchains.includes(PINS.toolchain)
    ? capture('rustup', ['target', 'list', '--installed', '--toolchain', PINS.toolchain]) ?? ''
    : '';
  const components = capture('rustup', ['component', 'list', '--installed', '--toolchain', PINS.toolchain]) ?? '';
  if (targets.includes('wasm32-unknown-unknown') && components.includes('rust-src') && components.includes('clippy')) {
    say(`Rust ${PINS.toolchain} with wasm32 and rust-src: present`);
    return;
  }
  say(`installing Rust ${PINS.toolchain} with the wasm32 target (pinned in rust-toolchain.toml; ~20 s)`);
  if ((await run('rustup', ['toolchain', 'install'], { cwd: ROOT })) !== 0) {
    fail('`rustup toolchain install` failed (see above).');
  }
}

/**
 * A cargo-installed tool at an exact version.
 * @param {string} bin
 * @param {string} crate
 * @param {string} version
 * @param {string[]} extra
 * @returns {Promise<void> | null} the install, or null if the tool is already there
 */
function ensureCargoTool(bin, crate, version, extra) {
  const found = capture(bin, ['--version']);
  if (found?.includes(version)) {
    say(`${bin} ${version}: present`);
    return null;
  }
  say(`compiling ${crate} ${version} from crates.io, unoptimised (${found ? `found ${found.trim()}` : 'missing'}; ~2 min)`);
  // Run outside the project so the default toolchain builds it, not the pinned nightly.
  // --force: cargo's install records can outlive the binary (then it would skip the install).
  // --debug without debug info: the tools need not be fast (wasm-bindgen takes 1.2 s on this
  // module instead of 0.2 s), and compiling both unoptimised takes about half the time that
  // the release profile's 8 minutes on 2 cores did (docs/toolchain.md).
  const args = ['install', crate, '--version', version, '--force', '--debug', ...extra];
  const env = toolEnv({ CARGO_PROFILE_DEV_DEBUG: '0', CARGO_PROFILE_DEV_INCREMENTAL: 'false' });
  return run('cargo', args, { cwd: os.tmpdir(), env }).then((code) => {
    if (code !== 0) fail(`cargo install ${crate} failed (see above).`);
  });
}

/** npm packages (Chart.js, sirv, Playwright, binaryen, the JS lint), installed from the lock file. */
async function ensureNpmPackages() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) {
    say('npm packages: present');
    return;
  }
  say('installing npm packages from package-lock.json (npm ci)');
  if ((await run('npm', ['ci', '--no-audit', '--no-fund'])) !== 0) fail('npm ci failed (see above).');
}

/** Debian's Chromium and ChromeDriver, for `wasm-pack test --chrome` and Playwright. */
async function ensureBrowser() {
  if (fs.existsSync('/usr/bin/chromium') && fs.existsSync('/usr/bin/chromedriver')) {
    say('Chromium and ChromeDriver: present');
    return;
  }
  say("installing Debian's chromium and chromium-driver for the browser tests (~40 s)");
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo'];
  const apt = async (/** @type {string[]} */ args) =>
    run(sudo[0] ?? 'apt-get', [...(asRoot ? [] : ['apt-get']), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if ((await apt(['update'])) !== 0 || (await apt(['install', '-y', 'chromium', 'chromium-driver'])) !== 0) {
    fail('could not install chromium and chromium-driver with apt-get (see above).');
  }
}

/**
 * Debian's redis-server, the task queue's broker (the server starts a private one). Without it
 * the queue strategies are refused and everything else works, so a machine where it cannot be
 * installed (not root, no apt-get) gets one line on how to get it and the set-up goes on.
 */
async function ensureRedis() {
  if (capture('redis-server', ['--version'])) {
    say('redis-server (the task queue): present');
    return;
  }
  if (process.getuid?.() !== 0 || !capture('apt-get', ['--version'])) {
    say('redis-server missing: the task queue needs it (sudo apt-get install redis-server, or set REDIS_URL); going on without it');
    return;
  }
  say("installing Debian's redis-server for the task queue (~10 s)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update'], { env })) !== 0 || (await run('apt-get', ['install', '-y', 'redis-server'], { env })) !== 0) {
    say('redis-server could not be installed with apt-get (see above); the task queue is refused until it is');
  }
}

/** The Python queue worker's venv; like Redis, the set-up goes on without it. */
async function ensurePythonWorker() {
  let problem = await ensureQueueVenv(say);
  // Debian's python3 has no venv module until python3-venv is installed.
  if (problem?.startsWith('python3 -m venv failed') && process.getuid?.() === 0 && capture('apt-get', ['--version'])) {
    say("installing Debian's python3-venv for the Python queue worker");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if ((await run('apt-get', ['install', '-y', 'python3-venv'], { env })) === 0) problem = await ensureQueueVenv(say);
  }
  if (problem) say(`${problem}; going on without the Python queue worker`);
}

await ensureToolchain();
await Promise.all(
  [
    ensureCargoTool('wasm-bindgen', 'wasm-bindgen-cli', PINS.wasmBindgen, []),
    // --locked works for wasm-pack; for wasm-bindgen-cli its lock file pins a webpki-roots
    // version the registry no longer serves, so that one is built without it.
    ensureCargoTool('wasm-pack', 'wasm-pack', PINS.wasmPack, ['--locked']),
    ensureNpmPackages(),
  ].filter(Boolean),
);
if (withBrowser) await ensureBrowser();
await ensureRedis();
await ensurePythonWorker();
say('done');
