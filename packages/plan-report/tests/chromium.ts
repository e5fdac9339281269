import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium, driven by playwright-core: no browser download, the machine's own executable. */
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach Google's services, which a closed network
// refuses many times a second; --no-sandbox because CI runs as root.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether the browser tests run here. They skip only on a developer's machine without Chromium, and say so; CI
 * installs it (.ci/run), so there a missing browser fails the tests instead of hiding them.
 */
export const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing)
  console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium fonts-liberation)`);

export async function launchChromium(extraFlags: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is not installed: CI must install Debian's chromium (see .ci/run)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...extraFlags] });
}
