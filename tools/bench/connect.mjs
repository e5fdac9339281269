// pnpm bench connect: copies a large Connect instance between two accounts on local-aws with Connect's quotas
// (2 requests/s, burst 5, per API; time-scaled) and 20 ms of latency, and measures in the same run:
//   (a) a full copy into an empty instance: wall time / throttle floor (target <= 1.3)
//   (b) a no-change redeploy: zero writes, wall time / its own read floor (target <= 1.3)
//   (c) the same full copy by a naive sequential deployer (one call at a time): our speed-up factor
// The throttle floor of a run is, over every API it called, the largest (calls / rate): no deployer can finish the
// run's calls faster within the quotas. Env: BENCH_TIME_SCALE (default 10), BENCH_SCALE (1 = the size).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { concretize, readSource } from '@edd/connect-deploy';
import { clientConfig, startLocalAws, stepEnvironment, toneWav } from '@edd/local-aws';
import { arn, buildContactCenter, id } from '@edd/test-support';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const EXE = join(root, 'packages/connect-deploy/dist/connect-deploy.js');
const T = Number(process.env.BENCH_TIME_SCALE ?? 10);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const size = (n) => Math.max(2, Math.round(n * SCALE));
const SIZES = {
  flows: size(200),
  modules: size(40),
  queues: size(60),
  hours: size(20),
  prompts: size(50),
  routingProfiles: size(20),
  quickConnects: size(60),
  regions: size(10),
  securityProfiles: size(10),
  predefinedAttributes: size(10),
  holidays: size(40),
  numbers: size(10),
  views: size(20),
  vocabularies: size(5),
  taskTemplates: size(20),
  evaluationForms: size(10),
  rules: size(20),
};
const RATE = 2 * T; // requests per second per API, in wall-clock terms
const REGION = 'us-east-1';
const ACCOUNTS = {
  source: { Environment: 'dev', AccountNumber: '658456346551' },
  ours: { Environment: 'qa', AccountNumber: '640079793484' },
  naive: { Environment: 'sandbox1', AccountNumber: '559450564007' },
};

/** The numbers each account claimed, by account: the same logical names everywhere (`phoneNumbers` below). */
const NUMBERS = Object.fromEntries(
  Object.values(ACCOUNTS).map((a, k) => [
    a.AccountNumber,
    Array.from({ length: SIZES.numbers }, (_, i) => `+1800556${String((k + 1) * 1000 + i).slice(-4)}`),
  ]),
);
const phoneNumbers = Object.fromEntries(
  Array.from({ length: SIZES.numbers }, (_, i) => [
    `bench-line-${i}`,
    Object.fromEntries(Object.values(ACCOUNTS).map((a) => [a.Environment, NUMBERS[a.AccountNumber][i]])),
  ]),
);

const localAws = await startLocalAws({ quotas: false, timeScale: T });
const work = mkdtempSync(join(tmpdir(), 'edd-bench-connect-'));

