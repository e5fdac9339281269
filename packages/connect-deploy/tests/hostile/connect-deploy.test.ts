import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, toneWav, type LocalAws } from '@edd/local-aws';
import { expectRefusedCleanly, runStep, type StepRun } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXE, QA, prepareEnvironment } from '../integration/support.js';

// Every file connect-deploy reads comes from a repository anyone with commit rights can change, and the pipeline's
// role can write to Prod. Each case is an input such a person could commit: the step must stop before its first
// write, say which file (and field), and let no secret out, in its output or in the prompt bucket.

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-connect-hostile-'));
let count = 0;
const FAST = ['--rate', '200', '--burst', '200'];

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const flow = (actions: unknown[]) => ({
  Name: 'EDD Main',
  Type: 'CONTACT_FLOW',
  Content: { Version: '2019-10-30', StartAction: 'a1', Actions: actions },
});
const ACTIONS = [
  {
    Identifier: 'a1',
    Type: 'UpdateContactTargetQueue',
    Parameters: { QueueId: { $ref: 'queue', name: 'EDD Billing' } },
    Transitions: { NextAction: 'a2', Errors: [{ NextAction: 'a2', ErrorType: 'NoMatchingError' }] },
  },
  { Identifier: 'a2', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
];

/** A valid export of a small contact center, in a fresh folder. */
function exportFolder(): string {
  const dir = join(work, `export-${++count}`);
  const files: Record<string, string | Buffer> = {
    'connect-deploy.json': json({
      instanceAlias: 'edd-${Environment}',
      promptBucket: 'edd-connect-prompts-${AccountNumber}',
    }),
    'hours-of-operation/EDD+Hours.json': json({ Name: 'EDD Hours', TimeZone: 'UTC', Config: [] }),
    'queues/EDD+Billing.json': json({
      Name: 'EDD Billing',
      HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Hours', form: 'id' },
    }),
    'prompts/EDD+Welcome.json': json({ Name: 'EDD Welcome', File: 'EDD+Welcome.wav' }),
    'prompts/EDD+Welcome.wav': toneWav(3),
    'flows/EDD+Main.json': json(flow(ACTIONS)),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function edit(dir: string, file: string, change: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  change(value);
  writeFileSync(join(dir, file), json(value));
}

function connectDeploy(args: string[]): Promise<StepRun> {
  return runStep(localAws, { exe: EXE, args: [...args, ...FAST], account: QA.AccountNumber, env: QA });
}

interface HostileCase {
  name: string;
  /** Changes a valid export; returns what the refusal must name, and its code when it is not 3. */
  arrange: (dir: string) => { mentions: (string | RegExp)[]; code?: number; args?: string[]; secrets?: string[] };
}

const CANARY = 'CANARY-not-to-be-read-7f3a';

const cases: HostileCase[] = [
  {
    name: 'a prompt linked to /proc/self/environ (it would carry the role credentials to S3)',
    arrange: (dir) => {
      rmSync(join(dir, 'prompts/EDD+Welcome.wav'));
      symlinkSync('/proc/self/environ', join(dir, 'prompts/EDD+Welcome.wav'));
      return { mentions: ['prompts/EDD+Welcome.wav', 'system file'] };
    },
  },
  {
    name: 'a queues folder linked to a folder outside the export (once silently ignored)',
    arrange: (dir) => {
      const outside = join(work, `outside-${count}`);
      mkdirSync(outside);
      writeFileSync(join(outside, 'Other.json'), json({ Name: CANARY }));
      rmSync(join(dir, 'queues'), { recursive: true });
      symlinkSync(outside, join(dir, 'queues'));
      return { mentions: ['queues', 'leaves'], secrets: [CANARY] };
    },
  },
  {
    name: 'a flow file linked to a file outside the export',
    arrange: (dir) => {
      const outside = join(work, `outside-${count}.json`);
      writeFileSync(outside, json({ ...flow(ACTIONS), Description: CANARY }));
      rmSync(join(dir, 'flows/EDD+Main.json'));
      symlinkSync(outside, join(dir, 'flows/EDD+Main.json'));
      return { mentions: ['flows/EDD+Main.json', 'leaves'], secrets: [CANARY] };
    },
  },
  {
    name: 'a FIFO among the flows (read at once, never waited on)',
    arrange: (dir) => {
      execFileSync('mkfifo', [join(dir, 'flows/Pipe.json')]);
      return { mentions: ['flows/Pipe.json', 'FIFO'] };
    },
  },
  {
    name: 'connect-deploy.json linked to /proc/self/environ',
    arrange: (dir) => {
      rmSync(join(dir, 'connect-deploy.json'));
      symlinkSync('/proc/self/environ', join(dir, 'connect-deploy.json'));
      return { mentions: ['connect-deploy.json'] };
    },
  },
  {
    name: 'connect-deploy.json that is not JSON (its text is never quoted back)',
    arrange: (dir) => {
      writeFileSync(join(dir, 'connect-deploy.json'), `{"instanceAlias": ${CANARY}}`);
      return { mentions: ['connect-deploy.json:1', 'invalid JSON'], code: 2, secrets: [CANARY] };
    },
  },
  {
    name: 'a flow with a key given twice',
    arrange: (dir) => {
      const text = readFileSync(join(dir, 'flows/EDD+Main.json'), 'utf8');
      writeFileSync(
        join(dir, 'flows/EDD+Main.json'),
        text.replace('"Name": "EDD Main",', '"Name": "EDD Main",\n  "Name": "Other",'),
      );
      return { mentions: ['flows/EDD+Main.json:3', 'key "Name" appears twice'] };
    },
  },
  {
    name: 'prompt audio that is text with a .wav name (an object would be left in S3)',
    arrange: (dir) => {
      writeFileSync(join(dir, 'prompts/EDD+Welcome.wav'), `not audio ${CANARY}`);
      return { mentions: ['prompts/EDD+Welcome.wav', 'not a .wav file'], secrets: [CANARY] };
    },
  },
  {
    name: 'prompt audio five minutes long or more',
    arrange: (dir) => {
      const long = toneWav(1, 8000 * 301);
      writeFileSync(join(dir, 'prompts/EDD+Welcome.wav'), long);
      return { mentions: ['prompts/EDD+Welcome.wav', 'less than 5 minutes'] };
    },
  },
  {
    name: "flow content over Connect's 256,000 characters",
    arrange: (dir) => {
      edit(dir, 'flows/EDD+Main.json', (f) => {
        const content = f.Content as { Actions: { Parameters: Record<string, unknown> }[] };
        content.Actions[1]!.Parameters = {};
        (content as Record<string, unknown>).Metadata = { note: 'x'.repeat(260_000) };
      });
      return { mentions: ['flows/EDD+Main.json', "Connect's limit is 256000"] };
    },
  },
  {
    name: 'the legacy console export format',
    arrange: (dir) => {
      writeFileSync(join(dir, 'flows/EDD+Main.json'), json({ modules: [], version: '1' }));
      return { mentions: ['flows/EDD+Main.json', 'legacy console export format'] };
    },
  },
  {
    name: "a literal ARN of another account's Lambda function",
    arrange: (dir) => {
      edit(dir, 'flows/EDD+Main.json', (f) => {
        (f.Content as { Actions: unknown[] }).Actions.unshift({
          Identifier: 'a0',
          Type: 'InvokeLambdaFunction',
          Parameters: { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:658456346551:function:edd-lookup-dev' },
          Transitions: { NextAction: 'a1' },
        });
        (f.Content as { StartAction: string }).StartAction = 'a0';
      });
      return {
        mentions: ['flows/EDD+Main.json', 'action a0 Parameters.LambdaFunctionARN', 'names account 658456346551'],
      };
    },
  },
  {
    name: 'an unmapped reference to a security key of the source',
    arrange: (dir) => {
      edit(dir, 'flows/EDD+Main.json', (f) => {
        (f.Content as { Actions: { Parameters: Record<string, unknown> }[] }).Actions[1]!.Parameters = {};
        (f.Content as { Actions: Record<string, unknown>[] }).Actions[0]!.Parameters = {
          QueueId: { $ref: 'queue', name: 'EDD Billing' },
          Key: { $ref: 'unmapped', kind: 'security key', value: '1d0c2b3a-4958-4677-8866-a5b4c3d2e1f0' },
        };
      });
      return { mentions: ['flows/EDD+Main.json', 'security key', 'environmentValues'] };
    },
  },
  {
    name: 'a reference of an unknown type',
    arrange: (dir) => {
      edit(dir, 'queues/EDD+Billing.json', (q) => {
        q.HoursOfOperationId = { $ref: 'hours', name: 'EDD Hours' };
      });
      return { mentions: ['queues/EDD+Billing.json', 'HoursOfOperationId'] };
    },
  },
  {
    name: 'a field of the wrong type',
    arrange: (dir) => {
      edit(dir, 'queues/EDD+Billing.json', (q) => {
        q.MaxContacts = '50';
      });
      return { mentions: ['queues/EDD+Billing.json', 'MaxContacts'] };
    },
  },
  {
    name: 'a field the Connect API does not take (volatile describe output)',
    arrange: (dir) => {
      edit(dir, 'queues/EDD+Billing.json', (q) => {
        q.QueueArn = 'arn:aws:connect:us-east-1:640079793484:instance/x/queue/y';
      });
      return { mentions: ['queues/EDD+Billing.json', 'QueueArn'] };
    },
  },
  {
    name: 'an --include that is not a regular expression',
    arrange: () => ({ mentions: ['--include', '(unclosed'], code: 2, args: ['--include', '(unclosed'] }),
  },
  {
    name: 'a malformed --region',
    arrange: () => ({ mentions: ['--region'], code: 2, args: ['--region', 'us-east-1; rm -rf /'] }),
  },
];

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false });
  await prepareEnvironment(localAws, QA, ['+18005550200', '+18005550201']);
}, 60_000);
afterAll(() => localAws?.close());

