// Builds the two wasm packages the page chooses between (served as static files; no bundler):
//   www/pkg         threaded: shared memory, the rayon pool (needs a cross-origin isolated page)
//   www/pkg-single  single-threaded (`--no-default-features`): for a page served without
//                   COOP/COEP, where there is no SharedArrayBuffer; www/worker/worker.js picks it then
//
//   node scripts/build-wasm.mjs          release builds (what npm start serves)
//   node scripts/build-wasm.mjs --dev    debug builds, faster to compile
import fs from 'node:fs';
import { run, toolEnv } from './lib/run.mjs';

const { maxMemoryBytes } = JSON.parse(fs.readFileSync(new URL('../www/spec.json', import.meta.url), 'utf8')).constants;

const dev = process.argv.includes('--dev');
/** @param {string} outDir @param {string[]} cargoArgs */
const wasmPack = (outDir, cargoArgs = []) => [
  'build',
  dev ? '--dev' : '--release',
  '--target', 'web',
  '--out-dir', outDir,
  '--no-typescript',
  '--no-pack',
  ...cargoArgs,
];

/**
 * The single-threaded build's environment. `[target.wasm32-unknown-unknown] rustflags` in
 * .cargo/config.toml (atomics, shared memory) apply to every wasm32 build; RUSTFLAGS, even empty,
 * takes precedence over them (Cargo reads the env first and does not merge), so it switches them
 * off here (build-std in the config still rebuilds std, without atomics). Its own target dir,
 * so the two builds, with different flags and std, do not throw away each other's artifacts.
 * The one flag it keeps is the 1 GiB memory limit: without it the memory could grow to 4 GiB,
 * and both builds would no longer run out of memory at the same point (the 512 MiB page budget
 * of pipeline-fetch-then-parse and worker.js's out-of-memory note assume 1 GiB).
 */
function singleEnv() {
  const env = toolEnv({ RUSTFLAGS: `-C link-arg=--max-memory=${maxMemoryBytes}`, CARGO_TARGET_DIR: 'target/single' });
  delete env.CARGO_ENCODED_RUSTFLAGS;
  return env;
}

const builds = [
  {
    name: 'threaded',
    args: wasmPack('www/pkg'),
    env: toolEnv(),
    note: "the first build rebuilds Rust's std with atomics: about a minute; later ones take seconds",
  },
  {
    name: 'single-threaded',
    args: wasmPack('www/pkg-single', ['--', '--no-default-features']),
    env: singleEnv(),
    note: 'for pages that are not cross-origin isolated; its first build takes about half a minute',
  },
];

for (const build of builds) {
  console.log(`build (${build.name}): wasm-pack ${build.args.join(' ')}\n       (${build.note})`);
  const started = Date.now();
  const code = await run('wasm-pack', build.args, { env: build.env });
  if (code !== 0) {
    console.error(
      `build: the ${build.name} wasm build failed (see above). \`npm run setup\` installs the toolchain it needs.`,
    );
    process.exit(code);
  }
  console.log(`build (${build.name}): done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
