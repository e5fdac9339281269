import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, exitCodeOf, type Problem } from '@edd/core';
import { toneWav } from '@edd/local-aws';
import { describe, expect, it } from 'vitest';
import { aliasTemplate, inferConfig, nameTemplate } from '../src/export/infer-config.js';
import { checkPromptAudio } from '../src/model/prompt-audio.js';
import { readSource, validateSource } from '../src/model/source.js';

function exportDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-source-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function problemsOf(dir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const model = await readSource(dir, problems);
  validateSource(model, problems);
  return problems;
}

const content = (parameters: Record<string, unknown>) => ({
  Version: '2019-10-30',
  StartAction: 'a',
  Actions: [{ Identifier: 'a', Type: 'UpdateContactAttributes', Parameters: parameters, Transitions: {} }],
});
const flowFile = (parameters: Record<string, unknown>) =>
  JSON.stringify({ Name: 'Main', Type: 'CONTACT_FLOW', Content: content(parameters) });

/** A WAV header with the given codec, channels, rate and byte rate, and `seconds` of data. */
function wav({ codec = 7, channels = 1, rate = 8000, bits = 8, seconds = 1 } = {}): Buffer {
  const byteRate = (rate * channels * bits) / 8;
  const data = Math.round(byteRate * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(codec, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(byteRate, 28);
  header.writeUInt16LE((channels * bits) / 8, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data, 40);
  return Buffer.concat([header, Buffer.alloc(data)]);
}

describe('prompt audio', () => {
  it('accepts the WAV codecs Connect plays, read from the header', () => {
    expect(checkPromptAudio(wav())).toMatchObject({ ok: true, info: { codec: 'U-law', sampleRate: 8000 } });
    expect(checkPromptAudio(toneWav(1))).toMatchObject({ ok: true, info: { codec: 'PCM' } });
    expect(checkPromptAudio(wav({ codec: 6 }))).toMatchObject({ ok: true, info: { codec: 'A-law' } });
  });

  it('refuses what is not such audio, whatever the extension says, and says how to convert it', () => {
    const mp3 = Buffer.concat([Buffer.from('ID3\u0004'), Buffer.alloc(100)]);
    expect(checkPromptAudio(mp3)).toMatchObject({ ok: false, message: expect.stringContaining('an MP3 file') });
    expect(checkPromptAudio(Buffer.from('AWS_SECRET_ACCESS_KEY=abc'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('ffmpeg'),
    });
    expect(checkPromptAudio(wav({ codec: 0x55 }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('codec'),
    });
    expect(checkPromptAudio(wav({ seconds: 301 }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('less than 5 minutes'),
    });
    expect(checkPromptAudio(wav().subarray(0, 20))).toMatchObject({ ok: false });
  });

  it('refuses a prompt whose audio is not audio before anything is uploaded', async () => {
    const dir = exportDir({
      'prompts/Welcome.json': JSON.stringify({ Name: 'Welcome', File: 'Welcome.wav' }),
      'prompts/Welcome.wav': Buffer.from('not audio at all'),
    });
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'prompts/Welcome.wav', message: expect.stringContaining('not a .wav file') }),
    ]);
  });

  it('stops on a prompt linked to a file outside the export, naming it (exit 3)', async () => {
    const dir = exportDir({ 'prompts/Welcome.json': JSON.stringify({ Name: 'Welcome', File: 'Welcome.wav' }) });
    symlinkSync('/proc/self/environ', join(dir, 'prompts/Welcome.wav'));
    const error = await problemsOf(dir).catch((e: unknown) => e);
    expect(exitCodeOf(error)).toBe(ExitCode.Validation);
    expect((error as Error).message).toContain('prompts/Welcome.wav');
  });
});

describe('export folder as untrusted input', () => {
  it('refuses a linked folder that leaves the export instead of ignoring it', async () => {
    const outside = exportDir({ 'q.json': JSON.stringify({ Name: 'Q' }) });
    const dir = exportDir({});
    symlinkSync(outside, join(dir, 'queues'));
    const error = await problemsOf(dir).catch((e: unknown) => e);
    expect(exitCodeOf(error)).toBe(ExitCode.Validation);
    expect((error as Error).message).toMatch(/queues.*leaves/);
  });

  it('reads a linked folder that stays inside the export', async () => {
    const dir = exportDir({
      'shared/Q.json': JSON.stringify({ Name: 'Q', HoursOfOperationId: { $ref: 'hours-of-operation', name: 'H' } }),
    });
    symlinkSync(join(dir, 'shared'), join(dir, 'queues'));
    const problems: Problem[] = [];
    const model = await readSource(dir, problems);
    expect(problems).toEqual([]);
    expect(model.resources.map((r) => r.file)).toEqual(['queues/Q.json']);
  });

  it('refuses a FIFO in a resource folder without waiting on it', async () => {
    const dir = exportDir({ 'flows/.keep': '' });
    execFileSync('mkfifo', [join(dir, 'flows/Main.json')]);
    const error = await problemsOf(dir).catch((e: unknown) => e);
    expect(exitCodeOf(error)).toBe(ExitCode.Validation);
    expect((error as Error).message).toContain('FIFO');
  });

  it('refuses a key given twice, in a file and inside flow content held as a string', async () => {
    const dir = exportDir({
      'flows/Main.json': '{"Name": "Main", "Type": "CONTACT_FLOW",\n"Name": "Other", "Content": {}}',
      'flows/Second.json': JSON.stringify({
        ContactFlow: {
          Name: 'Second',
          Type: 'CONTACT_FLOW',
          Content: '{"Version":"2019-10-30","StartAction":"a","StartAction":"b","Actions":[]}',
        },
      }),
    });
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'flows/Main.json',
        line: 2,
        message: expect.stringContaining('"Name" appears twice'),
      }),
      expect.objectContaining({
        file: 'flows/Second.json',
        path: 'Content',
        message: expect.stringContaining('"StartAction" appears twice'),
      }),
    ]);
  });

  it('gives a bare flow document a one-line hint instead of schema errors', async () => {
    const dir = exportDir({ 'flows/main.json': JSON.stringify(content({})) });
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/bare flow-language document .* wrap it as \{"Name"/);
  });
});

