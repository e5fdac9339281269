import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ExitCode,
  InputRoot,
  OutputRoot,
  UnsafeInputError,
  exitCodeOf,
  findDuplicateKey,
  normaliseRelativePath,
  parseJsonStrict,
  readJsonConfig,
} from '../src/index.js';

function tree(): { base: string; root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'edd-input-'));
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'flows'), { recursive: true });
  mkdirSync(join(root, 'shared'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'flows', 'a.json'), '{"a":1}');
  writeFileSync(join(root, 'shared', 'b.json'), '{"b":2}');
  writeFileSync(join(outside, 'secret.txt'), 'AWS_SECRET_ACCESS_KEY=x');
  mkdirSync(join(outside, 'queues'));
  writeFileSync(join(outside, 'queues', 'q.json'), '{}');
  return { base, root, outside };
}

async function refusal(work: Promise<unknown>): Promise<UnsafeInputError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnsafeInputError);
  expect(exitCodeOf(error)).toBe(ExitCode.Validation);
  return error as UnsafeInputError;
}

describe('parseJsonStrict', () => {
  it('parses what JSON.parse parses', () => {
    expect(parseJsonStrict('{"a":[1,{"b":"c"}],"d":null}')).toEqual({
      ok: true,
      value: { a: [1, { b: 'c' }], d: null },
    });
    expect(parseJsonStrict('[1,2]')).toEqual({ ok: true, value: [1, 2] });
  });

  it('refuses a key given twice, naming the key, the line and the object', () => {
    const text = '{\n  "Actions": [\n    {"Parameters": {\n      "QueueId": "a",\n      "QueueId": "b"}}\n  ]\n}';
    const result = parseJsonStrict(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.line).toBe(5);
    expect(result.problem.path).toBe('Actions[0].Parameters');
    expect(result.problem.message).toContain('"QueueId" appears twice');
  });

  it('compares keys after their escapes are decoded', () => {
    expect(findDuplicateKey('{"a":1,"\\u0061":2}')?.message).toContain('"a" appears twice');
  });

  it('does not confuse values, nested objects or strings holding braces with keys', () => {
    expect(findDuplicateKey('{"a":"a","b":{"a":1},"c":["{\\"a\\":1,\\"a\\":2}"],"d":{"a":{"a":1}}}')).toBeUndefined();
    expect(findDuplicateKey('[{"a":1},{"a":2}]')).toBeUndefined();
  });

  it('says where the syntax breaks', () => {
    const result = parseJsonStrict('{\n  "a": 1,\n  "b": \n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.line).toBe(4);
      expect(result.problem.message).toMatch(/^invalid JSON/);
    }
    const empty = parseJsonStrict('  ');
    expect(!empty.ok && empty.problem.message).toBe('invalid JSON: the file is empty');
  });
});

describe('normaliseRelativePath', () => {
  it('keeps paths inside their folder and refuses the rest', () => {
    expect(normaliseRelativePath('a/./b/../c.json')).toEqual({ path: 'a/c.json' });
    expect(normaliseRelativePath('Bot\\Intents\\x.json')).toEqual({ path: 'Bot/Intents/x.json' });
    for (const bad of ['../x.json', 'Bot/../../x.json', '/etc/passwd', 'C:\\x', 'a\0b', '', '.'])
      expect(normaliseRelativePath(bad)).toHaveProperty('reason');
  });
});

