import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BatchWriteItemCommand,
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, DEV, QA, startTestBed, type TestBed } from './support.js';

const bytes = new Uint8Array([0, 1, 2, 127, 128, 253, 254, 255]);

function typeMatrix(sk: string): Record<string, AttributeValue> {
  return {
    pk: { S: 'types' },
    sk: { N: sk },
    text: { S: 'Grüße 日本 \u{1F600} "quoted" \\ back\nnew line\ttab\u0001' },
    empty: { S: '' },
    digits38: { N: '-1234567890123456789012345678901.234567' },
    tiny: { N: '1E-130' },
    huge: { N: '9.9999999999999999999999999999999999999E+125' },
    binary: { B: bytes },
    emptyBinary: { B: new Uint8Array() },
    strings: { SS: ['b', 'a', '\u{1F600}', '\uE000', 'é', `acct-${DEV.AccountNumber}`] },
    numbers: { NS: ['10', '-3.5', '10000000000000000000000000000000000001'] },
    binaries: { BS: [new Uint8Array([2]), new Uint8Array([1, 255]), bytes] },
    map: {
      M: {
        nestedBinary: { B: bytes },
        nestedBinaries: { BS: [new Uint8Array([9]), new Uint8Array([8])] },
        emptyMap: { M: {} },
        emptyList: { L: [] },
        list: {
          L: [
            { NULL: true },
            { BOOL: false },
            { N: '0.1' },
            { M: { deep: { B: new Uint8Array([42]) } } },
            { SS: ['x'] },
          ],
        },
      },
    },
    nothing: { NULL: true },
    yes: { BOOL: true },
    no: { BOOL: false },
    arn: { S: `arn:aws:lambda:us-east-1:${DEV.AccountNumber}:function:edd-callback-dev` },
    template: { S: 'Hello ${customerName}' },
  };
}

const keyed = (pk: string, sk: string, extra: Record<string, AttributeValue> = {}) => ({
  pk: { S: pk },
  sk: { N: sk },
  ...extra,
});

let bed: TestBed;
let dev: DynamoDBClient;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  dev = await bed.client(DEV);
  qa = await bed.client(QA);
  await createTable(dev, 'edd-config-dev', { partition: ['pk', 'S'], sort: ['sk', 'N'] });
  await createTable(qa, 'edd-config-qa', { partition: ['pk', 'S'], sort: ['sk', 'N'] });
  const items = [
    typeMatrix('1'),
    typeMatrix('-2.5'),
    typeMatrix('10'),
    keyed('A', '0'),
    keyed('é', '1'),
    keyed('\u{1F600}', '1'),
    keyed('\uE000', '1', { note: { S: 'private use' } }),
  ];
  await dev.send(
    new BatchWriteItemCommand({ RequestItems: { 'edd-config-dev': items.map((Item) => ({ PutRequest: { Item } })) } }),
  );
});
afterAll(() => bed.close());

