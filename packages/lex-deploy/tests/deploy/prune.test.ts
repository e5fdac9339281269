import { describe, expect, it } from 'vitest';
import { versionsToPrune } from '../../src/deploy/prune.js';

describe('versionsToPrune', () => {
  it('deletes what is beyond the newest versions and unused, never DRAFT', () => {
    const versions = ['DRAFT', '1', '2', '3', '4', '5', '6', '10'];
    expect(versionsToPrune(versions, new Set(['2', '10']), 3)).toEqual(['1', '3', '4']);
    expect(versionsToPrune(versions, new Set(['2']), 0)).toEqual(['1', '3', '4', '5', '6', '10']);
    expect(versionsToPrune(['DRAFT', '1'], new Set(), 5)).toEqual([]);
  });
});
