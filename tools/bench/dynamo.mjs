// pnpm bench dynamo: dynamo-export-import against minimal loops over the same local-aws tables, in the same run.
// Targets: export at most 1.3x a bare parallel Scan loop; import at most 1.3x a bare concurrent BatchWriteItem loop
// (no validation, no comparison); peak RSS of a 200,000-item import under 200 MB. The same for a saved plan:
// `deploy --plan` against the same BatchWriteItem loop, and the peak RSS of `plan --out` and `deploy --plan`.
// BENCH_ITEMS (default 50000), BENCH_MEMORY_ITEMS (default 200000) and BENCH_RUNS (default 3) shrink or grow it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const packageDir = join(root, 'packages/dynamo-export-import');
const executable = join(packageDir, 'dist/dynamo-export-import.js');
const { startLocalAws, credentialsFor, stepEnvironment } = await import(join(root, 'tools/local-aws/dist/index.js'));
const sdk = createRequire(join(packageDir, 'package.json'))('@aws-sdk/client-dynamodb');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ACCOUNT = '640079793484';
const SEGMENTS = 4;
const CONCURRENCY = 8;
const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 200;

const work = mkdtempSync(join(tmpdir(), 'bench-dynamo-'));
const localAws = await startLocalAws({});
const credentials = await credentialsFor(localAws.url, ACCOUNT);
const env = await stepEnvironment(localAws.url, {
  account: ACCOUNT,
  extra: { Environment: 'qa', AccountNumber: ACCOUNT },
});
const client = new sdk.DynamoDBClient({
  endpoint: localAws.url,
  region: 'us-east-1',
  credentials: {
    accessKeyId: credentials.AWS_ACCESS_KEY_ID,
    secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY,
    sessionToken: credentials.AWS_SESSION_TOKEN,
  },
});

/** A configuration row of about 300 bytes: names, an ARN, hours in a map, sets, numbers, a flag. */
function configRow(i) {
  const n = String(i).padStart(6, '0');
  return {
    pk: { S: `tenant#${String(i % 97).padStart(3, '0')}` },
    sk: { S: `queue#${n}` },
    name: { S: `EDD Queue ${n}` },
    arn: { S: `arn:aws:connect:us-east-1:${ACCOUNT}:instance/1b2c/queue/${n}` },
    hours: { M: { open: { S: '08:00' }, close: { S: '18:00' }, zone: { S: 'America/New_York' } } },
    skills: { SS: ['billing', 'spanish', `tier${i % 3}`] },
    weights: { NS: [String(i % 10), '12.5'] },
    maxContacts: { N: String(10 + (i % 90)) },
    enabled: { BOOL: i % 5 !== 0 },
  };
}

async function createTable(name) {
  await client.send(
    new sdk.CreateTableCommand({
      TableName: name,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

async function seed(table, count) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const start = next;
        next += 25;
        let requests = [];
        for (let i = start; i < Math.min(start + 25, count); i++) requests.push({ PutRequest: { Item: configRow(i) } });
        while (requests.length > 0) {
          const out = await client.send(new sdk.BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          requests = out.UnprocessedItems?.[table] ?? [];
        }
      }
    }),
  );
}

// The baselines run as their own Node processes, like the executable, so start-up and SDK loading count for both.
const BASELINE_PRELUDE = `
const sdk = require(${JSON.stringify(join(packageDir, 'node_modules/@aws-sdk/client-dynamodb'))});
const client = new sdk.DynamoDBClient({});
const [table, file] = process.argv.slice(1);
`;

const BASELINE_SCAN = `${BASELINE_PRELUDE}
let count = 0;
Promise.all(Array.from({ length: ${SEGMENTS} }, async (_, segment) => {
  let ExclusiveStartKey;
  do {
    const page = await client.send(new sdk.ScanCommand({ TableName: table, Segment: segment, TotalSegments: ${SEGMENTS}, ConsistentRead: true, ExclusiveStartKey }));
    count += page.Items.length;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
})).then(() => process.stderr.write(count + ' items\\n'));
`;

