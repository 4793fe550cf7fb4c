// Every control can be set from the URL; autorun=1 runs on load; bad values are clamped with a
// visible note; moving a slider updates the URL so it can be shared.
import { test, expect, openReady } from './fixtures.mjs';

test('query parameters set the controls and autorun runs on load', async ({ page }) => {
  await page.goto('/?workload=cpu&tasks=4&work=30&autorun=1');
  await expect(page.locator('#n-tasks')).toHaveValue('4');
  await expect(page.locator('#n-work')).toHaveValue('30');
  await expect(page.getByRole('radio', { name: 'CPU' })).toBeChecked();
  await expect(page.locator('#table tbody tr')).toHaveCount(2);
});

test('out-of-range and malformed values are clamped with a visible note', async ({ page }) => {
  await openReady(page, '?tasks=9999999&latency=abc&concurrency=2.5&workload=gpu&bogus=1');
  // Clamped to the general maximum, then to the fetch strategies' (the basics include them).
  await expect(page.locator('#n-tasks')).toHaveValue('100000');
  await expect(page.locator('#n-latency')).toHaveValue('1000');
  await expect(page.locator('#n-concurrency')).toHaveValue('3');
  const notes = page.locator('#notes li');
  await expect(notes).toHaveCount(6);
  await expect(notes.nth(0)).toContainText('tasks 9999999 is outside 1–1000000');
  await expect(page.locator('#notes')).toContainText('fetch strategies run at most 100000 tasks');
  await expect(notes.nth(1)).toContainText('latency "abc" is not a number');
  await expect(page.locator('#notes')).toContainText('unknown parameter "bogus"');
});

test('moving a slider updates the shareable URL', async ({ page }) => {
  await openReady(page);
  await page.locator('#p-concurrency').fill('5');
  await expect(page).toHaveURL(/[?&]concurrency=5/);
  await expect(page.locator('#n-concurrency')).toHaveValue('5');
  // A log-scale slider: its position 20 of 0..37 is 200 ms (0, 1..9, 10..90, 100..900, ...).
  await page.locator('#p-latency').fill('20');
  await expect(page).toHaveURL(/[?&]latency=200(&|$)/);
  await expect(page.locator('#n-latency')).toHaveValue('200');
});

test('the exact number box sets a value the slider cannot hit', async ({ page }) => {
  await openReady(page);
  await page.locator('#n-tasks').fill('7');
  await expect(page.locator('#p-tasks')).toHaveValue('6'); // 7 is the seventh position from 1
  await expect(page).toHaveURL(/[?&]tasks=7/);
});

test('a preset in the URL selects it, and URL parameters adjust it', async ({ page }) => {
  await openReady(page, '?preset=six-endpoints&latency=200');
  await expect(page.locator('#preset')).toHaveValue('six-endpoints');
  await expect(page.locator('#seed')).toContainText('1.68 s');
  const params = await page.evaluate(() => window.playground.params);
  expect(params).toMatchObject({ workload: 'fetch', tasks: 6, latency: 200, strategies: ['fetch-sequential', 'fetch-concurrent', 'fetch-threads', 'fetch-processes'] });
});
