// Browser end-to-end tests: the page served by our own server, driven in Debian's Chromium
// (Playwright's own browser download cannot run here; see docs/toolchain.md).
import { defineConfig } from '@playwright/test';
import { launchOptions } from './scripts/lib/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8799);

export default defineConfig({
  testDir: 'tests/e2e',
  // One at a time: the specs measure timings on a 2-core machine and must not compete.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 1000 },
    launchOptions: launchOptions(),
  },
  webServer: {
    command: 'node server/serve.mjs',
    env: { PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