describe('export -> import -> export', () => {
  it('gives identical bytes across accounts, for every type, nested binary and unicode included', async () => {
    const exported = await bed.run(
      ['export', '--table', 'edd-config-${Environment}', '--out', 'dev.jsonl', '--templatize'],
      DEV,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/export +dynamodb-table +edd-config-dev +7 items -> dev\.jsonl/);

    const imported = await bed.run(['import', '--table', 'edd-config-${Environment}', '--in', 'dev.jsonl'], QA);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/^Plan: 7 to create, 0 to update, 0 to delete, 0 unchanged\.$/m);
    expect(imported.stderr).toMatch(/^Applied: 7 created, 0 updated, 0 deleted in \d+\.\d s\.$/m);
    expect(imported.stderr).toMatch(/\$\{customerName\} is not a placeholder this tool knows; imported as written/);

    const again = await bed.run(['export', '--table', 'edd-config-qa', '--out', 'qa.jsonl', '--templatize'], QA);
    expect(again.code, again.stderr).toBe(0);
    const [fromDev, fromQa] = await Promise.all([
      readFile(join(bed.dir, 'dev.jsonl')),
      readFile(join(bed.dir, 'qa.jsonl')),
    ]);
    expect(fromQa.equals(fromDev)).toBe(true);
  });

  it('writes lines in key order: partition keys by UTF-8 bytes, sort keys by number', async () => {
    const lines = (await readFile(join(bed.dir, 'dev.jsonl'), 'utf8')).trimEnd().split('\n');
    const keys = lines.map((line) => {
      const item = JSON.parse(line) as { pk: { S: string }; sk: { N: string } };
      return `${item.pk.S}/${item.sk.N}`;
    });
    expect(keys).toEqual(['A/0', 'types/-2.5', 'types/1', 'types/10', 'é/1', '\uE000/1', '\u{1F600}/1']);
  });

  it('writes canonical typed JSON: key first, sorted names and sets, exact numbers, base64 binary, placeholders', async () => {
    const lines = (await readFile(join(bed.dir, 'dev.jsonl'), 'utf8')).split('\n');
    const line = lines[2]!;
    expect(
      line.startsWith(
        '{"pk":{"S":"types"},"sk":{"N":"1"},"arn":{"S":"arn:aws:lambda:us-east-1:${AccountNumber}:function:edd-callback-dev"},',
      ),
    ).toBe(true);
    const item = JSON.parse(line) as Record<string, Record<string, unknown>>;
    expect(item.digits38).toEqual({ N: '-1234567890123456789012345678901.234567' });
    expect(item.tiny).toEqual({ N: `0.${'0'.repeat(129)}1` });
    expect(item.huge).toEqual({ N: `${'9'.repeat(38)}${'0'.repeat(88)}` });
    expect(item.binary).toEqual({ B: Buffer.from(bytes).toString('base64') });
    expect(item.strings).toEqual({ SS: ['a', 'acct-${AccountNumber}', 'b', 'é', '\uE000', '\u{1F600}'] });
    expect(item.numbers).toEqual({ NS: ['-3.5', '10', '10000000000000000000000000000000000001'] });
    expect(item.binaries).toEqual({ BS: ['AAECf4D9/v8=', 'Af8=', 'Ag=='] });
    expect(JSON.stringify(item.map)).toBe(
      '{"M":{"emptyList":{"L":[]},"emptyMap":{"M":{}},"list":{"L":[{"NULL":true},{"BOOL":false},{"N":"0.1"},{"M":{"deep":{"B":"Kg=="}}},{"SS":["x"]}]},"nestedBinaries":{"BS":["CA==","CQ=="]},"nestedBinary":{"B":"AAECf4D9/v8="}}}',
    );
    expect(Object.keys(item)).toEqual([...Object.keys(item).slice(0, 2), ...Object.keys(item).slice(2).sort()]);
    expect(lines.at(-1)).toBe('');
  });

  it('stores the very bytes and the target account in the imported items', async () => {
    const { Item } = await qa.send(
      new GetItemCommand({ TableName: 'edd-config-qa', Key: { pk: { S: 'types' }, sk: { N: '1' } } }),
    );
    expect(Item?.binary?.B).toEqual(bytes);
    expect(Item?.map?.M?.nestedBinary?.B).toEqual(bytes);
    expect(Item?.map?.M?.list?.L?.[3]?.M?.deep?.B).toEqual(new Uint8Array([42]));
    expect(Item?.arn?.S).toBe(`arn:aws:lambda:us-east-1:${QA.AccountNumber}:function:edd-callback-dev`);
    expect(Item?.strings?.SS).toContain(`acct-${QA.AccountNumber}`);
    expect(Item?.text?.S).toBe('Grüße 日本 \u{1F600} "quoted" \\ back\nnew line\ttab\u0001');
  });

  it('exports unchanged data to the same bytes again', async () => {
    const second = await bed.run(
      ['export', '--table', 'edd-config-dev', '--out', 'dev-again.jsonl', '--templatize', '--segments', '3'],
      DEV,
    );
    expect(second.code, second.stderr).toBe(0);
    const [first, again] = await Promise.all([
      readFile(join(bed.dir, 'dev.jsonl')),
      readFile(join(bed.dir, 'dev-again.jsonl')),
    ]);
    expect(again.equals(first)).toBe(true);
  });
});
