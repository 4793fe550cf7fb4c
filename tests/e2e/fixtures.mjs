// Shared fixtures: every page fails its test on any page error or console error (a missing
// favicon included), and the page is ready (pool started) before the test body runs.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use, testInfo) => {
    /** @type {string[]} */
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().includes('/api/')) {
        problems.push(`HTTP ${res.status()} for ${res.url()}`);
      }
    });
    await use(page);
    await page.screenshot({ path: testInfo.outputPath('final.png'), fullPage: true });
    expect(problems, 'no page errors, console errors or failed page resources').toEqual([]);
  },
});

export { expect };

/**
 * Opens the page and waits until the pool is up and Run is enabled.
 * @param {import('@playwright/test').Page} page
 * @param {string} [query]
 */
export async function openReady(page, query = '') {
  await page.goto(`/${query}`);
  await expect(page.locator('#env')).toContainText(/pool threads: \d+/);
  await expect(page.locator('#run')).toBeEnabled();
}

/**
 * Reads the results table: strategy id -> wall time in ms.
 * @param {import('@playwright/test').Page} page
 */
export async function wallTimes(page) {
  const rows = await page.locator('#table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-strategy'), Number(tr.children[1].textContent)]),
  );
  return Object.fromEntries(rows);
}

/**
 * Sets a slider as a person would (Playwright's fill on a range input fires input events).
 * @param {import('@playwright/test').Page} page
 * @param {string} name
 * @param {number} value
 */
export async function setSlider(page, name, value) {
  await page.locator(`#p-${name}`).fill(String(value));
  await expect(page.locator(`#p-${name}`)).toHaveValue(String(value));
}
