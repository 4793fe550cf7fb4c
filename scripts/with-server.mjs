// Starts the playground server on a free loopback port, runs a command with PLAYGROUND_ORIGIN
// set to it, then stops the server:  node scripts/with-server.mjs wasm-pack test ...
import { startServer } from '../server/serve.mjs';
import { run, toolEnv } from './lib/run.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-server.mjs COMMAND [ARGS...]');
  process.exit(2);
}
const server = await startServer({ port: 0 });
const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
const origin = `http://127.0.0.1:${port}`;
console.log(`with-server: serving on ${origin}`);
const code = await run(cmd, args, { env: toolEnv({ PLAYGROUND_ORIGIN: origin }) });
server.closeAllConnections();
server.close();
process.exit(code);
