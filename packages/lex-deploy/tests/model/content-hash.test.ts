import { describe, expect, it } from 'vitest';
import { contentHash, hashOfDescription, versionDescription } from '../../src/model/content-hash.js';
import type { FileTree } from '../../src/model/tree.js';

const tree = (entries: [string, string][]): FileTree =>
  new Map(entries.map(([p, c]) => [p, new TextEncoder().encode(c)]));

describe('contentHash', () => {
  it('depends on the files and the role, not on the order the files come in', () => {
    const a = contentHash(
      tree([
        ['x', '1'],
        ['y', '2'],
      ]),
      'role',
    );
    expect(
      contentHash(
        tree([
          ['y', '2'],
          ['x', '1'],
        ]),
        'role',
      ),
    ).toBe(a);
    expect(
      contentHash(
        tree([
          ['x', '1'],
          ['y', '3'],
        ]),
        'role',
      ),
    ).not.toBe(a);
    expect(
      contentHash(
        tree([
          ['x', '1'],
          ['y', '2'],
        ]),
        'other',
      ),
    ).not.toBe(a);
    expect(
      contentHash(
        tree([
          ['x', '1y'],
          ['', '2'],
        ]),
        'role',
      ),
    ).not.toBe(
      contentHash(
        tree([
          ['x', '1'],
          ['y', '2'],
        ]),
        'role',
      ),
    );
  });
});

describe('versionDescription', () => {
  it('records the hash so that it can be read back, and nothing else reads as a hash', () => {
    expect(hashOfDescription(versionDescription('abc'))).toBe('abc');
    expect(hashOfDescription('made in the console')).toBeUndefined();
    expect(hashOfDescription(undefined)).toBeUndefined();
  });
});
