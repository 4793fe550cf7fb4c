// Any URL: fetch strategies may GET a real URL instead of the mock API. A URL that is not one is
// refused before the run; CORS refusals and unreachable hosts are per-task failures that say so.
import { test, expect, openReady } from './fixtures.mjs';

/** The mock API on another port: another origin, like a real site. @param {import('@playwright/test').Page} page */
async function otherOrigin(page) {
  const { mirrors } = await page.evaluate(() => fetch('/api/mirrors').then((r) => r.json()));
  return mirrors[0];
}

test('a URL that is not one is refused before the run, with a message', async ({ page }) => {
  await openReady(page);
  await page.getByRole('radio', { name: 'fetch (I/O)' }).check();
  await page.locator('#faults-box summary').click();
  await page.locator('#p-target').fill('not a url');
  await page.locator('#p-target').press('Enter');
  await expect(page.locator('#notes')).toContainText('is not a URL');
  await page.locator('#run').click();
  await expect(page.locator('#alert')).toContainText('Not run: target "not a url" is not a URL');
  await expect(page.locator('.progress-row')).toHaveCount(0);
  await expect(page.locator('#run')).toBeEnabled();
  await expect(page.evaluate(() => window.playground.run({ target: 'ftp://example.com/x' }))).rejects.toThrow(/not an http\(s\) URL/);
});

test('a real cross-origin URL that allows CORS is fetched by every task', async ({ page }) => {
  await openReady(page);
  // A body size the mock API's own default never has: every byte counted came from the target.
  const target = `${await otherOrigin(page)}?ms=50&bytes=321`;
  const strategies = ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'fetch-same-url'];
  const report = await page.evaluate(([t, s]) => window.playground.run({ strategies: s, target: t, tasks: 8 }), [target, strategies]);
  expect(report.results.map((r) => r.strategy)).toEqual(strategies);
  for (const r of report.results) {
    expect(r.ok, `${r.strategy}: ${r.error}`).toBe(8);
    expect(r.checksum, r.strategy).toBe(8 * 321);
  }
});

test('CORS refusals and unreachable hosts are failures with a plain explanation', async ({ page }) => {
  await openReady(page);
  const refusing = `${await otherOrigin(page)}?ms=0&cors=0`;
  const refused = await page.evaluate((t) => window.playground.run({ strategies: ['fetch-bounded'], target: t, tasks: 3 }), refusing);
  const [r] = refused.results;
  expect(r.failed).toBe(3);
  expect(r.failures[0].reason).toMatch(/refused this page by CORS/);
  expect(r.failures[0].reason).toMatch(/Access-Control-Allow-Origin/);

  // Port 9 (discard) is closed on loopback: connection refused, fast.
  const gone = await page.evaluate(() => window.playground.run({ strategies: ['fetch-sequential'], target: 'http://127.0.0.1:9/', tasks: 2 }));
  expect(gone.results[0].failed).toBe(2);
  expect(gone.results[0].failures[0].reason).toMatch(/127\.0\.0\.1:9 is unreachable/);
  await expect(page.locator('#explanations')).toContainText('first failure: network error');
});
