// Regenerates the README's screenshots (docs/screenshots/): one per preset, plus the views.
//   npm run docs:screenshots
// Serves the page, runs each preset in headless Chromium as a person would (menu, Run) and
// photographs the result. Takes about three minutes.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../server/serve.mjs';
import { ROOT } from './lib/run.mjs';
import { launchOptions } from './lib/chromium.mjs';
import { PRESETS } from '../www/presets.js';

const OUT = path.join(ROOT, 'docs', 'screenshots');

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer({ port: 0 });
  const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(base);
    await page.evaluate(() => window.playground.ready);
    for (const preset of PRESETS) {
      console.log(`screenshots: ${preset.id}`);
      await page.locator('#preset').selectOption(preset.id);
      await page.locator('#run').click();
      await page.waitForFunction(() => document.querySelector('#run:not([disabled])') && window.playground.report?.results.length, null, { timeout: 180_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(400); // let the chart's animation settle
      await page.screenshot({ path: path.join(OUT, `${preset.id}.png`) });
    }
    console.log('screenshots: views');
    await page.locator('#preset').selectOption('browser-limit');
    await page.evaluate(() => window.playground.run());
    await page.locator('#timeline-strategy').selectOption('fetch-concurrent');
    await page.waitForTimeout(300);
    await page.locator('#timeline').evaluate((c) => c.closest('section')?.scrollIntoView());
    await page.locator('#timeline').locator('xpath=..').screenshot({ path: path.join(OUT, 'timeline.png') });
    await page.locator('#explanations details').first().locator('summary').click();
    await page.locator('#explanations').locator('xpath=..').screenshot({ path: path.join(OUT, 'explanations.png') });
    await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: [], kernel: 'primes', tasks: 8, work: 400 }));
    await page.evaluate(() => window.playground.sweep('threads', [1, 2, 3, 4]));
    await page.locator('#sweep-charts').locator('xpath=..').screenshot({ path: path.join(OUT, 'sweep.png') });
    console.log('screenshots: faults');
    // 20% errors, 5% hangs cut by an 800 ms timeout, jitter, and a cancel halfway through the
    // last strategy: every count still adds up.
    await page.goto(`${base}/?workload=fetch&tasks=60&latency=200&jitter=50&errors=20&hangs=5&timeout=800&concurrency=6`);
    await page.evaluate(() => window.playground.ready);
    await page.locator('#run').click();
    await page.locator('.progress-row[data-strategy="fetch-bounded"] .count').filter({ hasText: /^(2\d|3\d) \/ 60/ }).waitFor({ timeout: 120_000 });
    await page.locator('#cancel').click();
    await page.locator('#run:not([disabled])').waitFor();
    await page.locator('#timeline-strategy').selectOption('fetch-bounded');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(OUT, 'faults.png') });
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
