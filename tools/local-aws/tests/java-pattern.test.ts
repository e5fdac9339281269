import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileJavaPattern } from '../src/models/java-pattern.js';
import type { ServiceModelJson } from '../src/models/model.js';

function accepts(pattern: string, value: string): boolean | undefined {
  return compileJavaPattern(pattern)?.test(value);
}

describe('compileJavaPattern', () => {
  it('matches the whole value, as AWS does', () => {
    expect(accepts('[\\w+=,.@-]*', 'build-42')).toBe(true);
    expect(accepts('[\\w+=,.@-]*', 'build 42')).toBe(false);
    expect(accepts('[a-z]+', 'abc1')).toBe(false);
  });

  it('reads identity escapes that JavaScript Unicode mode rejects', () => {
    expect(accepts('[A-Za-z0-9][A-Za-z0-9\\-\\_\\.]{0,126}[A-Za-z0-9]', 'my_table-1.x')).toBe(true);
    expect(accepts('[\\w+=,.@\\:-]*', 'a:b')).toBe(true);
    expect(accepts("[\\.\\-\\!\\*\\_\\'\\(\\)a-zA-Z0-9]+", "a'(b)!")).toBe(true);
  });

  it('reads Unicode categories and Java POSIX classes', () => {
    expect(accepts('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'Überweisung 12')).toBe(true);
    expect(accepts('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', 'tab\there')).toBe(false);
    expect(accepts('\\p{Print}+', 'plain ASCII ~')).toBe(true);
    expect(accepts('\\p{Print}+', 'é')).toBe(false);
    expect(accepts('[\\p{Alpha}_]+', 'snake_case')).toBe(true);
    expect(accepts('\\P{Digit}+', 'abc')).toBe(true);
    expect(accepts('\\P{Digit}+', 'a1')).toBe(false);
  });

  it('reads Java-only syntax: possessive quantifiers, \\A and \\z, \\Q..\\E, leading flags', () => {
    expect(accepts('^[\\/]?+[a-z]+$', '/abc')).toBe(true);
    expect(accepts('\\Aab\\z', 'ab')).toBe(true);
    expect(accepts('\\Q1+1\\E=2', '1+1=2')).toBe(true);
    expect(accepts('\\Q1+1\\E=2', '11=2')).toBe(false);
    expect(accepts('(?i)draft', 'DRAFT')).toBe(true);
  });

  it('matches code points beyond the Basic Multilingual Plane in surrogate-pair ranges', () => {
    const pattern = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*';

    expect(accepts(pattern, 'emoji 😀 ok')).toBe(true);
    expect(accepts(pattern, 'bell \u0007')).toBe(false);
  });

  it('reads patterns whose backslashes a model escaped twice, or wrapped in slashes', () => {
    expect(accepts('.*\\\\S.*', ' x ')).toBe(true);
    expect(accepts('.*\\\\S.*', '   ')).toBe(false);
    expect(accepts('/^(?=.*[a-z])(?=.*\\d)[a-z\\d]{8,64}$/', 'abcdefg1')).toBe(true);
  });

  it('gives up, without throwing, on what JavaScript cannot express', () => {
    expect(compileJavaPattern('[a-z&&[^aeiou]]+')).toBeUndefined();
    expect(compileJavaPattern('[a-z[0-9]]+')).toBeUndefined();
    expect(compileJavaPattern('a(?i)b')).toBeUndefined();
    expect(compileJavaPattern('\\p{InGreek}+')).toBeUndefined();
    expect(compileJavaPattern('[unclosed')).toBeUndefined();
    expect(compileJavaPattern('\\')).toBeUndefined();
  });

  it('compiles every pattern of the trimmed models', () => {
    const modelsDir = join(import.meta.dirname, '../models');
    const patterns = readdirSync(modelsDir)
      .filter((file) => file.endsWith('.json'))
      .flatMap((file) => {
        const model = JSON.parse(readFileSync(join(modelsDir, file), 'utf8')) as ServiceModelJson;
        return Object.values(model.shapes).flatMap((shape) =>
          'pattern' in shape && shape.pattern ? [shape.pattern] : [],
        );
      });

    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns.filter((pattern) => compileJavaPattern(pattern) === undefined)).toEqual([]);
  });
});
