// Predict, then run: choosing a preset asks its question above Run; a choice clicked before Run
// is judged by the run and kept in the report; Run without an answer still runs; Skip hides the
// question and "don't ask again" keeps it off across reloads. (Every preset's question is
// answered and judged in a11y.spec.mjs, which runs each preset once.)
import { test, expect, openReady } from './fixtures.mjs';

test('a guess clicked before Run is judged from the run’s numbers and recorded', async ({ page }) => {
  await openReady(page);
  await page.locator('#preset').selectOption('pool-map-squares');
  const panel = page.locator('#predict');
  await expect(panel).toBeVisible();
  await expect(panel.locator('legend')).toContainText('Predict first: Squaring five small numbers: which finishes first?');
  await panel.getByLabel('a new worker per number (cpu-worker-per-task)').check();
  await page.locator('#run').click();
  await expect(page.locator('#predict-outcome')).toContainText('Your guess did not hold');
  await expect(page.locator('#predict-outcome')).toContainText('finished first');
  const prediction = await page.evaluate(() => window.playground.report.prediction);
  expect(prediction).toMatchObject({ guess: 'cpu-worker-per-task', held: false });
  expect(prediction.question).toContain('which finishes first?');
  expect(['cpu-sequential', 'cpu-rayon']).toContain(prediction.answer);
  // A run without a new answer runs and records no guess.
  await page.locator('#run').click();
  await expect(page.locator('#table tbody tr')).toHaveCount(3);
  await expect(page.locator('#run')).toBeEnabled({ timeout: 60_000 });
  expect(await page.evaluate(() => window.playground.report.prediction)).toBeUndefined();
});

test('the console answers with preset(id, { guess }) or predict(choice); a wrong answer is refused', async ({ page }) => {
  await openReady(page);
  const report = await page.evaluate(() => window.playground.preset('race-condition', { guess: 'many', params: { work: 300 } }));
  expect(report.prediction.guess).toBe('many');
  expect(typeof report.prediction.held).toBe('boolean');
  expect(report.prediction.why).toMatch(/race-unsynchronized lost [\d,]+ of [\d,]+ increments/);
  await expect(page.locator('#predict-outcome')).toBeVisible();
  await page.evaluate(() => window.playground.predict('none'));
  await expect(page.locator('#predict input[value="none"]')).toBeChecked();
  const refused = await page.evaluate(() => {
    try {
      window.playground.predict('lots');
      return '';
    } catch (err) {
      return String(err);
    }
  });
  expect(refused).toContain('"lots" is not an answer');
});

test('Skip hides the question; “don’t ask again” keeps it off after a reload', async ({ page }) => {
  await openReady(page, '?preset=six-endpoints');
  await expect(page.locator('#predict')).toBeVisible();
  await page.locator('#predict-skip').click();
  await expect(page.locator('#predict')).toBeHidden();
  await page.locator('#preset').selectOption('browser-limit');
  await expect(page.locator('#predict')).toBeVisible();
  await page.locator('#predict-off').check();
  await expect(page.locator('#predict')).toBeHidden();
  await openReady(page, '?preset=uneven-work');
  await expect(page.locator('#seed')).toBeVisible();
  await expect(page.locator('#predict')).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem('playground.predict'))).toBe('off');
});
