import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientConfig, startLocalAws, type LocalAws } from '@edd/local-aws';
import { expectRefusedCleanly, runStep, type StepRun } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV, EXE, QA, createTable } from '../integration/support.js';

// The data files and manifests come from the application repository: anyone with commit rights writes them, and the
// pipeline's role writes to Prod. Each case must be refused before the first write, naming the file, with no secret
// in the output or in S3.

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-dynamo-hostile-'));
const good = (pk: string) => `{"pk":{"S":"${pk}"},"sk":{"N":"1"}}`;

beforeAll(async () => {
  localAws = await startLocalAws({ seed: 11 });
  for (const target of [QA, DEV]) {
    const client = new DynamoDBClient(await clientConfig(localAws.url, target.AccountNumber));
    await createTable(client, `edd-queues-${target.Environment}`, { partition: ['pk', 'S'], sort: ['sk', 'N'] });
    client.destroy();
  }
});
afterAll(() => localAws?.close());

function run(args: string[], target: { Environment: string; AccountNumber: string } = QA): Promise<StepRun> {
  return runStep(localAws, { exe: EXE, args, account: target.AccountNumber, env: target, cwd: work });
}

function file(name: string, lines: string[]): string {
  const path = join(work, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return name;
}

function manifest(name: string, tables: unknown[]): string {
  return file(name, [JSON.stringify({ tables })]);
}

const importOne = (input: string) => ['import', '--table', 'edd-queues-${Environment}', '--in', input];

interface HostileCase {
  name: string;
  arrange: () => { args: string[]; code: number; mentions: (string | RegExp)[] };
  after?: () => void;
}

const cases: HostileCase[] = [
  {
    name: 'an --in that does not exist (exit 2)',
    arrange: () => ({
      args: importOne('missing.jsonl'),
      code: 2,
      mentions: ['--in', 'missing.jsonl', 'does not exist'],
    }),
  },
  {
    name: 'an --in that is a folder (exit 2)',
    arrange: () => {
      mkdirSync(join(work, 'folder.jsonl'), { recursive: true });
      return { args: importOne('folder.jsonl'), code: 2, mentions: ['--in', 'folder.jsonl', 'is a directory'] };
    },
  },
  {
    name: 'an --in that is a FIFO, at once instead of blocking (exit 2)',
    arrange: () => {
      execFileSync('mkfifo', [join(work, 'pipe.jsonl')]);
      return { args: importOne('pipe.jsonl'), code: 2, mentions: ['--in', 'pipe.jsonl', 'is a named pipe'] };
    },
  },
  {
    name: 'an --in under /proc, fast (exit 2)',
    arrange: () => ({
      args: importOne('/proc/self/environ'),
      code: 2,
      mentions: ['--in', '/proc/self/environ', 'kernel file system'],
    }),
  },
  {
    name: 'an --in that is a link leaving its folder',
    arrange: () => {
      mkdirSync(join(work, 'data'), { recursive: true });
      const secret = join(work, 'secret.jsonl');
      writeFileSync(secret, `${good('stolen')}\n`);
      symlinkSync(secret, join(work, 'data', 'queues.jsonl'));
      return { args: importOne('data/queues.jsonl'), code: 3, mentions: ['data/queues.jsonl', 'leaves'] };
    },
  },
  {
    name: 'a line that gives a key twice, naming file:line and the key',
    arrange: () => ({
      args: importOne(file('dup-key.jsonl', [good('a'), '{"pk":{"S":"b"},"sk":{"N":"1"},"pk":{"S":"admin"}}'])),
      code: 3,
      mentions: ['dup-key.jsonl:2', 'key "pk" appears twice'],
    }),
  },
  {
    name: 'a key given twice inside a typed value',
    arrange: () => ({
      args: importOne(file('dup-typed.jsonl', ['{"pk":{"S":"a","S":"b"},"sk":{"N":"1"}}'])),
      code: 3,
      mentions: ['dup-typed.jsonl:1', 'key "S" appears twice in pk'],
    }),
  },
  {
    name: 'a line that is not JSON',
    arrange: () => ({
      args: importOne(file('broken.jsonl', [good('a'), '{"pk":{"S":"b"},'])),
      code: 3,
      mentions: ['broken.jsonl:2', 'invalid JSON'],
    }),
  },
  {
    name: 'a value of the wrong type',
    arrange: () => ({
      args: importOne(file('types.jsonl', ['{"pk":{"S":"a"},"sk":{"N":1}}'])),
      code: 3,
      mentions: ['types.jsonl:1', 'sk', 'never a JSON number'],
    }),
  },
  {
    name: "an item over DynamoDB's 400 KB, in DynamoDB's words",
    arrange: () => ({
      args: importOne(file('big.jsonl', [`{"pk":{"S":"a"},"sk":{"N":"1"},"blob":{"S":"${'x'.repeat(410_000)}"}}`])),
      code: 3,
      mentions: ['big.jsonl:1', 'Item size has exceeded the maximum allowed size'],
    }),
  },
  {
    name: 'a partition key over 2048 bytes, in DynamoDB words',
    arrange: () => ({
      args: importOne(file('long-key.jsonl', [`{"pk":{"S":"${'k'.repeat(2049)}"},"sk":{"N":"1"}}`])),
      code: 3,
      mentions: ['long-key.jsonl:1', 'Size of hashkey has exceeded the maximum size limit of 2048 bytes'],
    }),
  },
  {
    name: "a number beyond DynamoDB's 38 digits of precision",
    arrange: () => ({
      args: importOne(
        file('precise.jsonl', ['{"pk":{"S":"a"},"sk":{"N":"1234567890123456789012345678901234567891"}}']),
      ),
      code: 3,
      mentions: ['precise.jsonl:1', 'sk'],
    }),
  },
  {
    name: 'a manifest whose file climbs out of its folder, on import',
    arrange: () => ({
      args: [
        'import',
        '--manifest',
        manifest('m1/tables.json', [{ file: '../../../x.jsonl', table: 'edd-queues-qa' }]),
      ],
      code: 3,
      mentions: ['m1/tables.json', 'tables[0].file', 'leads out of its folder'],
    }),
  },
  {
    name: 'a manifest whose file is absolute',
    arrange: () => ({
      args: ['import', '--manifest', manifest('m2/tables.json', [{ file: '/etc/passwd', table: 'edd-queues-qa' }])],
      code: 3,
      mentions: ['m2/tables.json', 'tables[0].file', 'absolute'],
    }),
  },
  {
    name: 'a manifest naming a file that does not exist (exit 2)',
    arrange: () => ({
      args: ['import', '--manifest', manifest('m3/tables.json', [{ file: 'none.jsonl', table: 'edd-queues-qa' }])],
      code: 2,
      mentions: ['m3/tables.json', 'none.jsonl, which does not exist'],
    }),
  },
  {
    name: 'a manifest whose file is a link out of its folder',
    arrange: () => {
      const name = manifest('m4/tables.json', [{ file: 'queues.jsonl', table: 'edd-queues-qa' }]);
      symlinkSync('/proc/self/environ', join(work, 'm4', 'queues.jsonl'));
      return { args: ['import', '--manifest', name], code: 3, mentions: ['m4/queues.jsonl', 'system file'] };
    },
  },
  {
    name: 'a manifest that gives a key twice (exit 2)',
    arrange: () => ({
      args: [
        'import',
        '--manifest',
        file('m5/tables.json', ['{"tables": [{"file": "q.jsonl", "table": "edd-queues-qa",', '"table": "edd-prod"}]}']),
      ],
      code: 2,
      mentions: ['m5/tables.json:2', 'key "table" appears twice'],
    }),
  },
  {
    name: 'a manifest under /proc (exit 2)',
    arrange: () => ({
      args: ['import', '--manifest', '/proc/self/environ'],
      code: 2,
      mentions: ['--manifest', '/proc/self/environ', 'kernel file system'],
    }),
  },
];

describe('dynamo-export-import import refuses hostile input before its first write', () => {
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const { args, code, mentions } = c.arrange();
      const outcome = await run(args);
      await expectRefusedCleanly({ outcome, localAws, code, mentions });
    });
  }

  it('refuses credentials that act in another account than AccountNumber says (exit 2)', async () => {
    const outcome = await runStep(localAws, {
      exe: EXE,
      args: importOne(file('ok.jsonl', [good('a')])),
      account: QA.AccountNumber,
      env: DEV,
      cwd: work,
    });
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['640079793484', '658456346551'] });
  });

  it('fails (exit 4) without writing when DynamoDB keeps failing to describe the table', async () => {
    localAws.setFaults([{ service: 'dynamodb', operation: 'DescribeTable', errorRate: 1 }]);
    try {
      const outcome = await run(importOne(file('fault.jsonl', [good('a')])));
      await expectRefusedCleanly({ outcome, localAws, code: 4, mentions: ['DescribeTable'] });
    } finally {
      localAws.setFaults([]);
    }
  });
});

