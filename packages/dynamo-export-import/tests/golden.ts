import { join } from 'node:path';
import { expectGolden as expectGoldenIn } from '@edd/test-support';

export { planText } from '@edd/test-support';

/** Compares text with `tests/golden/<name>` (`UPDATE_GOLDEN=1` rewrites it). */
export const expectGolden = (name: string, text: string): void =>
  expectGoldenIn(join(import.meta.dirname, 'golden'), name, text);
