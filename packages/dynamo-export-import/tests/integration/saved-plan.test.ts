import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable, DEV, QA, scanAll, startTestBed, type TestBed } from './support.js';

interface SavedFile {
  plan: { target: { account: string }; counts: Record<string, number> };
  fingerprints: { sourceFiles: Record<string, string>; target: Record<string, string> };
  changeSet: {
    tables: {
      table: string;
      file: string;
      prune: boolean;
      create: string[];
      update: string[];
      delete: string[];
    }[];
  };
}

type Key = Record<string, Record<string, string>>;
interface BatchWriteBody {
  RequestItems: Record<string, ({ PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } })[]>;
}

/**
 * Stands between the executable and local-aws for DynamoDB and keeps the body of every BatchWriteItem request, so a
 * test sees exactly which keys were written, as they went over the wire.
 */
async function startRecorder(upstream: string): Promise<{ url: string; writes: BatchWriteBody[]; close(): void }> {
  const writes: BatchWriteBody[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (String(req.headers['x-amz-target']).endsWith('.BatchWriteItem'))
        writes.push(JSON.parse(body.toString()) as BatchWriteBody);
      const forward = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => res.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, writes, close: () => server.close() };
}

/** The keys of change set entries, `<fingerprint> [<fingerprint>] <key>`. */
const keysOf = (entries: string[]) => entries.map((e) => e.replace(/^(\S{24} )+/, ''));

/** `id="b"`, as the change set names keys, of a key sent in a request. */
const keyText = (key: Key) => `id=${JSON.stringify(key.id!.S)}`;

function writtenKeys(bodies: BatchWriteBody[], table: string) {
  const put: string[] = [];
  const deleted: string[] = [];
  for (const body of bodies)
    for (const request of body.RequestItems[table] ?? []) {
      if ('PutRequest' in request) put.push(keyText(request.PutRequest.Item));
      else deleted.push(keyText(request.DeleteRequest.Key));
    }
  return { put: put.sort(), delete: deleted.sort() };
}

const row = (id: string, value: string, extra = '') => `{"id":{"S":"${id}"},"value":{"S":"${value}"}${extra}}`;
const SECRET = 'Zq8vN3pL0wX7rT2y';
const file = (...rows: string[]) => `${rows.join('\n')}\n`;

let bed: TestBed;
let qa: DynamoDBClient;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
const recorded = () => ({ AWS_ENDPOINT_URL_DYNAMODB: recorder.url });

async function seed(table: string, ...rows: [string, string][]) {
  for (const [id, value] of rows)
    await qa.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, value: { S: value } } }));
}

async function readSaved(path: string): Promise<SavedFile> {
  return JSON.parse(await readFile(join(bed.dir, path), 'utf8')) as SavedFile;
}

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  recorder = await startRecorder(bed.localAws.url);
  // The test bed gets DEV's credentials once, so that call is not counted against a run below.
  await bed.run(['--version'], DEV);
  await mkdir(join(bed.dir, 'plans'));
});
afterAll(async () => {
  recorder.close();
  await bed.close();
});
beforeEach(() => {
  bed.markCalls();
  recorder.writes.length = 0;
});

