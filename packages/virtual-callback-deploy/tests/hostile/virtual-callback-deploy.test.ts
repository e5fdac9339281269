import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { createBucket, expectRefusedCleanly, runStep } from '@edd/test-support';
import { afterAll, beforeAll, describe, it } from 'vitest';

// callback.json and the flows beside it come from the application repository: anyone with commit rights writes them,
// and the pipeline's role writes to Prod. Each case must be refused before the first write, naming the file, with no
// secret in the output or in the prompt bucket.

const EXE = join(import.meta.dirname, '../../dist/virtual-callback-deploy.js');
const EXAMPLE = join(import.meta.dirname, '../../examples/scheduled-callback');
const QA = { Environment: 'qa', AccountNumber: '640079793484' };
const PROMPT_BUCKET = `edd-connect-prompts-${QA.AccountNumber}`;

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-callback-hostile-'));
let count = 0;

beforeAll(async () => {
  localAws = await startLocalAws();
  // The bucket a leaked prompt would land in: the refusal checks it holds no secret.
  await createBucket(localAws, QA.AccountNumber, PROMPT_BUCKET);
});
afterAll(() => localAws?.close());

/** A copy of the example, as the pipeline has it once the stack's outputs are written. */
function example(): string {
  const dir = join(work, `callback-${++count}`);
  cpSync(EXAMPLE, dir, { recursive: true });
  writeFileSync(
    join(dir, 'stack-outputs.json'),
    JSON.stringify([{ OutputKey: 'SchedulerFunctionArn', OutputValue: 'edd-callback-scheduler-qa' }]),
  );
  return dir;
}