describe('InputRoot', () => {
  it('reads files and follows links that stay inside', async () => {
    const { root } = tree();
    symlinkSync(join(root, 'shared'), join(root, 'linked'));
    symlinkSync('../shared/b.json', join(root, 'flows', 'b.json'));
    const input = await InputRoot.open(root, { what: '--source' });
    expect((await input.readText('flows/a.json'))!).toBe('{"a":1}');
    expect((await input.readText('flows/b.json'))!).toBe('{"b":2}');
    expect((await input.list('linked'))!.map((e) => e.path)).toEqual(['linked/b.json']);
    expect((await input.list(''))!.map((e) => `${e.path}:${e.kind}`)).toEqual([
      'flows:dir',
      'linked:dir',
      'shared:dir',
    ]);
    expect(await input.readText('flows/missing.json')).toBeUndefined();
    expect(await input.list('missing')).toBeUndefined();
  });

  it('refuses a linked file that leaves the root, naming it', async () => {
    const { root, outside } = tree();
    symlinkSync(join(outside, 'secret.txt'), join(root, 'flows', 'prompt.wav'));
    const input = await InputRoot.open(root, { what: '--source' });
    const error = await refusal(input.readFile('flows/prompt.wav'));
    expect(error.message).toContain('flows/prompt.wav');
    expect(error.message).toContain('leaves');
    // Listing the folder stops too: nothing is skipped silently.
    await refusal(input.list('flows'));
  });

  it('refuses a linked folder that leaves the root instead of ignoring it', async () => {
    const { root, outside } = tree();
    symlinkSync(join(outside, 'queues'), join(root, 'queues'));
    const input = await InputRoot.open(root, { what: '--source' });
    await refusal(input.list('queues'));
    await refusal(input.list(''));
  });

  it('refuses links into /proc and /dev, dangling links and loops', async () => {
    const { root } = tree();
    symlinkSync('/proc/self/environ', join(root, 'flows', 'environ.wav'));
    symlinkSync('/dev/zero', join(root, 'flows', 'zero.wav'));
    symlinkSync(join(root, 'nowhere'), join(root, 'flows', 'dangling.json'));
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    const input = await InputRoot.open(root, { what: '--source' });
    expect((await refusal(input.readFile('flows/environ.wav'))).message).toContain('system file');
    await refusal(input.readFile('flows/zero.wav'));
    await refusal(input.readFile('flows/dangling.json'));
    await refusal(input.readFile('loop1'));
  });

  it('refuses a FIFO at once instead of blocking on it', async () => {
    const { root } = tree();
    execFileSync('mkfifo', [join(root, 'flows', 'pipe.json')]);
    const input = await InputRoot.open(root, { what: '--source' });
    expect((await refusal(input.readFile('flows/pipe.json'))).message).toContain('FIFO');
    await refusal(input.list('flows'));
  });

  it('refuses paths that climb out and files over the size limit', async () => {
    const { root } = tree();
    const input = await InputRoot.open(root, { what: '--source' });
    await refusal(input.readFile('../outside/secret.txt'));
    await refusal(input.readFile('/etc/passwd'));
    const big = await refusal(input.readFile('flows/a.json', { maxBytes: 3, tooLarge: (n) => `is ${n} bytes` }));
    expect(big.message).toContain('is 7 bytes');
  });

  it('makes a missing or wrong root a usage error', async () => {
    const { root } = tree();
    for (const [dir, text] of [
      [join(root, 'nope'), 'does not exist'],
      [join(root, 'flows', 'a.json'), 'is not a folder'],
      ['/proc/self', 'system folder'],
    ] as const) {
      const error = await InputRoot.open(dir, { what: '--in' }).catch((e: unknown) => e);
      expect(exitCodeOf(error)).toBe(ExitCode.Usage);
      expect((error as Error).message).toContain(text);
    }
    expect(await InputRoot.open(join(root, 'nope'), { what: '--in', optional: true })).toBeUndefined();
  });
});

describe('OutputRoot', () => {
  it('writes inside the folder and refuses a path or link that leads out', async () => {
    const { root, outside } = tree();
    const out = await OutputRoot.open(join(root, 'export'), '--out');
    await out.write('flows/x.json', '{}');
    expect(readFileSync(join(root, 'export', 'flows', 'x.json'), 'utf8')).toBe('{}');
    await refusal(out.write('../../outside/y.json', '{}'));
    symlinkSync(outside, join(root, 'export', 'queues'));
    await refusal(out.write('queues/z.json', '{}'));
    expect(existsSync(join(outside, 'z.json'))).toBe(false);
  });
});

describe('readJsonConfig', () => {
  it('refuses duplicate keys and reads through the root', async () => {
    const { root, outside } = tree();
    writeFileSync(join(root, 'config.json'), '{"a": "x",\n "a": "y"}');
    const schema = z.object({ a: z.string() });
    const input = await InputRoot.open(root, { what: '--source' });
    await expect(readJsonConfig('config.json', schema, { root: input })).rejects.toThrow(
      /config.json:2: key "a" appears twice/,
    );
    symlinkSync(join(outside, 'secret.txt'), join(root, 'linked.json'));
    await refusal(readJsonConfig('linked.json', schema, { root: input }));
    expect(await readJsonConfig('absent.json', schema, { root: input })).toBeUndefined();
  });
});

describe('InputRoot.openFile', () => {
  it('opens a file named on the command line through its folder', async () => {
    const { root } = tree();
    const { root: folder, name } = await InputRoot.openFile(join(root, 'flows', 'a.json'), { what: '--in' });
    expect(name).toBe('a.json');
    expect(await folder.readText(name)).toBe('{"a":1}');
  });

  it('makes a missing path, a folder, a FIFO or a system file a usage error without opening it', async () => {
    const { root } = tree();
    execFileSync('mkfifo', [join(root, 'flows', 'pipe.jsonl')]);
    for (const [path, text] of [
      [join(root, 'nope.jsonl'), 'does not exist'],
      [join(root, 'flows'), 'is a folder'],
      [join(root, 'flows', 'pipe.jsonl'), 'is a FIFO'],
      ['/proc/self/environ', 'is a system file'],
    ] as const) {
      const error = await InputRoot.openFile(path, { what: '--in' }).catch((e: unknown) => e);
      expect(exitCodeOf(error), path).toBe(ExitCode.Usage);
      expect((error as Error).message).toContain(text);
    }
  });

  it('refuses a file that is a link leaving its folder', async () => {
    const { root, outside } = tree();
    symlinkSync(join(outside, 'secret.txt'), join(root, 'flows', 'data.jsonl'));
    await refusal(InputRoot.openFile(join(root, 'flows', 'data.jsonl'), { what: '--in' }));
  });
});
