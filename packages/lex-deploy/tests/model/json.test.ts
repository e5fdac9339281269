import { describe, expect, it } from 'vitest';
import { jsonPath, mapStrings, parseJson, canonicalJson } from '../../src/model/json.js';

describe('jsonPath', () => {
  it('writes member names and indexes, quoting names that are not identifiers', () => {
    expect(jsonPath(['a', 0, 'b-c', 'AWS:SourceArn'])).toBe('$.a[0]["b-c"]["AWS:SourceArn"]');
  });
});

describe('parseJson', () => {
  it('gives the line of a syntax error, whatever the wording of the runtime', () => {
    for (const [text, line] of [
      ['{\n  "a": 1,\n  "b": }\n', 3],
      ['{\n  "a": [1, 2\n', 3],
      ['{"a": "tab\there"}', 1],
      ['{\n"a": 1\n}\n\nx', 5],
    ] as const) {
      const result = parseJson(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.line, text).toBe(line);
    }
    expect(parseJson('{"a": [1, {"b": null}]}')).toEqual({ ok: true, value: { a: [1, { b: null }] } });
  });
});

describe('mapStrings', () => {
  it('rewrites every string with its path and leaves keys and other values alone', () => {
    const seen: string[] = [];
    const out = mapStrings({ a: ['x', 1, { b: 'y' }], c: null }, (s, path) => {
      seen.push(jsonPath(path));
      return s.toUpperCase();
    });
    expect(out).toEqual({ a: ['X', 1, { b: 'Y' }], c: null });
    expect(seen).toEqual(['$.a[0]', '$.a[2].b']);
  });
});

describe('canonicalJson', () => {
  it('sorts members and drops null ones at every depth, but keeps nulls inside arrays', () => {
    const value = canonicalJson({ z: 1, a: null, b: { d: 1, c: null }, e: [null, { g: 2, f: null }] });
    expect(value).toEqual({ b: { d: 1 }, e: [null, { g: 2 }], z: 1 });
    expect(JSON.stringify(value)).toBe('{"b":{"d":1},"e":[null,{"g":2}],"z":1}');
  });
});
