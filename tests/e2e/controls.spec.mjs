// Controls follow the chosen strategies (spec.json's families.*.params), and the wide ranges
// have log-scale sliders whose positions never round the exact value.
import { test, expect, openReady } from './fixtures.mjs';

/** @param {import('@playwright/test').Page} page @param {string} name */
const shown = (page, name) => page.locator(`.slider[data-param="${name}"]`);

test('the race workload shows no latency control; hidden values keep their value and URL place', async ({ page }) => {
  await openReady(page, '?workload=race&latency=250');
  await expect(shown(page, 'latency')).toBeHidden();
  for (const name of ['jitter', 'concurrency', 'bytes', 'threads']) await expect(shown(page, name)).toBeHidden();
  await expect(page.locator('#p-kernel')).toBeHidden();
  await expect(page.locator('#faults-box')).toBeHidden();
  await expect(shown(page, 'tasks')).toBeVisible();
  await expect(page.locator('#l-tasks')).toHaveText('Workers');
  await expect(page.locator('#l-work')).toHaveText('Increments per worker');
  await expect(shown(page, 'repeat')).toBeVisible();
  await page.locator('#n-tasks').fill('3');
  await expect(page).toHaveURL(/[?&]tasks=3/);
  await expect(page).toHaveURL(/[?&]latency=250/);
  // A strategy that reads latency brings it back, with its value.
  await page.getByRole('radio', { name: 'fetch (I/O)' }).check();
  await expect(shown(page, 'latency')).toBeVisible();
  await expect(page.locator('#n-latency')).toHaveValue('250');
  await expect(page.locator('#l-tasks')).toHaveText('Tasks');
  await expect(shown(page, 'work')).toBeHidden();
  await expect(page.locator('#faults-box')).toBeVisible();
  await page.getByRole('radio', { name: 'fetch + parse' }).check();
  await expect(page.locator('#l-tasks')).toHaveText('Pages');
  await expect(page.locator('#p-kernel')).toBeHidden();
  await expect(shown(page, 'threads')).toBeHidden();
  await page.getByRole('radio', { name: 'CPU' }).check();
  for (const name of ['tasks', 'work', 'threads']) await expect(shown(page, name)).toBeVisible();
  await expect(page.locator('#p-kernel')).toBeVisible();
  await expect(shown(page, 'latency')).toBeHidden();
});

test('a preset shows its own controls', async ({ page }) => {
  await openReady(page);
  await page.locator('#preset').selectOption('race-condition');
  await expect(shown(page, 'latency')).toBeHidden();
  await expect(page.locator('#l-tasks')).toHaveText('Workers');
  await page.locator('#preset').selectOption('six-endpoints');
  await expect(shown(page, 'latency')).toBeVisible();
  await expect(page.locator('#p-kernel')).toBeHidden();
  await page.locator('#preset').selectOption('uneven-work');
  await expect(page.locator('#p-kernel')).toBeVisible();
  await expect(shown(page, 'latency')).toBeHidden();
});

test('log sliders: tasks 6, 24 and 1000 sit at visibly different places; typed values stay exact', async ({ page }) => {
  await openReady(page, '?workload=cpu');
  const box = await page.locator('#p-tasks').boundingBox();
  /** @type {number[]} */
  const at = [];
  for (const n of [6, 24, 1000]) {
    await page.locator('#n-tasks').fill(String(n));
    await expect.poll(() => page.evaluate(() => window.playground.params.tasks)).toBe(n);
    at.push(await page.locator('#p-tasks').evaluate((e) => Number(e.value) / Number(e.max)));
  }
  // On this slider (about 300 px), more than 15 px apart each.
  expect(at[1] - at[0]).toBeGreaterThan(0.05);
  expect(at[2] - at[1]).toBeGreaterThan(0.05);
  expect((at[1] - at[0]) * (box?.width ?? 0)).toBeGreaterThan(15);
  // 24 stays 24 (no slider position rounds it), and the arrows step to the round neighbours.
  await page.locator('#n-tasks').fill('24');
  await expect(page.locator('#n-tasks')).toHaveValue('24');
  expect(await page.evaluate(() => window.playground.params.tasks)).toBe(24);
  await page.locator('#p-tasks').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/[?&]tasks=30(&|$)/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/[?&]tasks=20(&|$)/);
  await expect(page.locator('#n-tasks')).toHaveValue('20');
  await page.keyboard.press('PageUp');
  await expect(page.locator('#n-tasks')).toHaveValue('200');
  // A reload keeps the exact value.
  await page.locator('#n-tasks').fill('24');
  await expect(page).toHaveURL(/[?&]tasks=24(&|$)/);
  await page.reload();
  await expect(page.locator('#n-tasks')).toHaveValue('24');
});

test('0 stays reachable on a log slider: the leftmost position', async ({ page }) => {
  await openReady(page, '?workload=fetch');
  await page.locator('#p-latency').fill('0');
  await expect(page.locator('#n-latency')).toHaveValue('0');
  await expect(page).toHaveURL(/[?&]latency=0(&|$)/);
  await page.locator('#p-bytes').fill('0');
  await expect(page.locator('#n-bytes')).toHaveValue('0');
  await page.locator('#p-latency').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#n-latency')).toHaveValue('1');
  await page.keyboard.press('End');
  await expect(page.locator('#n-latency')).toHaveValue('10000');
});
