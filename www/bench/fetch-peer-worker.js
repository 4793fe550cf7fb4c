// The fetch peers of fetch-peers.js run in a module Web Worker, as our strategies run in the
// playground's dedicated Worker: the same code, one call at a time, its result posted back.
import { FETCH_PEERS } from './fetch-peers.js';

/** @typedef {import('./fetch-peers.js').PeerCall} PeerCall */

self.addEventListener('message', async (/** @type {MessageEvent<PeerCall>} */ { data }) => {
  const { id, fn, options } = data;
  try {
    postMessage({ id, result: await FETCH_PEERS[fn](options) });
  } catch (err) {
    postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
