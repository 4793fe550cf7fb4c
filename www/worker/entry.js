// The dedicated worker's entry: starts loading the wasm module first, then the worker itself
// (worker.js and what it imports). worker.js's own imports would otherwise all be fetched
// before a line of it ran, with the module's download waiting behind them. The page's messages
// that arrive meanwhile are held and handed to worker.js in order once it listens; an `init`
// among them starts the pool at once.
import { markBoot, moduleLoading, poolStarting } from './load-module.js';
import { TO_WORKER } from '../protocol/messages.js';

markBoot('script');
moduleLoading();

/** @type {MessageEvent[]} */
const held = [];
const hold = (/** @type {MessageEvent} */ event) => {
  event.stopImmediatePropagation();
  held.push(event);
  if (event.data?.type === TO_WORKER.init && self.crossOriginIsolated) poolStarting(event.data.threads);
};
self.addEventListener('message', hold);
await import('./worker.js');
markBoot('worker');
self.removeEventListener('message', hold);
for (const { data } of held) self.dispatchEvent(new MessageEvent('message', { data }));
