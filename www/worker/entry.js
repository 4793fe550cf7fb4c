// The dedicated worker's entry. It has no static imports, so its first lines run as soon as it
// arrives: they start the wasm module's download and the glue's import before anything else
// this worker asks for (static imports would cost a round trip first, and on a cold load the
// page's own ~40 modules take the 6 connections meanwhile). Then it loads the module loader and
// worker.js. The page's messages that arrive meanwhile are held and handed to worker.js in order
// once it listens; an `init` among them starts the pool as soon as the loader is there.
performance.mark('boot:script');

// The build: threaded (the pool) only when cross-origin isolated, else single-threaded.
const dir = self.crossOriginIsolated ? '../pkg/' : '../pkg-single/';
const early = {
  glue: import(`${dir}parallel_playground.js`),
  wasm: fetch(new URL(`${dir}parallel_playground_bg.wasm`, import.meta.url), { priority: 'high' }),
};
// A failure is reported by whoever awaits the module (the worker's boot), not also as unhandled.
early.glue.catch(() => {});
early.wasm.catch(() => {});

/** @type {MessageEvent[]} */
const held = [];
/** Starts the pool for an `init` once the loader is there. @type {((data: any) => void) | null} */
let onInit = null;
const hold = (/** @type {MessageEvent} */ event) => {
  event.stopImmediatePropagation();
  held.push(event);
  onInit?.(event.data);
};
self.addEventListener('message', hold);

const [{ moduleLoading, poolStarting, markBoot }, { TO_WORKER }] = await Promise.all([import('./load-module.js'), import('../protocol/messages.js')]);
moduleLoading(early);
onInit = (data) => {
  if (data?.type === TO_WORKER.init && self.crossOriginIsolated) poolStarting(data.threads);
};
for (const { data } of held) onInit(data);
await import('./worker.js');
markBoot('worker');
self.removeEventListener('message', hold);
for (const { data } of held) self.dispatchEvent(new MessageEvent('message', { data }));
