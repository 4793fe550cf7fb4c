// One frame for everything drawn live during a run (progress rows, timeline), at most a few
// times a second: every frame the page lays out, paints and commits takes a core from the pool
// the run is measuring, so live views share one rate-limited frame instead of each taking its own.

/** The least time between two live frames: about 5 a second still reads as live. */
export const LIVE_EVERY_MS = 200;

/** @type {Map<string, () => void>} what the next live frame draws, by view */
const waiting = new Map();
let scheduled = false;
let drawnAt = -Infinity;

/**
 * Draws `draw` in the next live frame (replacing what `key` had asked for before).
 * @param {string} key  the view asking
 * @param {() => void} draw
 */
export function drawLive(key, draw) {
  waiting.set(key, draw);
  if (scheduled) return;
  scheduled = true;
  setTimeout(
    () =>
      requestAnimationFrame(() => {
        scheduled = false;
        drawnAt = performance.now();
        const draws = [...waiting.values()];
        waiting.clear();
        for (const d of draws) d();
      }),
    Math.max(0, LIVE_EVERY_MS - (performance.now() - drawnAt)),
  );
}

/** Resolves once the page has drawn its next frame, so work started then does not share the
 * cores with that frame's layout and paint; a hidden page draws no frames, so it waits 100 ms
 * at most. @returns {Promise<void>} */
export const afterNextFrame = () =>
  new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
