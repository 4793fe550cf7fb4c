// Regenerates the README's screenshots (docs/screenshots/): one per preset, plus the views.
//   npm run docs:screenshots
//   node scripts/screenshots.mjs --only race-condition,sweep   just these (preset ids, views, sweep, faults)
// Serves the page, runs each preset in headless Chromium as a person would (menu, Run), checks
// that the run shows the preset's lesson (www/model/lessons.js: the race lost updates while atomic
// and mutex are exact, concurrent well under sequential, ...) and only then photographs it. A
// lesson that does not hold in two tries leaves its old picture alone, is named with what was
// measured, and makes the script exit non-zero. Takes about four minutes.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../server/serve.mjs';
import { startQueue } from '../server/queue/service.mjs';
import { ROOT } from './lib/run.mjs';
import { launchOptions } from './lib/chromium.mjs';
import { PRESETS } from '../www/model/presets.js';
import { lessonProblems, sweepProblems, faultsProblems } from '../www/model/lessons.js';

const OUT = path.join(ROOT, 'docs', 'screenshots');
/** Runs of one preset before its lesson counts as failed (a shared machine can lose a core). */
const ATTEMPTS = 2;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
/** Whether this run makes the picture(s) called `name`. @param {string} name */
const wanted = (name) => !only || only.includes(name);

/** @typedef {import('playwright-core').Page} Page */

/** Presses Run and waits for the report it makes. @param {Page} page */
async function runFromButton(page) {
  await page.evaluate(() => {
    /** @type {any} */ (window).before = window.playground.report;
  });
  await page.locator('#run').click();
  await page.waitForFunction(
    () => window.playground.report !== /** @type {any} */ (window).before && document.querySelector('#run:not([disabled])') && window.playground.report?.results.length,
    null,
    { timeout: 180_000 },
  );
  return reportOf(page);
}

/** The report on the page, which a finished run has made. @param {Page} page */
async function reportOf(page) {
  const report = await page.evaluate(() => window.playground.report);
  if (!report) throw new Error('the page has no report after its run');
  return report;
}

/**
 * Runs a preset until its lesson holds (at most ATTEMPTS times) and photographs the page.
 * @param {Page} page
 * @param {string} id
 * @returns {Promise<string[]>} the problems of the last try; empty when the picture was saved
 */
async function presetShot(page, id) {
  await page.locator('#preset').selectOption(id);
  /** @type {string[]} */
  let problems = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    problems = lessonProblems(id, await runFromButton(page));
    if (!problems.length) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(400); // let the chart's animation settle
      await page.screenshot({ path: path.join(OUT, `${id}.png`) });
      console.log(`screenshots: ${id}: the lesson holds (try ${attempt}); saved`);
      return [];
    }
    console.log(`screenshots: ${id}: try ${attempt}: ${problems.join('; ')}`);
  }
  return problems;
}

/** timeline.png and explanations.png. @param {Page} page */
async function viewShots(page) {
  await page.locator('#preset').selectOption('browser-limit');
  // The timeline and the explanations, from the browser-limit preset.
  const problems = lessonProblems('browser-limit', await page.evaluate(() => window.playground.run()));
  if (problems.length) return problems;
  await page.locator('#timeline-strategy').selectOption('fetch-concurrent');
  await page.waitForTimeout(300);
  await page.locator('#timeline').evaluate((c) => c.closest('section')?.scrollIntoView());
  await page.locator('#timeline').locator('xpath=..').screenshot({ path: path.join(OUT, 'timeline.png') });
  await page.locator('#explanations details').first().locator('summary').click();
  await page.locator('#explanations').locator('xpath=..').screenshot({ path: path.join(OUT, 'explanations.png') });
  return [];
}

/** A threads sweep of primes past the cores: the band, an ideal within the cores, the fit. @param {Page} page */
async function sweepShot(page) {
  await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: [], kernel: 'primes', tasks: 8, work: 1000, repeat: 3 }));
  /** @type {string[]} */
  let problems = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const sweep = await page.evaluate(() => window.playground.sweep('threads', [1, 2, 3, 4]));
    const { cores, ideal } = await page.evaluate(() => ({
      cores: navigator.hardwareConcurrency,
      ideal: window.Chart.getChart('sweep-speedup')?.data.datasets.find((/** @type {any} */ d) => d.label.startsWith('ideal CPU'))?.data.map((/** @type {any} */ d) => d.y) ?? [],
    }));
    problems = sweepProblems(sweep, ideal, cores);
    const fit = `${sweep.serialFraction == null ? 'no fit' : `${(sweep.serialFraction * 100).toFixed(1)}% serial`} (${sweep.fitNote})`;
    if (!problems.length) {
      await page.locator('#sweep-charts').locator('xpath=..').screenshot({ path: path.join(OUT, 'sweep.png') });
      console.log(`screenshots: sweep: ${fit} (try ${attempt}); saved`);
      return [];
    }
    console.log(`screenshots: sweep: try ${attempt}: ${problems.join('; ')}`);
  }
  return problems;
}

/**
 * 20% errors, 5% hangs cut by an 800 ms timeout, jitter, and a cancel halfway through the last
 * strategy: every count still adds up.
 * @param {Page} page
 * @param {string} base
 */
async function faultsShot(page, base) {
  await page.goto(`${base}/?workload=fetch&tasks=60&latency=200&jitter=50&errors=20&hangs=5&timeout=800&concurrency=6`);
  await page.evaluate(() => window.playground.ready);
  await page.locator('#run').click();
  await page.locator('.progress-row[data-strategy="fetch-bounded"] .count').filter({ hasText: /^(2\d|3\d) \/ 60/ }).waitFor({ timeout: 120_000 });
  await page.locator('#cancel').click();
  await page.locator('#run:not([disabled])').waitFor();
  const problems = faultsProblems(await reportOf(page));
  if (problems.length) return problems;
  await page.locator('#timeline-strategy').selectOption('fetch-bounded');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'faults.png') });
  return [];
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer({ port: 0 });
  const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  // The task-queue preset's broker, as `npm start` attaches it (its private Redis stops below).
  const queue = await startQueue(server, { host: '127.0.0.1', isLoopback: () => true });
  const browser = await chromium.launch(launchOptions());
  /** @type {Record<string, string[]>} */
  const failed = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => (failed['page errors'] ??= []).push(e.message));
    await page.goto(base);
    await page.evaluate(() => window.playground.ready);
    for (const preset of PRESETS.filter((p) => wanted(p.id))) {
      const problems = await presetShot(page, preset.id);
      if (problems.length) failed[preset.id] = problems;
    }
    const views = /** @type {const} */ ([['views', () => viewShots(page)], ['sweep', () => sweepShot(page)], ['faults', () => faultsShot(page, base)]]);
    for (const [name, shot] of views.filter(([name]) => wanted(name))) {
      console.log(`screenshots: ${name}`);
      const problems = await shot();
      if (problems.length) failed[name] = problems;
    }
  } finally {
    await browser.close();
    await queue.close();
    server.close();
  }
  for (const [name, problems] of Object.entries(failed)) {
    console.error(`screenshots: NOT saved, ${name}: the lesson did not hold: ${problems.join('; ')}`);
  }
  if (Object.keys(failed).length) process.exitCode = 1;
  else console.log(`screenshots: all saved in ${path.relative(ROOT, OUT)}/, every lesson checked`);
}

await main();
