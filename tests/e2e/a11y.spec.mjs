// Accessible in every state: after each preset's run (answered with a guess, so the predict
// verdict shows too), axe-core finds no serious or critical WCAG 2.1 A/AA violation at 1280 px
// nor at 390 px; nor with a sweep drawn. The slow presets run smaller through the console API,
// keeping their preset, so the same views (seed box, matrix, verdict) show.
import { test, expect, openReady } from './fixtures.mjs';
import { seriousViolations } from './axe.mjs';

test.describe.configure({ timeout: 120_000 });

/** Each preset's parameters for this check: the cheap ones as they are, the slow ones smaller. */
const SMALL = {
  'six-endpoints': { latency: 200 },
  'thousand-calls': { tasks: 60, latency: 10 },
  'fifty-pages': { tasks: 8, latency: 100, bytes: 30000 },
  'pool-map-squares': {},
  'repos-per-user': { latency: 200 },
  'choosing-the-approach': { latency: 200, work: 300 },
  'race-condition': { work: 500 },
  'browser-limit': { latency: 200 },
  'uneven-work': { work: 1000 },
  'task-queue': { tasks: 8, work: 300 },
};

/** axe at the desktop width, then at a phone's. @param {import('@playwright/test').Page} page */
async function expectNoSeriousViolations(page) {
  await page.setViewportSize({ width: 1280, height: 1000 });
  expect(await seriousViolations(page), 'at 1280 px').toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await seriousViolations(page), 'at 390 px').toEqual([]);
}

test('the page before any run has no serious or critical violation', async ({ page }) => {
  await openReady(page);
  await expectNoSeriousViolations(page);
});

for (const [id, params] of Object.entries(SMALL)) {
  test(`${id}: guessed, run, judged, and no serious or critical violation at 1280 and 390 px`, async ({ page }) => {
    await openReady(page, `?preset=${id}`);
    await expect(page.locator('#predict fieldset')).toBeVisible();
    const first = await page.locator('#predict input[name="predict-choice"]').first().getAttribute('value');
    const report = await page.evaluate(([p, guess, small]) => window.playground.preset(p, { guess, params: small }), /** @type {const} */ ([id, first, params]));
    expect(report.preset).toBe(id);
    expect(report.error ?? '').toBe('');
    expect(report.prediction.guess).toBe(first);
    expect(report.prediction.held, report.prediction.why).not.toBeNull();
    await expect(page.locator('#predict-outcome')).toContainText(report.prediction.held ? 'Your guess held' : 'Your guess did not hold');
    await expect(page.locator('#seed')).toBeVisible();
    if (id === 'choosing-the-approach') await expect(page.locator('#matrix table')).toBeVisible();
    await expectNoSeriousViolations(page);
  });
}

test('a sweep drawn: no serious or critical violation', async ({ page }) => {
  await openReady(page);
  await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: 'cpu-sequential,cpu-rayon', tasks: 4, work: 100 }));
  await page.evaluate(() => window.playground.sweep('tasks', [2, 4]));
  await expect(page.locator('#sweep-charts')).toBeVisible();
  await expectNoSeriousViolations(page);
});
