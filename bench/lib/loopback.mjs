// The floor under every request in the I/O rows: one HTTP round trip over loopback between a
// bare Node server (it answers at once) and a keep-alive Node client, one request at a time.
import http from 'node:http';

/**
 * Median ms per request over `n` sequential requests (after 10 unmeasured ones).
 * @param {number} n
 */
export async function loopbackFloorMs(n = 200) {
  const server = http.createServer((_req, res) => res.end('x'.repeat(256)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  try {
    const times = [];
    for (let i = 0; i < n + 10; i++) {
      const t0 = performance.now();
      await get();
      if (i >= 10) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    agent.destroy();
    server.close();
  }
}
