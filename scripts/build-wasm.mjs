// Builds the threaded wasm package into www/pkg (served as static files; no bundler).
//   node scripts/build-wasm.mjs          release build (what npm start serves)
//   node scripts/build-wasm.mjs --dev    debug build, faster to compile
import { run, wasmEnv } from './lib/run.mjs';

const dev = process.argv.includes('--dev');
const args = [
  'build',
  dev ? '--dev' : '--release',
  '--target', 'web',
  '--out-dir', 'www/pkg',
  '--no-typescript',
  '--no-pack',
];
console.log(
  `build: wasm-pack ${args.join(' ')}` +
    '\n       (the first build rebuilds Rust\'s std with atomics: about a minute; later ones take seconds)',
);
const code = await run('wasm-pack', args, { env: wasmEnv() });
if (code !== 0) {
  console.error('build: the wasm build failed (see above). `npm run setup` installs the toolchain it needs.');
}
process.exit(code);
