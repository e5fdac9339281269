import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ServiceModelJson } from '../src/models/model.js';

const packageDir = join(import.meta.dirname, '..');
const script = join(packageDir, 'scripts/trim-models.mjs');
// The full models live outside the repository, next to it; CI machines may not have them.
const sourceModels = join(packageDir, '../../../shared/aws-models');
const hasSourceModels = existsSync(join(sourceModels, 'sts/service-2.json.gz'));
if (!hasSourceModels) console.warn(`trimmed models: no source models at ${sourceModels}; skipping the freshness check`);
// CloudFormation's model comes from botocore's data folder, when Python's botocore is installed.
const botocoreData = await promisify(execFile)('python3', [
  '-c',
  'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))',
]).then(
  ({ stdout }) => stdout.trim(),
  () => undefined,
);
if (!botocoreData)
  console.warn('trimmed models: python3 with botocore is not installed; cloudformation.json is not checked');

type TrimModel = (model: unknown, operations: string[] | 'all') => ServiceModelJson;
const { trimModel, modelText } = (await import(pathToFileURL(script).href)) as {
  trimModel: TrimModel;
  modelText: (model: ServiceModelJson) => string;
};

const fullModel = {
  version: '2.0',
  metadata: { apiVersion: '2020-01-01', serviceId: 'Test', documentation: 'drop me' },
  operations: {
    Kept: {
      name: 'Kept',
      http: { method: 'POST', requestUri: '/' },
      input: { shape: 'KeptInput' },
      errors: [{ shape: 'Oops' }],
      documentation: '<p>drop me</p>',
    },
    Dropped: { name: 'Dropped', http: { method: 'POST', requestUri: '/' }, input: { shape: 'DroppedInput' } },
  },
  shapes: {
    KeptInput: {
      type: 'structure',
      members: { Items: { shape: 'ItemList', documentation: 'drop me' } },
    },
    ItemList: { type: 'list', member: { shape: 'Item' } },
    Item: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Name' } },
    Name: { type: 'string', max: 5, documentation: 'drop me' },
    Oops: { type: 'structure', members: {}, exception: true },
    DroppedInput: { type: 'structure', members: { Other: { shape: 'Other' } } },
    Other: { type: 'string' },
  },
};

describe('trimmed models', () => {
  it('keeps the listed operations and every shape they reach, without documentation', () => {
    const trimmed = trimModel(fullModel, ['Kept']);

    expect(Object.keys(trimmed.operations)).toEqual(['Kept']);
    expect(Object.keys(trimmed.shapes)).toEqual(['KeptInput', 'ItemList', 'Item', 'Name', 'Oops']);
    expect(JSON.stringify(trimmed)).not.toContain('drop me');
    expect(trimmed.shapes.Name).toEqual({ type: 'string', max: 5 });
  });

  it('keeps every operation when asked for all, and writes one operation or shape a line', () => {
    const trimmed = trimModel(fullModel, 'all');
    const text = modelText(trimmed);

    expect(Object.keys(trimmed.operations)).toEqual(['Kept', 'Dropped']);
    expect(Object.keys(trimmed.shapes)).toEqual([
      'KeptInput',
      'ItemList',
      'Item',
      'Name',
      'Oops',
      'DroppedInput',
      'Other',
    ]);
    expect(JSON.parse(text)).toEqual(trimmed);
    expect(text.split('\n').filter((line) => line.startsWith('    "'))).toHaveLength(9);
  });

  it('refuses an operation the model does not have', () => {
    expect(() => trimModel(fullModel, ['Kept', 'Missing'])).toThrow('Test has no operation Missing');
  });

  it('ships models without documentation strings', () => {
    for (const service of ['sts', 'dynamodb', 'cloudformation', 'connect', 'lex']) {
      const text = readFileSync(join(packageDir, 'models', `${service}.json`), 'utf8');

      expect(text).not.toMatch(/"documentation"/);
    }
  });

  it.skipIf(!hasSourceModels)('are what the generator makes from the official models today', async () => {
    const botocore = botocoreData ? ['--botocore', botocoreData] : [];
    const { stderr } = await promisify(execFile)(process.execPath, [
      script,
      '--check',
      '--source',
      sourceModels,
      ...botocore,
    ]);

    expect(stderr).toBe('');
  });
});
