/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code passed to page.evaluate runs in the browser.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../src/index.js';
import { browserMissing, launchChromium } from './chromium.js';
import { demoPlans } from './fixtures/plans.js';

const BASELINE = join(import.meta.dirname, 'screenshots', 'demo-report.png');
const UPDATE = /^(1|true)$/.test(process.env.UPDATE_SCREENSHOTS ?? '');
// Per pixel: pixelmatch's colour distance (0-1) under which two pixels count as the same, so antialiasing that
// moves by a shade does not count. For the page: how many pixels may differ, a few glyphs drawn a little
// differently after a Chromium update; a missing block costs about 6,000, a word changed in a block about 300.
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFFERENT_PIXELS = 1000;

describe.skipIf(browserMissing)('the demo report, as a person sees it', () => {
  it('looks like the reviewed screenshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-report-shot-'));
    const { file } = await writeReport(join(dir, 'demo.html'), demoPlans);
    // The page names Liberation Sans and Liberation Mono (fonts-liberation, installed with chromium) before the
    // generic families; hinting and LCD antialiasing off, so glyphs do not depend on the machine's settings.
    const browser = await launchChromium([
      '--font-render-hinting=none',
      '--disable-lcd-text',
      '--force-color-profile=srgb',
      '--hide-scrollbars',
    ]);
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(file).href);
      expect(await page.evaluate(() => document.fonts.check('14px "Liberation Sans"'))).toBe(true);
      const shot = await page.screenshot({ fullPage: true, animations: 'disabled' });
      if (UPDATE || !existsSync(BASELINE)) {
        writeFileSync(BASELINE, shot);
        if (!UPDATE) throw new Error(`no baseline yet: wrote ${BASELINE}; look at it, commit it, run again`);
        return;
      }
      const actual = PNG.sync.read(shot);
      const expected = PNG.sync.read(readFileSync(BASELINE));
      const saved = join(dir, 'actual.png');
      writeFileSync(saved, shot);
      expect(
        [actual.width, actual.height],
        `page size differs from the baseline (the layout moved); the page is ${saved}; UPDATE_SCREENSHOTS=1 takes it as the new baseline`,
      ).toEqual([expected.width, expected.height]);
      const diff = new PNG({ width: actual.width, height: actual.height });
      const different = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, {
        threshold: PIXEL_THRESHOLD,
      });
      if (different > MAX_DIFFERENT_PIXELS) writeFileSync(join(dir, 'diff.png'), PNG.sync.write(diff));
      expect(
        different,
        `${different} pixels differ from the baseline; the page is ${saved}, the differences ${join(dir, 'diff.png')}; UPDATE_SCREENSHOTS=1 takes it as the new baseline`,
      ).toBeLessThanOrEqual(MAX_DIFFERENT_PIXELS);
    } finally {
      await browser.close();
    }
  });
});