async function clients(account) {
  const config = await clientConfig(localAws.url, account, { region: REGION });
  return { connect: new connect.ConnectClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

/** Numbers cannot be claimed locally: local-aws seeds them. */
async function claimNumbers(account, instanceId) {
  for (const phoneNumber of NUMBERS[account])
    await fetch(`${localAws.url}/_local/connect/phone-numbers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account, region: REGION, instanceId, phoneNumber, type: 'DID' }),
    });
}

async function createInstance(c, alias) {
  const out = await c.connect.send(
    new connect.CreateInstanceCommand({
      InstanceAlias: alias,
      IdentityManagementType: 'CONNECT_MANAGED',
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  for (;;) {
    const d = await c.connect.send(new connect.DescribeInstanceCommand({ InstanceId: out.Id }));
    if (d.Instance.InstanceStatus === 'ACTIVE') return out.Id;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const wav = (seed) => toneWav(seed, 1000);

const content = (actions, metadata = {}) =>
  JSON.stringify({
    Version: '2019-10-30',
    StartAction: actions[0].Identifier,
    Metadata: { entryPointPosition: { x: 0, y: 0 }, ActionMetadata: metadata },
    Actions: actions,
  });
const end = (id) => ({ Identifier: id, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
const pad = (n) => String(n).padStart(3, '0');

/** The source contact center at the benchmark's size, as data for the shared builder. */
function sourceSpec() {
  const hours = Array.from({ length: SIZES.hours }, (_, i) => `Bench Hours ${pad(i)}`);
  const prompts = Array.from({ length: SIZES.prompts }, (_, i) => `Bench Prompt ${pad(i)}`);
  const queues = Array.from({ length: SIZES.queues }, (_, i) => `Bench Queue ${pad(i)}`);
  const modules = Array.from({ length: SIZES.modules }, (_, i) => `Bench Module ${pad(i)}`);
  const flows = Array.from({ length: SIZES.flows }, (_, i) => `Bench Flow ${pad(i)}`);
  const regions = Array.from({ length: SIZES.regions }, (_, i) => `Bench Region ${pad(i)}`);
  return {
    // A two-level hierarchy: each region with two sites (a path per group), profiles restricted to a region.
    hierarchyLevels: ['Region', 'Site'],
    hierarchyGroups: regions.flatMap((region, i) => [
      { path: region },
      { path: `${region}/Bench Site ${pad(i)}A` },
      { path: `${region}/Bench Site ${pad(i)}B` },
    ]),
    predefinedAttributes: Array.from({ length: SIZES.predefinedAttributes }, (_, i) => ({
      Name: `Bench Skill ${pad(i)}`,
      values: ['Level A', 'Level B', 'Level C', 'Level D', 'Level E'],
    })),
    securityProfiles: Array.from({ length: SIZES.securityProfiles }, (_, i) => ({
      SecurityProfileName: `Bench Access ${pad(i)}`,
      Permissions: ['BasicAgentAccess', 'OutboundCallAccess', 'AccessMetrics', 'ContactSearch.View'].slice(
        0,
        1 + (i % 4),
      ),
      ...(i % 2 === 0
        ? { allowedHierarchyGroup: regions[i % regions.length], HierarchyRestrictedResources: ['User'] }
        : {}),
    })),
    // Holidays of the hours, each closed on a day of December.
    hoursOverrides: Array.from({ length: SIZES.holidays }, (_, i) => {
      const day = `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`;
      return {
        hours: hours[i % hours.length],
        Name: `Bench Holiday ${pad(i)}`,
        OverrideType: 'CLOSED',
        EffectiveFrom: day,
        EffectiveTill: day,
        Config: [],
      };
    }),
    phoneFlows: NUMBERS[ACCOUNTS.source.AccountNumber].map((number, i) => ({ number, flow: flows[i % flows.length] })),
    authenticationProfile: { SessionInactivityDuration: 30, SessionInactivityHandlingEnabled: true },
    hours: hours.map((Name, i) => ({
      Name,
      TimeZone: 'UTC',
      Config: [{ Day: 'MONDAY', StartTime: { Hours: 8, Minutes: i % 60 }, EndTime: { Hours: 17, Minutes: 0 } }],
    })),
    prompts: prompts.map((Name, i) => ({ Name, audio: wav(i) })),
    modules: modules.map((Name, i) => ({
      Name,
      actions: [
        {
          Identifier: 'm1',
          Type: 'MessageParticipant',
          Parameters: { PromptId: arn('prompt', prompts[i % prompts.length]) },
          Transitions: { NextAction: 'm2' },
        },
        { Identifier: 'm2', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
      ],
    })),
    flows: [
      {
        Name: 'Bench Outbound Whisper',
        Type: 'OUTBOUND_WHISPER',
        actions: [{ Identifier: 'w', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} }],
      },
      { Name: 'Bench Queue Transfer', Type: 'QUEUE_TRANSFER', actions: [end('q')] },
      // Flows in pairs that transfer to each other (a cycle per pair), each referencing a queue, a prompt and a module.
      ...flows.map((Name, i) => {
        const queue = queues[i % queues.length];
        const prompt = prompts[i % prompts.length];
        const partner = flows[i % 2 === 0 ? Math.min(i + 1, flows.length - 1) : i - 1];
        return {
          Name,
          Type: 'CONTACT_FLOW',
          actions: [
            {
              Identifier: 'a1',
              Type: 'MessageParticipant',
              Parameters: { PromptId: arn('prompt', prompt) },
              Transitions: { NextAction: 'a2' },
            },
            {
              Identifier: 'a2',
              Type: 'InvokeFlowModule',
              Parameters: { FlowModuleId: id('module', modules[i % modules.length]) },
              Transitions: { NextAction: 'a3', Errors: [{ NextAction: 'a5', ErrorType: 'NoMatchingError' }] },
            },
            {
              Identifier: 'a3',
              Type: 'UpdateContactTargetQueue',
              Parameters: { QueueId: id('queue', queue) },
              Transitions: { NextAction: 'a4', Errors: [{ NextAction: 'a5', ErrorType: 'NoMatchingError' }] },
            },
            {
              Identifier: 'a4',
              Type: 'TransferToFlow',
              Parameters: { ContactFlowId: arn('flow', partner) },
              Transitions: { Errors: [{ NextAction: 'a5', ErrorType: 'NoMatchingError' }] },
            },
            end('a5'),
          ],
          metadata: {
            a1: { audio: [{ type: 'Prompt', prompt: { id: arn('prompt', prompt) } }] },
            a3: { queue: { id: arn('queue', queue) } },
          },
        };
      }),
    ],
    queues: queues.map((Name, i) => ({
      Name,
      hours: hours[i % hours.length],
      MaxContacts: 10 + i,
      ...(i % 6 === 0
        ? {
            OutboundCallerConfig: {
              OutboundCallerIdName: `Bench ${i}`,
              OutboundFlowId: id('flow', 'Bench Outbound Whisper'),
            },
          }
        : {}),
    })),
    quickConnects: Array.from({ length: SIZES.quickConnects }, (_, i) => ({
      Name: `Bench QC ${pad(i)}`,
      QuickConnectConfig:
        i % 3 === 0
          ? { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: `+1800555${String(1000 + i).slice(-4)}` } }
          : {
              QuickConnectType: 'QUEUE',
              QueueConfig: {
                QueueId: id('queue', queues[i % queues.length]),
                ContactFlowId: id('flow', 'Bench Queue Transfer'),
              },
            },
    })),
    views: Array.from({ length: SIZES.views }, (_, i) => ({
      Name: `Bench View ${pad(i)}`,
      Template: { Head: { Title: `View ${i}` }, Body: [{ _id: 'notes', Type: 'FormInput' }] },
      Actions: ['Submit', 'Cancel'],
      versions: 1,
    })),
    vocabularies: Array.from({ length: SIZES.vocabularies }, (_, i) => ({
      Name: `Bench_Terms_${pad(i)}`,
      LanguageCode: 'en-US',
      Content: `Phrase\tDisplayAs\nbench${i}\tBench${i}\n`,
      isDefault: i === 0,
    })),
    taskTemplates: Array.from({ length: SIZES.taskTemplates }, (_, i) => ({
      Name: `Bench Task ${pad(i)}`,
      ContactFlowId: id('flow', flows[i % flows.length]),
      Status: 'ACTIVE',
      Fields: [
        { Id: { Name: 'Name' }, Type: 'NAME' },
        { Id: { Name: 'Notes' }, Type: 'TEXT_AREA' },
      ],
      Constraints: { RequiredFields: [{ Id: { Name: 'Name' } }] },
    })),
    evaluationForms: Array.from({ length: SIZES.evaluationForms }, (_, i) => ({
      Title: `Bench Form ${pad(i)}`,
      activate: true,
      Items: [{ Question: { Title: `Question ${i}`, RefId: 'q1', QuestionType: 'TEXT' } }],
    })),
    rules: Array.from({ length: SIZES.rules }, (_, i) => ({
      Name: `Bench_Rule_${pad(i)}`,
      TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
      Function: {
        Version: '2022-11-25',
        RuleFunction: {
          Operator: 'AND',
          Operands: [
            {
              Operator: 'CONTAINS_ANY',
              Operands: [id('queue', queues[i % queues.length])],
              ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId',
              Negate: false,
            },
          ],
        },
      },
      Actions: [
        {
          ActionType: 'CREATE_TASK',
          TaskAction: { Name: 'Follow up', ContactFlowId: id('flow', flows[i % flows.length]) },
        },
      ],
      PublishStatus: 'PUBLISHED',
    })),
    routingProfiles: Array.from({ length: SIZES.routingProfiles }, (_, i) => ({
      Name: `Bench Profile ${pad(i)}`,
      Description: 'bench',
      defaultOutboundQueue: queues[i % queues.length],
      MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
      queues: Array.from({ length: 15 }, (_, k) => ({
        queue: queues[(i * 3 + k) % queues.length],
        priority: (k % 5) + 1,
        delay: 0,
      })),
    })),
  };
}

function run(env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXE, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (process.env.BENCH_DEBUG)
        console.log(
          stderr
            .split('\n')
            .filter((l) => l.startsWith('debug') || l.startsWith('plan'))
            .join('\n'),
        );
      code === 0 ? resolve() : reject(new Error(`connect-deploy ${args[0]} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** The throttle floor of the calls an account made since `since`: max over APIs of calls / rate, in seconds. */
function floorOf(account, since, { writes } = {}) {
  const counts = new Map();
  for (const c of localAws.calls({ account, since, service: 'connect' })) {
    if (writes === false && c.write) continue;
    counts.set(c.operation, (counts.get(c.operation) ?? 0) + 1);
  }
  let worst = ['none', 0];
  for (const [op, n] of counts) if (n > worst[1]) worst = [op, n];
  const throttled = localAws.calls({ account, since, service: 'connect' }).filter((c) => c.status === 429).length;
  return {
    seconds: worst[1] / RATE,
    operation: worst[0],
    calls: worst[1],
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    throttled,
  };
}

const lastSeq = () => Math.max(0, ...localAws.calls().map((c) => c.seq));
const config = {
  instanceAlias: 'edd-${Environment}',
  promptBucket: 'edd-connect-prompts-${AccountNumber}',
  phoneNumbers,
  deploySettings: ['authentication-profiles'],
};

try {
  console.log(
    `instance size: ${JSON.stringify(SIZES)}; quotas ${RATE}/s burst 5 per API (2/s at time scale ${T}), 20 ms latency`,
  );
  const source = await clients(ACCOUNTS.source.AccountNumber);
  const sourceId = await createInstance(source, 'edd-dev');
  await claimNumbers(ACCOUNTS.source.AccountNumber, sourceId);
  let t = performance.now();
  await buildContactCenter(
    {
      connect: source.connect,
      s3: source.s3,
      instanceId: sourceId,
      account: ACCOUNTS.source.AccountNumber,
      region: REGION,
    },
    sourceSpec(),
  );
  console.log(`built the source instance in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const dir = join(work, 'export');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'connect-deploy.json'), JSON.stringify(config));
  const sourceEnv = {
    ...(await stepEnvironment(localAws.url, { account: ACCOUNTS.source.AccountNumber })),
    ...ACCOUNTS.source,
  };
  await run(sourceEnv, ['export', '--out', dir, '--rate', '1000', '--burst', '1000']);

  for (const target of [ACCOUNTS.ours, ACCOUNTS.naive]) {
    const c = await clients(target.AccountNumber);
    await claimNumbers(target.AccountNumber, await createInstance(c, `edd-${target.Environment}`));
    await c.s3.send(new CreateBucketCommand({ Bucket: `edd-connect-prompts-${target.AccountNumber}` }));
  }
  await fetch(`${localAws.url}/_local/quotas`, { method: 'POST', body: JSON.stringify({ enabled: true }) });
  localAws.setFaults([{ service: 'connect', latencyMs: 20 * T }]);
  const oursEnv = {
    ...(await stepEnvironment(localAws.url, { account: ACCOUNTS.ours.AccountNumber })),
    ...ACCOUNTS.ours,
  };
  const pacing = ['--rate', String(RATE), '--burst', '5', '--concurrency', '16'];

  // (a) full copy
  let since = lastSeq() + 1;
  t = performance.now();
  await run(oursEnv, ['deploy', '--source', dir, ...pacing, ...(process.env.BENCH_DEBUG ? ['--debug'] : [])]);
  const full = (performance.now() - t) / 1000;
  if (process.env.BENCH_DEBUG) {
    const calls = localAws.calls({ account: ACCOUNTS.ours.AccountNumber, since });
    const t0 = Date.parse(calls[0].time);
    for (const c of calls)
      console.log(`${((Date.parse(c.time) - t0) / 1000).toFixed(3)} ${c.service}:${c.operation} ${c.status}`);
  }
  const fullFloor = floorOf(ACCOUNTS.ours.AccountNumber, since);
  const ratioA = full / fullFloor.seconds;
  console.log(
    `(a) full copy: ${full.toFixed(1)} s for ${fullFloor.total} Connect calls (${fullFloor.throttled} throttled); floor ${fullFloor.seconds.toFixed(1)} s (${fullFloor.calls} x ${fullFloor.operation}); ratio ${ratioA.toFixed(2)} (target <= 1.3)`,
  );

  // (b) no-change redeploy
  since = lastSeq() + 1;
  t = performance.now();
  await run(oursEnv, ['deploy', '--source', dir, ...pacing, ...(process.env.BENCH_DEBUG ? ['--debug'] : [])]);
  const again = (performance.now() - t) / 1000;
  const writes = localAws.calls({ account: ACCOUNTS.ours.AccountNumber, since, write: true }).length;
  const readFloor = floorOf(ACCOUNTS.ours.AccountNumber, since, { writes: false });
  const ratioB = again / readFloor.seconds;
  console.log(
    `(b) no-change redeploy: ${again.toFixed(1)} s, ${writes} writes, ${readFloor.throttled} throttled; read floor ${readFloor.seconds.toFixed(1)} s (${readFloor.calls} x ${readFloor.operation}); ratio ${ratioB.toFixed(2)} (target <= 1.3)`,
  );

  // (c) naive sequential deployer
  t = performance.now();
  await naiveDeploy(dir, ACCOUNTS.naive);
  const naive = (performance.now() - t) / 1000;
  console.log(
    `(c) naive sequential deployer: ${naive.toFixed(1)} s; connect-deploy is ${(naive / full).toFixed(1)}x faster`,
  );
  const ok = ratioA <= 1.3 && ratioB <= 1.3 && writes === 0;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await localAws.close();
}

/**
 * What a hand-written script does: one SDK call at a time in dependency order, no pacing, relying on the SDK's
 * default retries when Connect throttles. It only creates (the target is empty), with the same references resolved.
 */
async function naiveDeploy(dir, env) {
  const config = await clientConfig(localAws.url, env.AccountNumber, { region: REGION });
  const client = new connect.ConnectClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const instance = (await client.send(new connect.ListInstancesCommand({}))).InstanceSummaryList.find(
    (i) => i.InstanceAlias === `edd-${env.Environment}`,
  );
  const InstanceId = instance.Id;
  const ids = new Map();
  const list = async (command, key) => {
    for (const s of (await client.send(command))[key] ?? []) ids.set(s.Name, { id: s.Id, arn: s.Arn });
  };
  await list(new connect.ListHoursOfOperationsCommand({ InstanceId, MaxResults: 1000 }), 'HoursOfOperationSummaryList');
  await list(new connect.ListQueuesCommand({ InstanceId, MaxResults: 1000 }), 'QueueSummaryList');
  await list(new connect.ListContactFlowsCommand({ InstanceId, MaxResults: 1000 }), 'ContactFlowSummaryList');
  await list(new connect.ListPromptsCommand({ InstanceId, MaxResults: 1000 }), 'PromptSummaryList');
  await list(new connect.ListRoutingProfilesCommand({ InstanceId, MaxResults: 1000 }), 'RoutingProfileSummaryList');
  await list(new connect.ListSecurityProfilesCommand({ InstanceId, MaxResults: 1000 }), 'SecurityProfileSummaryList');
  await list(new connect.ListQuickConnectsCommand({ InstanceId, MaxResults: 1000 }), 'QuickConnectSummaryList');
  await list(
    new connect.ListContactFlowModulesCommand({ InstanceId, MaxResults: 1000 }),
    'ContactFlowModulesSummaryList',
  );
  const numbers = await client.send(new connect.ListPhoneNumbersV2Command({ TargetArn: instance.Arn }));
  for (const n of numbers.ListPhoneNumbersSummaryList ?? []) {
    const logical = Object.entries(phoneNumbers).find(([, byEnv]) => byEnv[env.Environment] === n.PhoneNumber)?.[0];
    if (logical) ids.set(logical, { id: n.PhoneNumberId, arn: n.PhoneNumberArn });
  }
  const model = await readSource(dir, []);
  const resolve = (ref) => {
    const found = ids.get(ref.name ?? ref.number);
    return found ? (ref.form === 'id' ? found.id : found.arn) : undefined;
  };
  const of = (type) => model.resources.filter((r) => r.type === type && !ids.has(r.name));
  const body = (r) => concretize(r.body, resolve, []);
  for (const r of of('hierarchy-structure'))
    await client.send(new connect.UpdateUserHierarchyStructureCommand({ InstanceId, HierarchyStructure: r.body }));
  for (const r of of('hierarchy-group').sort((a, b) => a.name.localeCompare(b.name))) {
    const b = body(r);
    const o = await client.send(
      new connect.CreateUserHierarchyGroupCommand({
        InstanceId,
        Name: r.name.split('/').at(-1),
        ParentGroupId: b.ParentGroupId,
      }),
    );
    ids.set(r.name, { id: o.HierarchyGroupId, arn: o.HierarchyGroupArn });
  }
  for (const r of of('predefined-attribute'))
    await client.send(new connect.CreatePredefinedAttributeCommand({ InstanceId, ...r.body }));
  for (const r of of('security-profile')) {
    const { Name, ...b } = body(r);
    await client.send(new connect.CreateSecurityProfileCommand({ InstanceId, SecurityProfileName: Name, ...b }));
  }
  for (const r of of('hours-of-operation')) {
    const b = body(r);
    const o = await client.send(
      new connect.CreateHoursOfOperationCommand({ InstanceId, Name: b.Name, TimeZone: b.TimeZone, Config: b.Config }),
    );
    ids.set(r.name, { id: o.HoursOfOperationId, arn: o.HoursOfOperationArn });
  }
  for (const r of of('hours-of-operation-override')) {
    const { HoursOfOperationId, ...b } = body(r);
    await client.send(new connect.CreateHoursOfOperationOverrideCommand({ InstanceId, HoursOfOperationId, ...b }));
  }
  for (const r of of('prompt')) {
    await s3.send(
      new PutObjectCommand({
        Bucket: `edd-connect-prompts-${env.AccountNumber}`,
        Key: `naive/${r.name}.wav`,
        Body: r.attachment.bytes,
      }),
    );
    const o = await client.send(
      new connect.CreatePromptCommand({
        InstanceId,
        Name: r.name,
        S3Uri: `s3://edd-connect-prompts-${env.AccountNumber}/naive/${r.name}.wav`,
      }),
    );
    ids.set(r.name, { id: o.PromptId, arn: o.PromptARN });
  }
  for (const r of of('flow-module')) {
    const o = await client.send(
      new connect.CreateContactFlowModuleCommand({
        InstanceId,
        Name: r.name,
        Content: JSON.stringify(body(r).Content),
      }),
    );
    ids.set(r.name, { id: o.Id, arn: o.Arn });
  }
  const flows = of('flow');
  for (const r of flows) {
    const o = await client.send(
      new connect.CreateContactFlowCommand({
        InstanceId,
        Name: r.name,
        Type: r.body.Type,
        Status: 'SAVED',
        Content: content([end('x')]),
      }),
    );
    ids.set(r.name, { id: o.ContactFlowId, arn: o.ContactFlowArn });
  }
  for (const r of of('queue')) {
    const b = body({ ...r, body: { ...r.body, QuickConnectIds: undefined } });
    const o = await client.send(
      new connect.CreateQueueCommand({
        InstanceId,
        Name: b.Name,
        HoursOfOperationId: b.HoursOfOperationId,
        MaxContacts: b.MaxContacts,
        OutboundCallerConfig: b.OutboundCallerConfig,
      }),
    );
    ids.set(r.name, { id: o.QueueId, arn: o.QueueArn });
  }
  for (const r of flows)
    await client.send(
      new connect.UpdateContactFlowContentCommand({
        InstanceId,
        ContactFlowId: ids.get(r.name).id,
        Content: JSON.stringify(body(r).Content),
      }),
    );
  for (const r of of('phone-number-flow')) {
    const b = body(r);
    await client.send(
      new connect.AssociatePhoneNumberContactFlowCommand({
        InstanceId,
        PhoneNumberId: b.PhoneNumberId,
        ContactFlowId: b.ContactFlowId.split('/').pop(),
      }),
    );
  }
  for (const r of of('authentication-profile')) {
    const profile = (await client.send(new connect.ListAuthenticationProfilesCommand({ InstanceId })))
      .AuthenticationProfileSummaryList[0];
    const { Name, ...b } = body(r);
    await client.send(
      new connect.UpdateAuthenticationProfileCommand({ InstanceId, AuthenticationProfileId: profile.Id, ...b }),
    );
  }
  for (const r of of('view')) {
    const b = body(r);
    const o = await client.send(
      new connect.CreateViewCommand({
        InstanceId,
        Name: b.Name,
        Status: b.Status,
        Content: { Template: JSON.stringify(b.Content.Template), Actions: b.Content.Actions },
      }),
    );
    if (b.Versioned) await client.send(new connect.CreateViewVersionCommand({ InstanceId, ViewId: o.View.Id }));
  }
  for (const r of of('vocabulary')) {
    const o = await client.send(
      new connect.CreateVocabularyCommand({
        InstanceId,
        VocabularyName: r.name,
        LanguageCode: r.body.LanguageCode,
        Content: r.body.Content,
      }),
    );
    for (;;) {
      const d = await client.send(new connect.DescribeVocabularyCommand({ InstanceId, VocabularyId: o.VocabularyId }));
      if (d.Vocabulary.State === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (r.body.Default)
      await client.send(
        new connect.AssociateDefaultVocabularyCommand({
          InstanceId,
          LanguageCode: r.body.LanguageCode,
          VocabularyId: o.VocabularyId,
        }),
      );
  }
  for (const r of of('task-template')) {
    const b = body(r);
    await client.send(new connect.CreateTaskTemplateCommand({ InstanceId, ...b, Tags: undefined }));
  }
  for (const r of of('evaluation-form')) {
    const { Name, Status, Tags, ...b } = body(r);
    const o = await client.send(new connect.CreateEvaluationFormCommand({ InstanceId, Title: Name, ...b }));
    if (Status === 'ACTIVE')
      await client.send(
        new connect.ActivateEvaluationFormCommand({
          InstanceId,
          EvaluationFormId: o.EvaluationFormId,
          EvaluationFormVersion: 1,
        }),
      );
    ids.set(r.name, { id: o.EvaluationFormId, arn: o.EvaluationFormArn });
  }
  for (const r of of('rule')) {
    const b = body(r);
    await client.send(new connect.CreateRuleCommand({ InstanceId, ...b, Function: JSON.stringify(b.Function) }));
  }
  for (const r of of('quick-connect')) {
    const o = await client.send(
      new connect.CreateQuickConnectCommand({
        InstanceId,
        Name: r.name,
        QuickConnectConfig: body(r).QuickConnectConfig,
      }),
    );
    ids.set(r.name, { id: o.QuickConnectId, arn: o.QuickConnectARN });
  }
  for (const r of of('routing-profile')) {
    const b = body(r);
    const o = await client.send(
      new connect.CreateRoutingProfileCommand({
        InstanceId,
        Name: b.Name,
        Description: b.Description,
        DefaultOutboundQueueId: b.DefaultOutboundQueueId,
        MediaConcurrencies: b.MediaConcurrencies,
        QueueConfigs: (b.QueueConfigs ?? []).slice(0, 10),
      }),
    );
    for (let i = 10; i < (b.QueueConfigs ?? []).length; i += 10) {
      await client.send(
        new connect.AssociateRoutingProfileQueuesCommand({
          InstanceId,
          RoutingProfileId: o.RoutingProfileId,
          QueueConfigs: b.QueueConfigs.slice(i, i + 10),
        }),
      );
    }
  }
}
