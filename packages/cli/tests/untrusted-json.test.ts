import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defineVerb,
  findDuplicateKey,
  jsonSyntaxError,
  option,
  parseJsonStrict,
  runCli,
  type ProgramDefinition,
} from '../src/index.js';

const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY';

describe('parseJsonStrict on broken text', () => {
  it('says where and why without quoting the text', () => {
    for (const [text, line, reason] of [
      [`${SECRET}\nmore`, 1, 'a value was expected'],
      ['{\n  "a": 1,\n  "b": \n}', 4, 'a value was expected'],
      ['{"a": 1,}', 1, 'a property name in double quotes was expected'],
      ['[1, 2', 1, 'the text ends in the middle of a value'],
      ['{"a": "x\ny"}', 1, 'control character'],
      ['{"a" 1}', 1, 'a colon was expected'],
      ['{} []', 1, 'more text after the end'],
      ['   ', 1, 'the file is empty'],
    ] as const) {
      const result = parseJsonStrict(text);
      expect(result.ok, text).toBe(false);
      if (result.ok) continue;
      expect(result.problem.line, text).toBe(line);
      expect(result.problem.message, text).toContain(reason);
      expect(result.problem.message).not.toContain('wJalr');
      expect(result.problem.message).not.toContain('AWS_SECRET');
    }
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' "x" ', '0', '{"a":{"b":[]}}'])
      expect(jsonSyntaxError(text), text).toBeUndefined();
    for (const text of ['01', '[1,]', '{"a":1', 'nul', '"\\x"', '{a:1}', '.5'])
      expect(jsonSyntaxError(text), text).toBeDefined();
  });
});

describe('findDuplicateKey', () => {
  it('finds a key given twice at any depth, and names where', () => {
    expect(findDuplicateKey('{"a": 1, "a": 2}')?.message).toMatch(/key "a" appears twice/);
    expect(findDuplicateKey('{"x": [{"b": 1}, {"b": 1, "c": {"d": 1, "d": 2}}]}')?.message).toMatch(
      /key "d" appears twice in x\[1\]\.c/,
    );
    expect(findDuplicateKey('{"q\\"": 1, "q\\"" : 2}')?.message).toMatch(/appears twice/);
  });

  it('finds none where keys only look alike: the same key in sibling objects, a colon inside a string', () => {
    expect(findDuplicateKey('{"a": {"k": 1}, "b": {"k": 2}}')).toBeUndefined();
    expect(findDuplicateKey('{"a": "x\\": 1", "b": ["\\"k\\":", ":"], "c" : {"a": 1}}')).toBeUndefined();
    expect(findDuplicateKey('[1, "a", {"a": null}]')).toBeUndefined();
  });
});

describe('a verb configuration file', () => {
  const definition = (configFile: string): ProgramDefinition => ({
    name: 'sample-tool',
    version: '1.0.0',
    summary: 'reads a configuration file',
    defaultVerb: 'run',
    verbs: {
      run: defineVerb({
        summary: 'run',
        options: { name: option.string({ description: 'a name' }) },
        configFile: () => configFile,
        load: async () => async () => 0,
      }),
    },
  });
  const run = async (configFile: string) => {
    const err: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (c: string) => err.push(c) }, env: {} };
    return { code: await runCli(definition(configFile), [], io), stderr: err.join('') };
  };

  it('is refused when it is a link out of its folder, without its content in the message', async () => {
    const base = mkdtempSync(join(tmpdir(), 'edd-config-'));
    mkdirSync(join(base, 'repo'));
    writeFileSync(join(base, 'outside.json'), `{"name": "${SECRET}"`);
    symlinkSync(join(base, 'outside.json'), join(base, 'repo', 'tool.json'));
    symlinkSync('/proc/self/environ', join(base, 'repo', 'environ.json'));
    const linked = await run(join(base, 'repo', 'tool.json'));
    expect(linked.code).toBe(3);
    expect(linked.stderr).toContain('leaves its folder');
    const environ = await run(join(base, 'repo', 'environ.json'));
    expect(environ.code).toBe(3);
    for (const outcome of [linked, environ]) expect(outcome.stderr).not.toContain('wJalr');
  });

  it('is refused with a key given twice, and broken JSON is named by line without quoting it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'edd-config-'));
    writeFileSync(join(base, 'twice.json'), '{"name": "a",\n"name": "b"}');
    writeFileSync(join(base, 'broken.json'), `{"name": ${SECRET}}`);
    const twice = await run(join(base, 'twice.json'));
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('twice.json:2: key "name" appears twice');
    const broken = await run(join(base, 'broken.json'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json:1: invalid JSON');
    expect(broken.stderr).not.toContain('wJalr');
  });
});
