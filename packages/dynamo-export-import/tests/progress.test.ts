import { describe, expect, it } from 'vitest';
import { Progress } from '../src/progress.js';

describe('Progress', () => {
  it('shows items done of the total and the rate since the start', () => {
    let now = 1000;
    const lines: string[] = [];
    const progress = new Progress({
      label: 'import t: writing',
      total: 500,
      intervalMs: 0,
      print: (l) => lines.push(l),
      now: () => now,
    });
    progress.add(100);
    now += 2000;
    progress.add(50);
    progress.print();
    expect(lines).toEqual(['import t: writing: 150/500 items (75 items/s)']);
  });

  it('marks an approximate total', () => {
    const progress = new Progress({
      label: 'export t',
      total: 10,
      approximate: true,
      intervalMs: 0,
      print: () => {},
      now: () => 0,
    });
    expect(progress.line()).toBe('export t: 0/~10 items (0 items/s)');
  });

  it('prints by itself every interval until stopped', async () => {
    const lines: string[] = [];
    const progress = new Progress({ label: 'x', intervalMs: 20, print: (l) => lines.push(l) });
    await new Promise((resolve) => setTimeout(resolve, 75));
    progress.stop();
    const printed = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(printed).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBe(printed);
  });
});
