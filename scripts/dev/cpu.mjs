import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:8787/');
await page.waitForFunction(() => window.playground);
await page.evaluate(() => window.playground.ready);
for (const p of JSON.parse(process.argv[2])) {
  const rep = await page.evaluate(async (p) => window.playground.run(p), p);
  console.log(JSON.stringify(p), JSON.stringify(rep.results.map(r => [r.strategy, Math.round(r.wallMs), r.lanesUsed, r.spans.map(s=>[s.lane, Math.round(s.startMs), Math.round(s.endMs)])])));
}
await browser.close();
