import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares text with `<dir>/<name>`, the expected output kept in the repository so that a change of a plan's wording
 * shows in review. `UPDATE_GOLDEN=1` rewrites the file instead (then read the diff).
 */
export function expectGolden(dir: string, name: string, text: string): void {
  const file = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  else if (!existsSync(file)) throw new Error(`golden file ${name} is missing; run the test with UPDATE_GOLDEN=1`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** A plan as a reviewer reads it: a step's stderr without the line naming the credentials, which varies by machine. */
export function planText(stderr: string): string {
  return `${stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('target '))
    .join('\n')}\n`;
}