describe('connect-deploy deploy refuses hostile input before its first write', () => {
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const dir = exportFolder();
      const { mentions, code = 3, args = [], secrets } = c.arrange(dir);
      const outcome = await connectDeploy(['deploy', '--source', dir, ...args]);
      await expectRefusedCleanly({ outcome, localAws, code, mentions, ...(secrets ? { secrets } : {}) });
    });
  }

  it('refuses the same inputs in validate, offline, with the same problem', async () => {
    const dir = exportFolder();
    writeFileSync(join(dir, 'prompts/EDD+Welcome.wav'), 'not audio');
    const outcome = await runStep(localAws, { exe: EXE, args: ['validate', '--source', dir], env: QA });
    await expectRefusedCleanly({
      outcome,
      localAws,
      code: 3,
      mentions: ['prompts/EDD+Welcome.wav', 'not a .wav file'],
    });
  });

  it('refuses a --source that does not exist, or is a file (exit 2)', async () => {
    const file = join(exportFolder(), 'connect-deploy.json');
    for (const source of [join(work, 'missing'), file]) {
      const outcome = await connectDeploy(['deploy', '--source', source]);
      await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['--source'] });
    }
  });

  it('refuses credentials of another account than the pipeline names (exit 2)', async () => {
    const outcome = await runStep(localAws, {
      exe: EXE,
      args: ['deploy', '--source', exportFolder(), ...FAST],
      account: '658456346551',
      env: QA,
    });
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['640079793484', '658456346551'] });
  });
});

