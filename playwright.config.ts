import { defineConfig, devices } from '@playwright/test';
// @ts-expect-error a plain .mjs helper shared with the test scripts
import { chromiumExecutable, chromiumArgs } from './scripts/find-browser.mjs';

// Overridable so that two builds can be tested side by side (E2E_DIST: a `vite build --outDir`).
const port = Number(process.env.E2E_PORT ?? 4173);
const outDir = process.env.E2E_DIST ? ` --outDir ${JSON.stringify(process.env.E2E_DIST)}` : '';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'on-first-retry',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromiumExecutable() as string | undefined,
      args: chromiumArgs as string[],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
  ],
  webServer: {
    command: `node node_modules/vite/bin/vite.js preview --port ${port} --strictPort --host 127.0.0.1${outDir}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
