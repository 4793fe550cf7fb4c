// Who may use the bridge. WebSockets are not covered by CORS, so any page a browser has open
// could try ws://127.0.0.1:PORT/queue: the Origin a browser sends must be this server's own
// (and, on a loopback server, a loopback name, against DNS rebinding). A server reachable from
// the network (HOST not loopback) also needs the join token from other machines, random per
// server start and carried by the join link; this machine's own clients (a loopback address
// naming a loopback host, as on a loopback server) need none, so the page that starts a run
// there can be its producer. Clients that send no Origin are not browsers: only the token, or
// being on this machine, admits them. Redis itself is never offered to the network: /api/queue tells loopback only.
//
// Which names and addresses are loopback is serve.mjs's `isLoopback`, handed in by the caller
// (this module must not import the server that imports it).
import crypto from 'node:crypto';

/** @typedef {(host: string) => boolean} LoopbackTest */

/** A fresh join token (128 bits, hex). */
export function newToken() {
  return crypto.randomBytes(16).toString('hex');
}

/**
 * The link another tab, browser or machine opens to join as a worker.
 * @param {{ host: string, port: number, token: string | null }} options the address others reach the server at
 */
export function joinLink({ host, port, token }) {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/?join=${token ?? '1'}`;
}

/**
 * @param {string | undefined} a
 * @param {string} b
 */
function sameSecret(a, b) {
  const x = Buffer.from(a ?? '');
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Whether an upgrade to the bridge may proceed; the reason when not.
 * @param {Pick<import('node:http').IncomingMessage, 'url' | 'headers' | 'socket'>} req
 * @param {{ loopbackServer: boolean, token: string | null, isLoopback: LoopbackTest }} policy
 * @returns {string | null} null if allowed, else why not
 */
export function refuseUpgrade(req, { loopbackServer, token, isLoopback }) {
  const origin = req.headers.origin;
  const hostHeader = req.headers.host ?? '';
  if (origin !== undefined) {
    let parsed;
    try {
      parsed = new URL(origin);
    } catch {
      return 'bad Origin';
    }
    if (parsed.host !== hostHeader.toLowerCase()) return `Origin ${origin} is not this server`;
    const name = parsed.hostname;
    if (loopbackServer && !isLoopback(name) && !name.endsWith('.localhost')) return `Origin ${origin} is not a loopback name`;
  }
  if (!loopbackServer && !fromLoopback(req, isLoopback)) {
    const given = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? undefined;
    if (!token || !sameSecret(given, token)) return 'the join token is missing or wrong (open the join link)';
  }
  return null;
}

/**
 * Whether a request comes from this machine and names it as a loopback host (the broker's
 * address is told to nobody else).
 * @param {Pick<import('node:http').IncomingMessage, 'socket' | 'headers'>} req
 * @param {LoopbackTest} isLoopback
 */
export function fromLoopback(req, isLoopback) {
  const address = req.socket.remoteAddress ?? '';
  if (!isLoopback(address.replace(/^::ffff:/, ''))) return false;
  // A page on another site that rebinds its name to 127.0.0.1 connects from loopback too, but
  // its requests carry its own name as Host.
  let name;
  try {
    name = new URL(`http://${req.headers.host ?? ''}/`).hostname;
  } catch {
    return false;
  }
  return isLoopback(name);
}
