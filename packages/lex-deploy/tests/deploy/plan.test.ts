import { describe, expect, it } from 'vitest';
import { NEW_VERSION, plannedPrune, versionWithContent } from '../../src/deploy/plan.js';
import { CONTENT_TAG, VERSION_TAG, versionDescription } from '../../src/model/content-hash.js';

describe('versionWithContent', () => {
  const versions = [
    { version: 'DRAFT' },
    { version: '1', description: versionDescription('aaa') },
    { version: '2', description: 'made in the console' },
    { version: '3', description: versionDescription('aaa') },
  ];

  it('finds the newest version whose description records the content', () => {
    expect(versionWithContent(versions, {}, 'aaa')).toBe('3');
    expect(versionWithContent(versions, {}, 'bbb')).toBeUndefined();
  });

  it("falls back on the bot's tags, as long as the tagged version still exists", () => {
    expect(versionWithContent(versions, { [CONTENT_TAG]: 'bbb', [VERSION_TAG]: '2' }, 'bbb')).toBe('2');
    expect(versionWithContent(versions, { [CONTENT_TAG]: 'bbb', [VERSION_TAG]: '7' }, 'bbb')).toBeUndefined();
  });
});

describe('plannedPrune', () => {
  const versions = ['DRAFT', '1', '2', '3', '4'].map((version) => ({ version }));
  const aliases = [
    { id: 'A', name: 'live', botVersion: '4' },
    { id: 'B', name: 'pinned', botVersion: '1' },
    { id: 'T', name: 'TestBotAlias', botVersion: 'DRAFT' },
  ];

  it('counts the version about to be created, and frees the one the alias leaves', () => {
    expect(plannedPrune(versions, aliases, 'live', NEW_VERSION, 2)).toEqual(['2', '3']);
    expect(plannedPrune(versions, aliases, 'live', '2', 1)).toEqual(['3']);
  });
});
