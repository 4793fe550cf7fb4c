// The task queue on the playground's server: its Redis (private, or REDIS_URL's), the bridge at
// /queue, and /api/queue, which tells a Python worker on this machine where the broker is.
// Without Redis the server still serves everything else; the queue answers with the reason.
import { CONTROL_CHANNEL } from './broker.mjs';
import { createBridge } from './bridge.mjs';
import { fromLoopback, joinLink, newToken, refuseUpgrade } from './access.mjs';
import { connect, openRedis, redacted } from './redis-process.mjs';
import os from 'node:os';

export const QUEUE_PATH = '/queue';
export const INFO_PATH = '/api/queue';

/**
 * @typedef {object} QueueService
 * @property {boolean} available
 * @property {string} reason why the queue is unavailable ('' when it is available)
 * @property {import('./redis-process.mjs').RedisLocation | null} location
 * @property {string | null} token the join token (null on a loopback server, which needs none)
 * @property {(host?: string) => string} joinLink the join link, for the address others reach this server at
 * @property {() => Promise<void>} close stops the bridge, and the Redis if it is private
 */

/**
 * Starts the queue beside an HTTP server that is already listening.
 * @param {import('node:http').Server} server
 * @param {{ host: string, isLoopback: import('./access.mjs').LoopbackTest, env?: NodeJS.ProcessEnv }} options
 *   `isLoopback` is serve.mjs's (handed in: the queue does not import the server)
 * @returns {Promise<QueueService>}
 */
export async function startQueue(server, { host, isLoopback, env = process.env }) {
  const loopbackServer = isLoopback(host);
  const token = loopbackServer ? null : newToken();
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  /** @type {import('./redis-process.mjs').RedisHandle | null} */
  let redis = null;
  let reason = '';
  try {
    redis = await openRedis({ env });
  } catch (err) {
    reason = /** @type {Error} */ (err).message.split('\n')[0];
  }
  const api = `http://${isLoopback(host) || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  const bridge = createBridge({ location: redis?.location ?? null, reason, api });
  const subscriber = redis ? connect(redis.location) : null;
  if (subscriber) {
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel, text) => {
      const [kind, run] = String(text).split(' ');
      bridge.notify(kind, run ?? '');
    });
    await subscriber.subscribe(CONTROL_CHANNEL);
  }
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== QUEUE_PATH) return;
    const refused = refuseUpgrade(req, { loopbackServer, token, isLoopback });
    if (refused) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${refused}\n`);
      return;
    }
    bridge.wss.handleUpgrade(req, socket, head, (ws) => bridge.wss.emit('connection', ws, req));
  });
  // The join link goes to loopback pages too: the page running the queue shows it to others.
  const link = joinLink({ host: reachableHost(host), port, token });
  answerInfo(server, isLoopback, () => ({ available: !!redis, reason, redis: redis?.location.url ?? null, api, joinLink: link }));
  return {
    available: !!redis,
    reason,
    location: redis?.location ?? null,
    token,
    joinLink: (shownHost = host) => joinLink({ host: shownHost, port, token }),
    async close() {
      for (const ws of bridge.wss.clients) ws.terminate();
      subscriber?.disconnect();
      await redis?.stop();
    },
  };
}

/**
 * Answers GET /api/queue before the server's own handler does (so serve.mjs needs no route for
 * it): where the broker is and the join link, for loopback clients only; anyone else hears
 * whether there is a queue and why not, but not where (a page on another machine asks at load,
 * and a refusal would be an error in its console).
 * @param {import('node:http').Server} server
 * @param {import('./access.mjs').LoopbackTest} isLoopback
 * @param {() => { available: boolean, reason: string }} info
 */
function answerInfo(server, isLoopback, info) {
  const others = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== INFO_PATH) {
      for (const listener of others) listener.call(server, req, res);
      return;
    }
    const all = info();
    const { available, reason } = all;
    const body = JSON.stringify(fromLoopback(req, isLoopback) ? all : { available, reason, error: 'the broker is offered to this machine only' });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(body);
  });
}

/**
 * The address other machines reach this server at: HOST itself, or for a wildcard HOST this
 * machine's first non-internal IPv4 address.
 * @param {string} host
 */
export function reachableHost(host) {
  if (host !== '0.0.0.0' && host !== '::') return host;
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  return found?.address ?? host;
}

/**
 * What `npm start` prints about the queue, and stopping it (its private Redis) with the server
 * on Ctrl+C or SIGTERM. The one call serve.mjs makes.
 * @param {import('node:http').Server} server
 * @param {string} host
 * @param {import('./access.mjs').LoopbackTest} isLoopback serve.mjs's
 */
export async function startQueueForServer(server, host, isLoopback) {
  // The handlers go in before anything can be signalled: startQueue has spawned the private
  // redis-server by the time it returns its promise, and a SIGTERM that killed this process
  // before a handler was in place would leave that child running.
  const starting = startQueue(server, { host, isLoopback });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => {
      starting
        .then((q) => q.close())
        .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  const queue = await starting;
  if (!queue.available) {
    console.log(`Task queue unavailable (queue strategies are refused): ${queue.reason}`);
  } else {
    const where = process.env.REDIS_URL ? 'REDIS_URL' : 'a private redis-server, stopped with this server';
    console.log(`Task queue: Redis at ${redacted(queue.location?.url ?? '')} (${where}); Python workers: npm run worker -- --processes 2`);
    if (queue.token) console.log(`Join link for other tabs and machines: ${queue.joinLink(reachableHost(host))}`);
  }
  return queue;
}