describe('offline rules that deploy applies too', () => {
  it('refuses literal strings naming an account, even with a dynamic region, unless allowed', async () => {
    const dir = exportDir({
      'flows/Main.json': flowFile({
        Attributes: {
          fn: 'arn:aws:lambda:$.AwsRegion:658456346551:function:edd-lookup-dev',
          acct: 'billing for 640079793484',
          shared: 'arn:aws:sns:us-east-1:318484875904:alerts',
        },
      }),
      'connect-deploy.json': JSON.stringify({ allowAccountArns: ['^arn:aws:sns:us-east-1:318484875904:'] }),
    });
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.path)).toEqual([
      'action a Parameters.Attributes.fn',
      'action a Parameters.Attributes.acct',
    ]);
    expect(problems[1]!.message).toContain('names account 640079793484');
  });

  it('refuses unmapped references and value references the config does not declare', async () => {
    const dir = exportDir({
      'flows/Main.json': flowFile({
        InputEncryption: { EncryptionKeyId: { $ref: 'unmapped', kind: 'security key', value: 'k-1' } },
        Attributes: { a: { $ref: 'value', name: 'auditStream' }, b: { $ref: 'value', name: 'declared' } },
      }),
      'connect-deploy.json': JSON.stringify({ environmentValues: { declared: { dev: 'x', qa: 'y' } } }),
    });
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^security key k-1 belongs to the source instance or account .* "environmentValues"/),
      expect.stringContaining('environment value "auditStream" is not declared'),
    ]);
  });
});

describe('rules inferred on a first export', () => {
  const values = { Environment: 'dev', AccountNumber: '658456346551', Region: 'us-east-1' };

  it('turns names holding the environment into templates', () => {
    expect(aliasTemplate('edd-dev', 'dev')).toBe('edd-${Environment}');
    expect(aliasTemplate('edd-devops', 'dev')).toBeUndefined();
    expect(nameTemplate('edd-lookup-dev', 'dev')).toBe('${name}-${Environment}');
    expect(nameTemplate('dev_lookup', 'dev')).toBe('${Environment}_${name}');
    expect(nameTemplate('edd-dev-lookup', 'dev')).toBe('edd-${Environment}-${name}');
    expect(nameTemplate('developer-tools', 'dev')).toBeUndefined();
  });

  it('keeps the template most names follow and the conventional prompt bucket', () => {
    const { config, rules } = inferConfig({
      values,
      instanceAlias: 'edd-dev',
      lambdaFunctions: ['edd-lookup-dev', 'edd-callback-dev', 'dev-odd', 'shared-audit'],
      lexBots: ['EDDBot-dev'],
    });
    expect(config).toEqual({
      instanceAlias: 'edd-${Environment}',
      lambdaFunctionName: '${name}-${Environment}',
      lexBotName: '${name}-${Environment}',
      promptBucket: 'edd-connect-prompts-${AccountNumber}',
    });
    expect(rules.find((r) => r.key === 'lambdaFunctionName')!.from).toBe('edd-callback-dev, edd-lookup-dev');
  });
});