describe('plan --out, then deploy --plan', () => {
  it('applies exactly the saved change set: the keys written are the planned ones, and a second apply is refused', async () => {
    await createTable(qa, 'edd-apply-qa', { partition: ['id', 'S'] });
    await seed('edd-apply-qa', ['a', 'same'], ['b', 'old'], ['c', 'gone']);
    await writeFile(
      join(bed.dir, 'apply.jsonl'),
      file(row('a', 'same'), row('b', 'new', `,"apiKey":{"S":"${SECRET}"}`), row('d', 'added')),
    );
    const args = ['--table', 'edd-apply-${Environment}', '--in', 'apply.jsonl', '--prune'];
    bed.markCalls();
    const planned = await bed.run(['plan', ...args, '--out', 'plans/apply.json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain('saved the plan to plans/apply.json: deploy --plan plans/apply.json applies');
    expect(bed.writesSinceMark()).toEqual([]);

    const text = await readFile(join(bed.dir, 'plans/apply.json'), 'utf8');
    expect(text).not.toContain(SECRET);
    const saved = JSON.parse(text) as SavedFile;
    expect(saved.plan.counts).toEqual({ create: 1, update: 1, delete: 1, unchanged: 1 });
    const [change] = saved.changeSet.tables;
    expect(change).toMatchObject({ table: 'edd-apply-qa', file: 'apply.jsonl', prune: true });
    expect(keysOf(change!.create)).toEqual(['id="d"']);
    expect(keysOf(change!.update)).toEqual(['id="b"']);
    expect(keysOf(change!.delete)).toEqual(['id="c"']);
    expect(Object.keys(saved.fingerprints.sourceFiles)).toEqual(['apply.jsonl']);
    expect(Object.keys(saved.fingerprints.target)).toEqual(['table/edd-apply-qa']);

    bed.markCalls();
    const applied = await bed.run(['deploy', ...args, '--plan', 'plans/apply.json'], QA, recorded());
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      'applying the saved plan plans/apply.json: neither the source nor the target moved since',
    );
    expect(writtenKeys(recorder.writes, 'edd-apply-qa')).toEqual({
      put: keysOf([...change!.create, ...change!.update]).sort(),
      delete: keysOf(change!.delete),
    });
    // Every write the account saw went through the recorder: nothing was written that it did not see.
    expect(bed.writesSinceMark()).toEqual(recorder.writes.map(() => 'BatchWriteItem'));
    const items = (await scanAll(qa, 'edd-apply-qa')).map((i) => `${i.id?.S}=${i.value?.S}`).sort();
    expect(items).toEqual(['a=same', 'b=new', 'd=added']);

    const again = await bed.run(['plan', ...args, '--detailed-exitcode']);
    expect(again.code, again.stderr).toBe(0);
    bed.markCalls();
    const twice = await bed.run(['deploy', ...args, '--plan', 'plans/apply.json']);
    expect(twice.code, twice.stderr).toBe(3);
    expect(twice.stderr).toContain('plans/apply.json cannot be applied: the target changed since the plan was made');
    expect(twice.stderr).toContain('edd-apply-qa item id="b": the plan updates it; now it needs no change');
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('keeps the exit code of --detailed-exitcode, and checks everything but writes nothing with --dry-run', async () => {
    await createTable(qa, 'edd-dry-qa', { partition: ['id', 'S'] });
    await writeFile(join(bed.dir, 'dry.jsonl'), file(row('a', '1')));
    const args = ['--table', 'edd-dry-qa', '--in', 'dry.jsonl'];
    const planned = await bed.run(['plan', ...args, '--out', 'plans/dry.json', '--detailed-exitcode']);
    expect(planned.code, planned.stderr).toBe(6);
    expect(existsSync(join(bed.dir, 'plans/dry.json'))).toBe(true);
    bed.markCalls();
    const dry = await bed.run(['deploy', ...args, '--plan', 'plans/dry.json', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('applying the saved plan plans/dry.json');
    expect(dry.stderr).toContain('dry run: nothing was written');
    expect(bed.writesSinceMark()).toEqual([]);
    expect(await scanAll(qa, 'edd-dry-qa')).toEqual([]);
  });

  it('does not save a blocked plan', async () => {
    await createTable(qa, 'edd-blocked-qa', { partition: ['id', 'S'] });
    await seed('edd-blocked-qa', ['a', '1']);
    await writeFile(join(bed.dir, 'empty.jsonl'), '');
    const r = await bed.run([
      'plan',
      '--table',
      'edd-blocked-qa',
      '--in',
      'empty.jsonl',
      '--prune',
      '--out',
      'plans/blocked.json',
    ]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('not saved to plans/blocked.json: a blocked plan cannot be applied');
    expect(existsSync(join(bed.dir, 'plans/blocked.json'))).toBe(false);
  });
});

describe('deploy --plan refuses, writing nothing', () => {
  const args = ['--table', 'edd-moved-qa', '--in', 'moved.jsonl'];

  beforeAll(async () => {
    await createTable(qa, 'edd-moved-qa', { partition: ['id', 'S'] });
    await seed('edd-moved-qa', ['a', 'same'], ['b', 'old'], ['z', 'not in the file']);
    await writeFile(join(bed.dir, 'moved.jsonl'), file(row('a', 'same'), row('b', 'new'), row('c', 'added')));
  });

  async function planTo(name: string) {
    const r = await bed.run(['plan', ...args, '--out', `plans/${name}`]);
    expect(r.code, r.stderr).toBe(0);
    return `plans/${name}`;
  }

  it('when an item the plan writes changed in the table, naming its key', async () => {
    const plan = await planTo('item.json');
    await seed('edd-moved-qa', ['b', 'edited in the console']);
    bed.markCalls();
    const r = await bed.run(['deploy', ...args, '--plan', plan]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`${plan} cannot be applied: the target changed since the plan was made`);
    expect(r.stderr).toContain('edd-moved-qa item id="b": changed since the plan');
    expect(bed.writesSinceMark()).toEqual([]);
    await seed('edd-moved-qa', ['b', 'old']);
  });

  it('when an item the plan creates appeared in the table, naming its key', async () => {
    const plan = await planTo('created.json');
    await seed('edd-moved-qa', ['c', 'added']);
    bed.markCalls();
    const r = await bed.run(['deploy', ...args, '--plan', plan]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('edd-moved-qa item id="c": the plan creates it; now it needs no change');
    expect(bed.writesSinceMark()).toEqual([]);
    await qa.send(new DeleteItemCommand({ TableName: 'edd-moved-qa', Key: { id: { S: 'c' } } }));
  });

  it('when an item the plan leaves alone changed: the table moved, and its reviewer approved the table as it was', async () => {
    const plan = await planTo('outside.json');
    await seed('edd-moved-qa', ['y', 'written by someone else']);
    bed.markCalls();
    const r = await bed.run(['deploy', ...args, '--plan', plan]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      'table edd-moved-qa: changed since the plan in items it does not write (3 items then, 4 now)',
    );
    expect(bed.writesSinceMark()).toEqual([]);
    await qa.send(new DeleteItemCommand({ TableName: 'edd-moved-qa', Key: { id: { S: 'y' } } }));
  });

  it('when the file changed, naming it, before any AWS call', async () => {
    const plan = await planTo('source.json');
    const original = await readFile(join(bed.dir, 'moved.jsonl'), 'utf8');
    await writeFile(join(bed.dir, 'moved.jsonl'), original.replace('"new"', '"newer"'));
    bed.markCalls();
    const r = await bed.run(['deploy', ...args, '--plan', plan]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `${plan} cannot be applied: the source changed since the plan was made; make the plan again and have it approved; nothing was written: moved.jsonl: changed since the plan`,
    );
    expect(bed.callsSinceMark()).toEqual([]);
    await writeFile(join(bed.dir, 'moved.jsonl'), original);
  });

  it('when the options differ, naming both, before any AWS call', async () => {
    const plan = await planTo('options.json');
    bed.markCalls();
    const r = await bed.run(['deploy', ...args, '--prune', '--plan', plan]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      `it was made for edd-moved-qa from moved.jsonl, and this run gives edd-moved-qa from moved.jsonl with --prune; pass the same options`,
    );
    expect(bed.callsSinceMark()).toEqual([]);
  });

  it('for another environment, before any AWS call', async () => {
    const plan = await planTo('elsewhere.json');
    bed.markCalls();
    const r = await bed.run(['deploy', ...args, '--plan', plan], DEV);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('it is a plan for qa/640079793484 (us-east-1), not for dev/658456346551 (us-east-1)');
    expect(bed.callsSinceMark()).toEqual([]);
  });

  it('a saved plan edited by hand: a malformed one before any AWS call, one that reads well once the tables are read', async () => {
    const plan = await planTo('edited.json');
    const text = await readFile(join(bed.dir, plan), 'utf8');
    await writeFile(join(bed.dir, 'plans/malformed.json'), text.replace('"delete": []', '"delete": ["id=\\"z\\""]'));
    bed.markCalls();
    const malformed = await bed.run(['deploy', ...args, '--plan', 'plans/malformed.json']);
    expect(malformed.code, malformed.stderr).toBe(3);
    expect(malformed.stderr).toContain('plans/malformed.json cannot be applied: it is not a saved plan of this format');
    expect(bed.callsSinceMark()).toEqual([]);

    // A valid fingerprint of another item: the file reads well, and the change it holds is not the one approved.
    const saved = JSON.parse(text) as SavedFile;
    const [update] = saved.changeSet.tables[0]!.update;
    saved.changeSet.tables[0]!.update = [`AAAAAAAAAAAAAAAAAAAAAA==${update!.slice(24)}`];
    await writeFile(join(bed.dir, 'plans/tampered.json'), JSON.stringify(saved));
    bed.markCalls();
    const tampered = await bed.run(['deploy', ...args, '--plan', 'plans/tampered.json']);
    expect(tampered.code, tampered.stderr).toBe(3);
    expect(tampered.stderr).toContain(
      'plans/tampered.json cannot be applied: the change it holds is not the change these files make in these tables',
    );
    expect(tampered.stderr).toContain(
      'edd-moved-qa item id="b": the plan updates it, with another item than it would now',
    );
    expect(bed.writesSinceMark()).toEqual([]);
  });
});

describe('a saved plan of a manifest', () => {
  it('covers every table: applied whole, or refused naming the file that changed', async () => {
    await createTable(qa, 'edd-first-qa', { partition: ['id', 'S'] });
    await createTable(qa, 'edd-second-qa', { partition: ['id', 'S'] });
    await seed('edd-second-qa', ['x', 'old']);
    await mkdir(join(bed.dir, 'data'));
    await writeFile(
      join(bed.dir, 'data/tables.json'),
      JSON.stringify({
        tables: [
          { file: 'first.jsonl', table: 'edd-first-${Environment}' },
          { file: 'second.jsonl', table: 'edd-second-${Environment}', prune: true },
        ],
      }),
    );
    await writeFile(join(bed.dir, 'data/first.jsonl'), file(row('a', '1'), row('b', '2')));
    await writeFile(join(bed.dir, 'data/second.jsonl'), file(row('y', 'new')));
    const planned = await bed.run(['plan', '--manifest', 'data/tables.json', '--out', 'plans/manifest.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const saved = await readSaved('plans/manifest.json');
    expect(Object.keys(saved.fingerprints.sourceFiles)).toEqual([
      'data/first.jsonl',
      'data/second.jsonl',
      'data/tables.json',
    ]);
    expect(saved.changeSet.tables.map((t) => [t.table, t.prune, keysOf(t.create), keysOf(t.delete)])).toEqual([
      ['edd-first-qa', false, ['id="a"', 'id="b"'], []],
      ['edd-second-qa', true, ['id="y"'], ['id="x"']],
    ]);

    await writeFile(join(bed.dir, 'data/second.jsonl'), file(row('y', 'newer')));
    bed.markCalls();
    const refused = await bed.run(['deploy', '--manifest', 'data/tables.json', '--plan', 'plans/manifest.json']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('data/second.jsonl: changed since the plan');
    expect(refused.stderr).not.toContain('data/first.jsonl');
    expect(bed.callsSinceMark()).toEqual([]);

    await writeFile(join(bed.dir, 'data/second.jsonl'), file(row('y', 'new')));
    recorder.writes.length = 0;
    const applied = await bed.run(
      ['deploy', '--manifest', 'data/tables.json', '--plan', 'plans/manifest.json'],
      QA,
      recorded(),
    );
    expect(applied.code, applied.stderr).toBe(0);
    expect(writtenKeys(recorder.writes, 'edd-first-qa')).toEqual({ put: ['id="a"', 'id="b"'], delete: [] });
    expect(writtenKeys(recorder.writes, 'edd-second-qa')).toEqual({ put: ['id="y"'], delete: ['id="x"'] });
  });
});