function editSpec(dir: string, edit: (spec: Record<string, unknown>) => void): void {
  const file = join(dir, 'callback.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(spec);
  writeFileSync(file, JSON.stringify(spec, null, 2));
}

interface HostileCase {
  name: string;
  arrange: () => { config: string; code: number; mentions: (string | RegExp)[] };
}

const cases: HostileCase[] = [
  {
    name: 'a --config that does not exist (exit 2)',
    arrange: () => ({
      config: join(work, 'none.json'),
      code: 2,
      mentions: ['--config', 'none.json', 'does not exist'],
    }),
  },
  {
    name: 'a --config that is a FIFO, at once instead of blocking (exit 2)',
    arrange: () => {
      const fifo = join(work, `spec-${++count}.json`);
      execFileSync('mkfifo', [fifo]);
      return { config: fifo, code: 2, mentions: ['--config', 'is a named pipe'] };
    },
  },
  {
    name: 'a --config under /proc (exit 2)',
    arrange: () => ({
      config: '/proc/self/environ',
      code: 2,
      mentions: ['--config', '/proc/self/environ', 'kernel file system'],
    }),
  },
  {
    name: 'a callback.json linked to /proc/self/environ (exit 2)',
    arrange: () => {
      const dir = example();
      rmSync(join(dir, 'callback.json'));
      symlinkSync('/proc/self/environ', join(dir, 'callback.json'));
      return { config: join(dir, 'callback.json'), code: 2, mentions: ['callback.json', 'kernel file system'] };
    },
  },
  {
    name: 'a callback.json that gives a key twice',
    arrange: () => {
      const dir = example();
      const file = join(dir, 'callback.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('{', '{\n  "instanceAlias": "edd-prod",'));
      return { config: file, code: 3, mentions: ['callback.json:', 'key "instanceAlias" appears twice'] };
    },
  },
  {
    name: 'a callback.json that is not JSON',
    arrange: () => {
      const dir = example();
      writeFileSync(join(dir, 'callback.json'), '{\n  "queues": [\n');
      return { config: join(dir, 'callback.json'), code: 3, mentions: ['callback.json:', 'invalid JSON'] };
    },
  },
  {
    name: 'a field of the wrong type',
    arrange: () => {
      const dir = example();
      editSpec(dir, (spec) => (spec.queues = 'EDD Callback'));
      return { config: join(dir, 'callback.json'), code: 3, mentions: ['callback.json', 'queues'] };
    },
  },
  {
    name: 'stack outputs read from /proc/self/environ',
    arrange: () => {
      const dir = example();
      editSpec(dir, (spec) => {
        spec.lambdas = {
          'callback-scheduler': { stackOutputs: '/proc/self/environ', output: 'AWS_SECRET_ACCESS_KEY' },
        };
      });
      return {
        config: join(dir, 'callback.json'),
        code: 3,
        mentions: ['lambdas.callback-scheduler.stackOutputs', 'absolute'],
      };
    },
  },
  {
    name: 'stack outputs outside the spec folder',
    arrange: () => {
      const dir = example();
      editSpec(dir, (spec) => {
        spec.lambdas = { 'callback-scheduler': { stackOutputs: '../../outputs.json', output: 'Fn' } };
      });
      return {
        config: join(dir, 'callback.json'),
        code: 3,
        mentions: ['lambdas.callback-scheduler.stackOutputs', 'leads out of its folder'],
      };
    },
  },
  {
    name: 'a prompt linked to /proc/self/environ (it would be uploaded to the prompt bucket)',
    arrange: () => {
      const dir = example();
      mkdirSync(join(dir, 'prompts'));
      writeFileSync(join(dir, 'prompts', 'Welcome.json'), JSON.stringify({ Name: 'Welcome', File: 'Welcome.wav' }));
      symlinkSync('/proc/self/environ', join(dir, 'prompts', 'Welcome.wav'));
      return { config: join(dir, 'callback.json'), code: 3, mentions: ['prompts/Welcome.wav', 'system file'] };
    },
  },
  {
    name: 'a flows folder linked to a folder outside the repository',
    arrange: () => {
      const dir = example();
      const outside = join(work, `outside-${count}`);
      cpSync(join(dir, 'flows'), outside, { recursive: true });
      rmSync(join(dir, 'flows'), { recursive: true });
      symlinkSync(outside, join(dir, 'flows'));
      return { config: join(dir, 'callback.json'), code: 3, mentions: ['flows', 'leaves'] };
    },
  },
  {
    name: 'a FIFO among the flows, at once instead of blocking',
    arrange: () => {
      const dir = example();
      execFileSync('mkfifo', [join(dir, 'flows', 'Extra.json')]);
      return { config: join(dir, 'callback.json'), code: 3, mentions: ['flows/Extra.json', 'FIFO'] };
    },
  },
  {
    name: 'a flow that gives a key twice',
    arrange: () => {
      const dir = example();
      const file = join(dir, 'flows', 'EDD+Callback+Inbound.json');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('"Identifier": "in-1",', '"Identifier": "in-1", "Identifier": "in-9",'),
      );
      return {
        config: join(dir, 'callback.json'),
        code: 3,
        mentions: ['flows/EDD+Callback+Inbound.json:', 'key "Identifier" appears twice'],
      };
    },
  },
  {
    name: "a configuration item over DynamoDB's 400 KB, in DynamoDB's words",
    arrange: () => {
      const dir = example();
      editSpec(dir, (spec) => {
        const table = spec.configTable as { items: Record<string, unknown>[] };
        table.items[0] = { ...table.items[0], notes: 'x'.repeat(410_000) };
      });
      return {
        config: join(dir, 'callback.json'),
        code: 3,
        mentions: ['configTable.items[0]', 'Item size has exceeded the maximum allowed size'],
      };
    },
  },
];

describe('virtual-callback-deploy refuses hostile input before its first write', () => {
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const { config, code, mentions } = c.arrange();
      const outcome = await runStep(localAws, {
        exe: EXE,
        args: ['deploy', '--config', config, '--instance-alias', 'edd-${Environment}'],
        account: QA.AccountNumber,
        env: QA,
      });
      await expectRefusedCleanly({ outcome, localAws, code, mentions, buckets: [PROMPT_BUCKET] });
    });
  }

  it('refuses an instance the target account does not have, after reads only (exit 2)', async () => {
    const dir = example();
    const outcome = await runStep(localAws, {
      exe: EXE,
      args: ['deploy', '--config', join(dir, 'callback.json'), '--instance-alias', 'edd-nowhere'],
      account: QA.AccountNumber,
      env: QA,
    });
    await expectRefusedCleanly({
      outcome,
      localAws,
      code: 2,
      mentions: ['edd-nowhere'],
      buckets: [PROMPT_BUCKET],
    });
  });
});
