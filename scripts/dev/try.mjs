// Dev helper: opens the page, runs playground calls given as JSON, prints a summary, screenshots.
import { chromium } from 'playwright-core';
import { launchOptions } from '../lib/chromium.mjs';
const [url, out, ...calls] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.on('console', (m) => { if (m.type() !== 'warning' && m.type() !== 'log') console.log('console', m.type(), m.text()); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(url);
await page.waitForFunction(() => window.playground);
console.log('pool', await page.evaluate(() => window.playground.ready));
for (const call of calls) {
  const t = Date.now();
  const rep = await page.evaluate(async (c) => { const r = await (new Function('return ' + c))(); return r; }, call).catch(e => ({ error: e.message }));
  if (rep?.results) console.log(call, `(${Date.now() - t} ms)`, rep.error ?? '', JSON.stringify(rep.results.map((/** @type {import('../../www/model/report.js').StrategyResult} */ r) => [r.strategy, Math.round(r.wallMs), r.ok, r.failed, r.peakInFlight, r.lanesUsed, r.checksum, r.detail ? JSON.stringify(r.detail).slice(0, 120) : ''])));
  else console.log(call, JSON.stringify(rep).slice(0, 600));
}
await page.screenshot({ path: out, fullPage: true });
await browser.close();
