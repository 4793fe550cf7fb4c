// Runs a command with the wasm32 build environment (see scripts/lib/run.mjs, wasmEnv):
//   node scripts/wasm-env.mjs cargo clippy --target wasm32-unknown-unknown
import { run, wasmEnv } from './lib/run.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/wasm-env.mjs COMMAND [ARGS...]');
  process.exit(2);
}
process.exit(await run(cmd, args, { env: wasmEnv() }));