describe('connect-deploy instance refuses a hostile instance.json before any AWS call', () => {
  const instanceFile = (content: string) => {
    const dir = join(work, `instance-${++count}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'instance.json'), content);
    return join(dir, 'instance.json');
  };
  const noCallSince = (since: number) => expect(localAws.calls({ since, service: 'connect' })).toEqual([]);
  const instance = (config: string) =>
    runStep(localAws, { exe: EXE, args: ['instance', '--config', config], account: QA.AccountNumber, env: QA });

  it('refuses one linked out of its folder, never reading it', async () => {
    const secret = join(work, `secret-${++count}.json`);
    writeFileSync(secret, json({ InstanceAlias: 'edd-s3cr3t-linked' }));
    const file = join(work, `instance-${++count}`, 'instance.json');
    mkdirSync(join(file, '..'));
    symlinkSync(secret, file);
    const since = localAws.calls().at(-1)?.seq ?? 0;
    const outcome = await instance(file);
    await expectRefusedCleanly({
      outcome,
      localAws,
      code: 3,
      mentions: ['instance.json', 'link that leaves'],
      secrets: ['edd-s3cr3t-linked'],
    });
    noCallSince(since);
  });

  it('refuses a key given twice, and a syntax error, without quoting the content', async () => {
    for (const [content, mention] of [
      ['{"InstanceAlias": "edd-${Environment}", "InstanceAlias": "edd-elsewhere"}', 'InstanceAlias'],
      ['{"InstanceAlias": "edd-s3cr3t-syntax" "Attributes": {}}', 'invalid JSON'],
    ] as const) {
      const since = localAws.calls().at(-1)?.seq ?? 0;
      const outcome = await instance(instanceFile(content));
      await expectRefusedCleanly({
        outcome,
        localAws,
        code: 3,
        mentions: ['instance.json', mention],
        secrets: ['edd-s3cr3t-syntax', 'edd-elsewhere'],
      });
      noCallSince(since);
    }
  });

  it('refuses a folder, a FIFO or a system file as --config (exit 2)', async () => {
    const fifo = join(work, `fifo-${++count}`);
    execFileSync('mkfifo', [fifo]);
    for (const config of [work, fifo, '/proc/self/environ']) {
      const outcome = await instance(config);
      await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['--config'] });
    }
  });
});

describe('connect-deploy export writes only inside --out', () => {
  it('refuses a folder of the export linked outside it, and writes nothing there', async () => {
    const out = join(work, `out-${++count}`);
    const outside = join(work, `outside-${count}`);
    mkdirSync(out, { recursive: true });
    mkdirSync(outside);
    cpSync(join(exportFolder(), 'connect-deploy.json'), join(out, 'connect-deploy.json'));
    symlinkSync(outside, join(out, 'flows'));
    const outcome = await connectDeploy(['export', '--out', out]);
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr).toMatch(/flows.*link that leaves/);
    expect(execFileSync('ls', ['-A', outside]).toString()).toBe('');
  });
});