const BASELINE_IMPORT = `${BASELINE_PRELUDE}
const lines = require('node:readline').createInterface({ input: require('node:fs').createReadStream(file) });
const inFlight = new Set();
const send = async (requests) => {
  while (requests.length > 0) {
    const out = await client.send(new sdk.BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    requests = out.UnprocessedItems?.[table] ?? [];
  }
};
(async () => {
  let batch = [];
  const flush = async () => {
    while (inFlight.size >= ${CONCURRENCY}) await Promise.race(inFlight);
    const call = send(batch).finally(() => inFlight.delete(call));
    inFlight.add(call);
    batch = [];
  };
  for await (const line of lines) {
    batch.push({ PutRequest: { Item: JSON.parse(line) } });
    if (batch.length === 25) await flush();
  }
  if (batch.length > 0) await flush();
  await Promise.all(inFlight);
})();
`;

// Reports the child's peak resident set (kB) on stderr as it exits: VmHWM of its own memory map. getrusage's
// maxRSS would not do: Linux carries the high-water mark of the forked copy of this process (the emulator and all
// its tables) across exec into the child's figure.
const REPORT_RSS = `data:text/javascript,${encodeURIComponent(
  "import{readFileSync}from'node:fs';process.on('exit',()=>process.stderr.write('maxrss '+/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status','utf8'))[1]+'\\n'))",
)}`;

