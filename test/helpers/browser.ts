import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (package `chromium`), or the one EXTCALL_CHROMIUM names. `.ci/run` installs it when missing. */
export const CHROMIUM_PATH =
  process.env.EXTCALL_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? null;

/** Where the browser tests leave a screenshot of every page they look at. */
export const SCREENSHOT_DIR = resolve('test-artifacts/screenshots');

/**
 * Headless Chromium for the console tests. The flags keep it off the network it would otherwise
 * call at start (updates, sync, field trials): this machine's network is closed.
 */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('no Chromium: install Debian\'s "chromium" package or set EXTCALL_CHROMIUM');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
