import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeDefinition,
  type AttributeValue,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import {
  credentialsFor,
  startLocalAws,
  stepEnvironment,
  type CallFilter,
  type CallRecord,
  type LocalAws,
} from '@edd/local-aws';

export const EXE = join(import.meta.dirname, '../../dist/dynamo-export-import.js');
export const QA = { Environment: 'qa', AccountNumber: '640079793484' };
export const DEV = { Environment: 'dev', AccountNumber: '658456346551' };

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TestBed {
  localAws: LocalAws;
  dir: string;
  /** Runs the executable acting in the environment's account. Asynchronous: local-aws runs in this process. */
  run(args: string[], target?: typeof QA, env?: Record<string, string>): Promise<Outcome>;
  /** An SDK client acting in the environment's account, for arranging tables and checking them. */
  client(target?: typeof QA): Promise<DynamoDBClient>;
  /** Write calls to DynamoDB made since the last `markCalls()`. */
  writesSinceMark(): string[];
  callsSinceMark(filter?: CallFilter): CallRecord[];
  markCalls(): void;
  close(): Promise<void>;
}

export async function startTestBed(): Promise<TestBed> {
  const localAws = await startLocalAws({ seed: 7 });
  const dir = await mkdtemp(join(tmpdir(), 'dynamo-export-import-'));
  const envs = new Map<string, Record<string, string>>();
  const clients: DynamoDBClient[] = [];
  let mark = 0;
  const envFor = async (target: typeof QA) => {
    let env = envs.get(target.AccountNumber);
    if (!env) {
      env = await stepEnvironment(localAws.url, { account: target.AccountNumber, extra: { ...target } });
      envs.set(target.AccountNumber, env);
    }
    return env;
  };
  return {
    localAws,
    dir,
    async run(args, target = QA, env = {}) {
      const base = await envFor(target);
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [EXE, ...args], { env: { ...base, ...env }, cwd: dir });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    async client(target = QA) {
      const credentials = await credentialsFor(localAws.url, target.AccountNumber);
      const client = new DynamoDBClient({
        endpoint: localAws.url,
        region: 'us-east-1',
        credentials: {
          accessKeyId: credentials.AWS_ACCESS_KEY_ID,
          secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY,
          sessionToken: credentials.AWS_SESSION_TOKEN,
        },
      });
      clients.push(client);
      return client;
    },
    markCalls() {
      mark = Math.max(0, ...localAws.calls().map((c) => c.seq));
    },
    callsSinceMark(filter = {}) {
      return localAws.calls({ ...filter, since: mark });
    },
    writesSinceMark() {
      return localAws.calls({ service: 'dynamodb', write: true, since: mark }).map((c) => c.operation);
    },
    async close() {
      for (const client of clients) client.destroy();
      await localAws.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function createTable(
  client: DynamoDBClient,
  name: string,
  keys: { partition: [string, 'S' | 'N' | 'B']; sort?: [string, 'S' | 'N' | 'B'] },
): Promise<void> {
  const KeySchema: KeySchemaElement[] = [{ AttributeName: keys.partition[0], KeyType: 'HASH' }];
  const AttributeDefinitions: AttributeDefinition[] = [
    { AttributeName: keys.partition[0], AttributeType: keys.partition[1] },
  ];
  if (keys.sort) {
    KeySchema.push({ AttributeName: keys.sort[0], KeyType: 'RANGE' });
    AttributeDefinitions.push({ AttributeName: keys.sort[0], AttributeType: keys.sort[1] });
  }
  await client.send(
    new CreateTableCommand({ TableName: name, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }),
  );
}

export async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
