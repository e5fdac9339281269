// pnpm bench local-aws: a soak of the emulator. Mixed Connect, DynamoDB and STS calls from many concurrent clients
// for a few minutes (BENCH_SECONDS, default 180) with quotas off, so the emulator runs as fast as it can; RSS and
// the heap left after a full GC are sampled every few seconds. Prints requests per second and whether memory stayed
// flat once the call log was full (it is bounded, and so must everything else be). Exit 1 if memory kept growing.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const localAwsDir = join(root, 'tools/local-aws');
const fromLocalAws = createRequire(join(localAwsDir, 'package.json'));
const load = (name) => import(pathToFileURL(fromLocalAws.resolve(name)).href);

const seconds = Number(process.env.BENCH_SECONDS ?? 180);
const workers = Number(process.env.BENCH_WORKERS ?? 16);
const sampleEveryMs = Number(process.env.BENCH_SAMPLE_MS ?? 5000);
/** Growth of the post-GC heap from the first sample after warm-up to the end that still counts as flat. */
const FLAT_TOLERANCE_BYTES = 16 * 1024 * 1024;

if (!Number.isFinite(seconds) || seconds < 10) {
  console.error('BENCH_SECONDS must be a number of seconds, at least 10');
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  console.error('run through `pnpm bench local-aws` (node --expose-gc) so that heap samples follow a full GC');
  process.exit(2);
}

const { startLocalAws } = await import(pathToFileURL(join(localAwsDir, 'dist/index.js')).href);
const connectSdk = await load('@aws-sdk/client-connect');
const dynamoSdk = await load('@aws-sdk/client-dynamodb');
const stsSdk = await load('@aws-sdk/client-sts');

const localAws = await startLocalAws({ quotas: false, timeScale: 1000 });
const settings = {
  endpoint: localAws.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};
const connect = new connectSdk.ConnectClient(settings);
const dynamo = new dynamoSdk.DynamoDBClient(settings);
const sts = new stsSdk.STSClient(settings);

async function setUp() {
  const { Id: instanceId } = await connect.send(
    new connectSdk.CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: `edd-soak-${process.pid}`,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  const hoursId = (await connect.send(new connectSdk.ListHoursOfOperationsCommand({ InstanceId: instanceId })))
    .HoursOfOperationSummaryList[0].Id;
  const flows = (await connect.send(new connectSdk.ListContactFlowsCommand({ InstanceId: instanceId })))
    .ContactFlowSummaryList;
  const prompts = (await connect.send(new connectSdk.ListPromptsCommand({ InstanceId: instanceId }))).PromptSummaryList;
  const { QueueId: queueId } = await connect.send(
    new connectSdk.CreateQueueCommand({ InstanceId: instanceId, Name: 'Soak', HoursOfOperationId: hoursId }),
  );
  await dynamo.send(
    new dynamoSdk.CreateTableCommand({
      TableName: 'edd-soak',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return {
    instanceId,
    hoursId,
    queueId,
    flowIds: flows.map((flow) => flow.Id),
    promptIds: prompts.map((prompt) => prompt.Id),
  };
}

/** One call of the mix, chosen by `n`: reads and writes that leave the amount of state the same. */
function call(n, state) {
  const pick = (list) => list[n % list.length];
  const { instanceId } = state;
  switch (n % 10) {
    case 0:
      return connect.send(new connectSdk.ListQueuesCommand({ InstanceId: instanceId }));
    case 1:
      return connect.send(
        new connectSdk.DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: pick(state.flowIds) }),
      );
    case 2:
      return connect.send(
        new connectSdk.UpdateQueueMaxContactsCommand({
          InstanceId: instanceId,
          QueueId: state.queueId,
          MaxContacts: n % 50,
        }),
      );
    case 3:
      return connect
        .send(
          new connectSdk.CreateQueueCommand({
            InstanceId: instanceId,
            Name: `Churn ${n}`,
            HoursOfOperationId: state.hoursId,
          }),
        )
        .then(({ QueueId }) => connect.send(new connectSdk.DeleteQueueCommand({ InstanceId: instanceId, QueueId })));
    case 4:
      return connect.send(
        new connectSdk.GetPromptFileCommand({ InstanceId: instanceId, PromptId: pick(state.promptIds) }),
      );
    case 5:
      return connect
        .send(new connectSdk.DescribeQueueCommand({ InstanceId: instanceId, QueueId: 'missing' }))
        .catch(() => undefined);
    case 6:
      return dynamo.send(
        new dynamoSdk.PutItemCommand({
          TableName: 'edd-soak',
          Item: { pk: { S: `k${n % 500}` }, n: { N: String(n) } },
        }),
      );
    case 7:
      return dynamo.send(new dynamoSdk.GetItemCommand({ TableName: 'edd-soak', Key: { pk: { S: `k${n % 500}` } } }));
    case 8:
      return sts.send(new stsSdk.GetCallerIdentityCommand({}));
    default:
      return connect.send(
        new connectSdk.ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }),
      );
  }
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const state = await setUp();
const deadline = Date.now() + seconds * 1000;
let completed = 0;
let failed = 0;
let next = 0;
const samples = [];

async function worker() {
  while (Date.now() < deadline) {
    const n = next++;
    try {
      await call(n, state);
      completed += 1;
    } catch (error) {
      failed += 1;
      if (failed <= 3) console.error(`call ${n} failed: ${error.name}: ${error.message}`);
    }
  }
}

function sample() {
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  const entry = { second: Math.round((Date.now() - start) / 1000), rss, heapUsed, calls: completed + failed };
  samples.push(entry);
  console.log(
    `${String(entry.second).padStart(4)} s  ${String(entry.calls).padStart(8)} calls  rss ${megabytes(rss)}  heap ${megabytes(heapUsed)}`,
  );
}

console.log(`soak: ${seconds} s, ${workers} concurrent clients, quotas off, call log ${50_000} entries`);
const start = Date.now();
const sampler = setInterval(sample, sampleEveryMs);
await Promise.all(Array.from({ length: workers }, worker));
clearInterval(sampler);
sample();
await localAws.close();

const elapsed = (Date.now() - start) / 1000;
const total = completed + failed;
// Warm-up: the call log fills (50,000 entries) and the JIT settles; growth is judged after that.
const warm =
  samples.find((entry) => entry.calls >= 60_000 && entry.second >= seconds / 4) ??
  samples[Math.floor(samples.length / 2)];
const last = samples[samples.length - 1];
const growth = last.heapUsed - warm.heapUsed;
const flat = growth <= FLAT_TOLERANCE_BYTES;
console.log(`${total} calls in ${elapsed.toFixed(1)} s: ${(total / elapsed).toFixed(0)} requests/s (${failed} failed)`);
console.log(
  `heap after GC ${megabytes(warm.heapUsed)} at ${warm.second} s -> ${megabytes(last.heapUsed)} at ${last.second} s ` +
    `(${growth >= 0 ? '+' : ''}${megabytes(growth)}); rss ${megabytes(warm.rss)} -> ${megabytes(last.rss)}: ` +
    `memory ${flat ? 'stayed flat' : 'KEPT GROWING'}`,
);
process.exit(flat && failed === 0 ? 0 : 1);
