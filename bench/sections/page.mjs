// Section `page`: cold load to pool ready, and the wasm module's size.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { freshPage, openPlayground } from '../lib/browser.mjs';
import { compare } from '../lib/report.mjs';
import { summarize, single, fmt } from '../lib/stats.mjs';
import { say } from '../lib/log.mjs';
import { WASM } from '../lib/prepare.mjs';

/** @typedef {import('../lib/session.mjs').Context} Context */

/** Times `loads` cold loads (after `warmup` more), each in a fresh browser context. */
async function coldLoads(/** @type {Context} */ ctx) {
  const { loads, warmup } = ctx.cfg.cold;
  const ready = [];
  const loaded = [];
  for (let i = 0; i < warmup + loads; i++) {
    say(`page: cold load ${i < warmup ? '(warm-up)' : `${i - warmup + 1}/${loads}`}`);
    const { context, page, problems } = await freshPage(ctx.browser);
    try {
      const env = await openPlayground(page, ctx.origin);
      if (problems.length) throw new Error(problems.join('; '));
      if (i >= warmup) {
        ready.push(env.readyAtMs);
        loaded.push(env.domContentLoadedMs);
      }
    } finally {
      await context.close();
    }
  }
  return { ready, loaded };
}

/** The cold-load row: ready after, of which the page itself. */
async function coldLoadRow(/** @type {Context} */ ctx) {
  const times = await coldLoads(ctx);
  ctx.raw.coldLoadsMs = times.ready;
  ctx.raw.coldDomContentLoadedMs = times.loaded;
  const ready = summarize(times.ready);
  const loaded = summarize(times.loaded);
  return compare({
    id: 'page.cold-load',
    section: 'page',
    label: 'cold load to pool ready (fresh browser context: navigation start to playground.ready)',
    ours: { label: 'ready after', stat: ready },
    peer: { label: 'of which page loaded (DOMContentLoaded)', stat: loaded },
    of: 'the page load',
    target: { text: '≤ 1000 ms', maxValue: 1000 },
    why:
      `the page itself is loaded after ${fmt(loaded.median)} ms; the other ` +
      `${fmt(ready.median - loaded.median)} ms are the worker's: fetching and compiling the ` +
      `${fmt(fs.statSync(WASM).size / 1024)} KiB ` +
      `module, starting ${ctx.P} pool workers that each instantiate it, and warming the kernel up on them.`,
  });
}

/** The size row: raw and gzip -9, the ratio read as "gzip is x% of raw". */
function wasmSizeRow(/** @type {Context} */ ctx) {
  const wasm = fs.readFileSync(WASM);
  const gzipped = zlib.gzipSync(wasm, { level: 9 }).length;
  ctx.raw.wasmBytes = { raw: wasm.length, gzip9: gzipped };
  const row = compare({
    id: 'page.wasm-size',
    section: 'page',
    label: 'wasm module size (www/pkg/parallel_playground_bg.wasm)',
    ours: { label: 'raw', stat: single(wasm.length / 1024, 'KiB') },
    peer: { label: 'gzip -9', stat: single(gzipped / 1024, 'KiB') },
    of: 'of raw when gzipped',
  });
  // compare's ratio reads "raw / gzip"; state it the other way round.
  row.ratio = gzipped / wasm.length;
  row.ratioText = `gzip is ${fmt((100 * gzipped) / wasm.length)}% of raw`;
  return row;
}

/** @param {Context} ctx */
export async function measure(ctx) {
  ctx.rows.push(await coldLoadRow(ctx));
  ctx.rows.push(wasmSizeRow(ctx));
}
