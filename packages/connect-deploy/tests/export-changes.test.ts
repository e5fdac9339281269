import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportChanges } from '../src/export/changes.js';

const SAMPLE = join(import.meta.dirname, '../../../examples/sample-app/connect');
const EXE = join(import.meta.dirname, '../dist/connect-deploy.js');

function twoCopies(): { before: string; after: string } {
  const dir = mkdtempSync(join(tmpdir(), 'edd-changes-'));
  cpSync(SAMPLE, join(dir, 'before'), { recursive: true });
  cpSync(SAMPLE, join(dir, 'after'), { recursive: true });
  return { before: join(dir, 'before'), after: join(dir, 'after') };
}

function edit(file: string, change: (body: Record<string, unknown>) => void): void {
  const body = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(body);
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

describe('exportChanges', () => {
  it('finds nothing between two identical exports', async () => {
    const { before, after } = twoCopies();
    expect(await exportChanges(before, after)).toEqual({ changes: [], counts: { added: 0, changed: 0, removed: 0 } });
  });

  it('names added, changed and removed resources by the names inside their files', async () => {
    const { before, after } = twoCopies();
    edit(join(after, 'flows/EDD+Customer+Queue.json'), (body) => (body.Description = 'Hold message'));
    const queue = JSON.parse(readFileSync(join(after, 'queues/EDD+Claims.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(after, 'queues/EDD+Appeals.json'), JSON.stringify({ ...queue, Name: 'EDD Appeals' }));
    rmSync(join(after, 'queues/EDD+General.json'));

    const { changes, counts } = await exportChanges(before, after);
    expect(changes.map((c) => c.line)).toEqual([
      'Connect flow "EDD Customer Queue": changed',
      'Connect queue "EDD Appeals": added',
      'Connect queue "EDD General": removed',
    ]);
    expect(changes[2]).toMatchObject({ kind: 'queue', name: 'EDD General', files: ['queues/EDD+General.json'] });
    expect(counts).toEqual({ added: 1, changed: 1, removed: 1 });
  });

  it("counts a prompt's audio with its prompt, and names files that are no resource's by their path", async () => {
    const { before, after } = twoCopies();
    const audio = join(after, 'prompts/EDD+Welcome.wav');
    const bytes = readFileSync(audio);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(audio, bytes);
    edit(join(after, 'connect-deploy.json'), (body) => (body.exclude = ['users/.*']));

    const { changes } = await exportChanges(before, after);
    expect(changes.map((c) => [c.line, c.files])).toEqual([
      ['Connect file connect-deploy.json: changed', ['connect-deploy.json']],
      ['Connect prompt "EDD Welcome": changed', ['prompts/EDD+Welcome.wav']],
    ]);
  });

  it('takes a missing before folder for the first export: everything is added', async () => {
    const { after } = twoCopies();
    const { counts, changes } = await exportChanges(join(after, '../nothing-yet'), after);
    expect(counts.changed + counts.removed).toBe(0);
    expect(changes.map((c) => c.line)).toContain('Connect routing profile "EDD Agents": added');
    expect(changes.find((c) => c.name === 'EDD Welcome')!.files).toEqual([
      'prompts/EDD+Welcome.json',
      'prompts/EDD+Welcome.wav',
    ]);
  });

  it('still names a removed resource whose file no longer parses in the new folder', async () => {
    const { before, after } = twoCopies();
    writeFileSync(join(after, 'queues/EDD+Claims.json'), '{"Name": "EDD Claims",');
    const { changes } = await exportChanges(before, after);
    expect(changes.map((c) => c.line)).toEqual(['Connect queue "EDD Claims": changed']);
  });
});

describe.skipIf(!existsSync(EXE))('connect-deploy changes', () => {
  it('--json carries the changes and their counts, and makes no AWS call', async () => {
    const { before, after } = twoCopies();
    rmSync(join(after, 'quick-connects/EDD+Claims+Transfer.json'));
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [EXE, 'changes', '--before', before, '--after', after, '--json'],
      { env: { PATH: process.env.PATH, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } },
    );
    expect(stderr).toContain('- quick connect "EDD Claims Transfer"  (quick-connects/EDD+Claims+Transfer.json)');
    const report = JSON.parse(stdout) as { verb: string; exitCode: number; changes: unknown; changeCounts: unknown };
    expect(report).toMatchObject({
      verb: 'changes',
      exitCode: 0,
      changes: [{ line: 'Connect quick connect "EDD Claims Transfer": removed' }],
      changeCounts: { added: 0, changed: 0, removed: 1 },
    });
  });

  it('refuses a file of either folder linked out of it (exit 3, naming it), and never reads what it points to', async () => {
    const { before, after } = twoCopies();
    const outside = join(before, '..', 'secret.json');
    writeFileSync(outside, JSON.stringify({ Name: 'leaked-value' }));
    symlinkSync(outside, join(after, 'queues/EDD+Leak.json'));
    const run = await promisify(execFile)(process.execPath, [EXE, 'changes', '--before', before, '--after', after], {
      env: { PATH: process.env.PATH, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    }).then(
      () => ({ code: 0, stderr: '', stdout: '' }),
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('EDD+Leak.json');
    expect(`${run.stdout}${run.stderr}`).not.toContain('leaked-value');
  });
});
