import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT, tempDir } from '../helpers.js';

/**
 * Runs `use` with Debian's Chromium (`/usr/bin/chromium`, headless, no sandbox, nothing fetched
 * in the background) in a fresh profile, which is closed and removed afterwards.
 */
export async function withChromium<T>(
  viewport: { width: number; height: number },
  use: (context: BrowserContext) => Promise<T>,
): Promise<T> {
  const profile = await tempDir('amplify-logs-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport,
  });
  try {
    return await use(context);
  } finally {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
  }
}

/** What a page does that it should not, as it happens: dialogs (each dismissed) and errors. */
export function watchPage(tab: Page): { dialogs: string[]; errors: string[] } {
  const seen = { dialogs: [] as string[], errors: [] as string[] };
  tab.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  tab.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  tab.on('pageerror', (error) => seen.errors.push(error.message));
  return seen;
}

/** Saves a screenshot of the page as test-artifacts/`name`. */
export async function screenshot(tab: Page, name: string, fullPage = false): Promise<void> {
  const artifacts = path.join(ROOT, 'test-artifacts');
  await fs.mkdir(artifacts, { recursive: true });
  await tab.screenshot({ path: path.join(artifacts, name), fullPage });
}

/** Narrows the page to a phone (390 × 844), asserts that nothing is wider, and saves `name`. */
export async function checkPhone(tab: Page, name: string, what: string): Promise<void> {
  await tab.setViewportSize({ width: 390, height: 844 });
  const overflow = (await tab.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
  assert.ok(overflow <= 0, `${what} fits a phone's width (overflow ${overflow}px)`);
  // No table's first column squeezed to a letter a line by the columns beside it (a short value,
  // a status code, may be narrow).
  const narrowest = (await tab.evaluate(
    `Math.min(...[...document.querySelectorAll('tbody td:first-child')].filter((td) => td.textContent.trim().length > 6).map((td) => td.getBoundingClientRect().width).filter((w) => w > 0))`,
  )) as number;
  assert.ok(narrowest >= 48, `${what}: every first column is readable on a phone (narrowest ${narrowest}px)`);
  await screenshot(tab, name);
}
