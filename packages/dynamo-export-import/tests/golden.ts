import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const GOLDEN = join(import.meta.dirname, 'golden');

/**
 * Compares text with `tests/golden/<name>`, the expected output kept in the repository so that a change of the
 * plan's wording shows in review. `UPDATE_GOLDEN=1` rewrites the file instead (then read the diff).
 */
export function expectGolden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  else if (!existsSync(file)) throw new Error(`golden file ${name} is missing; run the test with UPDATE_GOLDEN=1`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** The plan as a reviewer reads it: stderr without the line naming the credentials, which varies by machine. */
export function planText(stderr: string): string {
  return `${stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('target '))
    .join('\n')}\n`;
}