function run(args, { measureMemory = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(measureMemory ? ['--import', REPORT_RSS] : []), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.slice(0, 3).join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ ms, maxRssKb: Number(/maxrss (\d+)/.exec(stderr)?.[1] ?? 0) });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (values) => `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;

let ok = true;
function verdict(label, value, target, unit = 'x') {
  const pass = value <= target;
  ok &&= pass;
  console.log(`${label}: ${value.toFixed(2)}${unit} (target <= ${target}${unit}) ${pass ? 'PASS' : 'FAIL'}`);
}

try {
  console.log(`dynamo bench: ${ITEMS} items, ${RUNS} runs each, ${SEGMENTS} segments, concurrency ${CONCURRENCY}`);
  const source = 'edd-bench-config-qa';
  await createTable(source);
  const started = performance.now();
  await seed(source, ITEMS);
  console.log(`seeded ${source} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const file = join(work, 'config.jsonl');
  const exportArgs = [executable, 'export', '--table', source, '--out', file, '--segments', String(SEGMENTS)];
  const baselineScan = [];
  const ours = [];
  // Turns alternate, so the emulator warming up or slowing down over the run weighs on both sides alike.
  for (let i = 0; i < RUNS; i++) {
    const baseline = () => run(['-e', BASELINE_SCAN, source]).then((r) => baselineScan.push(r.ms));
    const mine = () => run(exportArgs).then((r) => ours.push(r.ms));
    if (i % 2 === 0) await baseline().then(mine);
    else await mine().then(baseline);
  }
  const scanMs = median(baselineScan);
  const exportMs = median(ours);
  console.log(`export: baseline Scan loop ${ms(baselineScan)}, dynamo-export-import export ${ms(ours)}`);

  const baselineImport = [];
  const oursImport = [];
  for (let i = 0; i < RUNS; i++) {
    const baselineTable = `edd-bench-baseline-${i}-qa`;
    const ourTable = `edd-bench-import-${i}-qa`;
    await createTable(baselineTable);
    await createTable(ourTable);
    const baseline = () => run(['-e', BASELINE_IMPORT, baselineTable, file]).then((r) => baselineImport.push(r.ms));
    const mine = () =>
      run([executable, 'import', '--table', ourTable, '--in', file, '--concurrency', String(CONCURRENCY)]).then((r) =>
        oursImport.push(r.ms),
      );
    if (i % 2 === 0) await baseline().then(mine);
    else await mine().then(baseline);
  }
  const writeMs = median(baselineImport);
  const importMs = median(oursImport);
  console.log(
    `import: baseline BatchWriteItem loop ${ms(baselineImport)}, dynamo-export-import import ${ms(oursImport)}`,
  );

  // A saved plan: `plan --out` (timed on its own), then `deploy --plan` in turns with the same baseline loop.
  const baselineSaved = [];
  const oursSaved = [];
  const plansOut = [];
  for (let i = 0; i < RUNS; i++) {
    const baselineTable = `edd-bench-baseline-saved-${i}-qa`;
    const ourTable = `edd-bench-saved-${i}-qa`;
    const plan = join(work, `plan-${i}.json`);
    await createTable(baselineTable);
    await createTable(ourTable);
    const tableArgs = ['--table', ourTable, '--in', file];
    plansOut.push((await run([executable, 'plan', ...tableArgs, '--out', plan])).ms);
    const baseline = () => run(['-e', BASELINE_IMPORT, baselineTable, file]).then((r) => baselineSaved.push(r.ms));
    const mine = () =>
      run([executable, 'deploy', ...tableArgs, '--plan', plan, '--concurrency', String(CONCURRENCY)]).then((r) =>
        oursSaved.push(r.ms),
      );
    if (i % 2 === 0) await baseline().then(mine);
    else await mine().then(baseline);
  }
  const savedWriteMs = median(baselineSaved);
  const savedMs = median(oursSaved);
  console.log(
    `deploy --plan: baseline BatchWriteItem loop ${ms(baselineSaved)}, dynamo-export-import deploy --plan ${ms(oursSaved)}; plan --out before it ${ms(plansOut)}`,
  );

  const bigFile = join(work, 'big.jsonl');
  writeFileSync(bigFile, Array.from({ length: MEMORY_ITEMS }, (_, i) => `${JSON.stringify(configRow(i))}\n`).join(''));
  await createTable('edd-bench-memory-qa');
  const memory = await run([executable, 'import', '--table', 'edd-bench-memory-qa', '--in', bigFile], {
    measureMemory: true,
  });
  const rssMb = memory.maxRssKb / 1024;
  console.log(`import of ${MEMORY_ITEMS} items: ${(memory.ms / 1000).toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB`);

  await createTable('edd-bench-memory-saved-qa');
  const bigPlan = join(work, 'big-plan.json');
  const bigArgs = ['--table', 'edd-bench-memory-saved-qa', '--in', bigFile];
  const planOut = await run([executable, 'plan', ...bigArgs, '--out', bigPlan], { measureMemory: true });
  const planOutMb = planOut.maxRssKb / 1024;
  const applyPlan = await run([executable, 'deploy', ...bigArgs, '--plan', bigPlan], { measureMemory: true });
  const applyPlanMb = applyPlan.maxRssKb / 1024;
  console.log(
    `plan --out of ${MEMORY_ITEMS} items: ${(planOut.ms / 1000).toFixed(1)} s, peak RSS ${planOutMb.toFixed(0)} MB, ` +
      `saved plan ${(statSync(bigPlan).size / 1024 / 1024).toFixed(1)} MB; deploy --plan: ` +
      `${(applyPlan.ms / 1000).toFixed(1)} s, peak RSS ${applyPlanMb.toFixed(0)} MB`,
  );

  verdict('export ratio', exportMs / scanMs, TARGET_RATIO);
  verdict('import ratio', importMs / writeMs, TARGET_RATIO);
  verdict(`peak RSS of a ${MEMORY_ITEMS}-item import`, rssMb, TARGET_RSS_MB, ' MB');
  verdict('deploy --plan ratio', savedMs / savedWriteMs, TARGET_RATIO);
  verdict(`peak RSS of a ${MEMORY_ITEMS}-item plan --out`, planOutMb, TARGET_RSS_MB, ' MB');
  verdict(`peak RSS of a ${MEMORY_ITEMS}-item deploy --plan`, applyPlanMb, TARGET_RSS_MB, ' MB');
} finally {
  client.destroy();
  await localAws.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
