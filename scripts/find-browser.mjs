// Finds a Chromium for Playwright: Debian's /usr/bin/chromium when present, else
// Playwright's own download (a laptop after `npx playwright install chromium`).
import { existsSync } from 'node:fs';

export const debianChromium = '/usr/bin/chromium';

/** The executable path to pass to Playwright, or undefined to use Playwright's own browser. */
export function chromiumExecutable() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return existsSync(debianChromium) ? debianChromium : undefined;
}

/** True when some Chromium can be launched. */
export async function hasBrowser() {
  if (chromiumExecutable()) return true;
  try {
    const { chromium } = await import('@playwright/test');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

export const howToGetBrowser = [
  'No Chromium found for the end-to-end tests.',
  '  On Debian or Ubuntu:  sudo apt-get install -y chromium fonts-dejavu-core',
  '  On a laptop:          npx playwright install chromium',
  '  Or point CHROMIUM_PATH at a Chromium or Chrome binary.',
].join('\n');

/** Headless flags that work on the project's machines (no sandbox as root, closed network). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