describe('dynamo-export-import export writes only inside the manifest folder', () => {
  it('refuses a manifest file that climbs out, before any AWS call, and writes nothing there', async () => {
    const name = manifest('repo/data/tables.json', [
      { file: '../../../escaped.jsonl', table: 'edd-queues-${Environment}' },
    ]);
    const outcome = await run(['export', '--manifest', name], DEV);
    await expectRefusedCleanly({ outcome, localAws, code: 3, mentions: ['tables[0].file', 'leads out of its folder'] });
    expect(existsSync(join(work, '..', 'escaped.jsonl'))).toBe(false);
    expect(localAws.calls({ since: outcome.since, service: 'dynamodb' })).toEqual([]);
  });

  it('refuses to write through a folder that is a link leading out of the manifest folder', async () => {
    const name = manifest('repo2/tables.json', [{ file: 'out/queues.jsonl', table: 'edd-queues-${Environment}' }]);
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    symlinkSync(elsewhere, join(work, 'repo2', 'out'));
    const outcome = await run(['export', '--manifest', name], DEV);
    await expectRefusedCleanly({ outcome, localAws, code: 3, mentions: ['out/queues.jsonl', 'a link that leaves'] });
    expect(existsSync(join(elsewhere, 'queues.jsonl'))).toBe(false);
  });
});
