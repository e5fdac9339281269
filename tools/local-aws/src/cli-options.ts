import { readFileSync } from 'node:fs';
import {
  UsageError,
  defineVerb,
  option,
  parseCommandLine as parseWith,
  type OptionsOf,
  type ProgramDefinition,
  type ToolContext,
} from '@edd/cli';
import { LocalAwsConfigError, LocalAwsStateError } from './errors.js';
import type { FaultRule } from './faults.js';
import type { LocalAwsOptions } from './local-aws.js';

export const DEFAULT_PORT = 4566;

export const startOptions = {
  port: option.integer({
    default: DEFAULT_PORT,
    min: 0,
    max: 65535,
    description: 'TCP port to listen on (0 picks a free one)',
  }),
  host: option.string({ default: '127.0.0.1', valueName: 'address', description: 'Interface to listen on' }),
  seed: option.integer({ min: 0, description: 'Seed of the fault dice, for reproducible runs (default random)' }),
  fault: option.repeatable({
    valueName: 'rule',
    description:
      'A fault rule: comma-separated key=value pairs, e.g. service=dynamodb,operation=BatchWriteItem,unprocessedRate=0.3',
  }),
  faultsFile: option.path({
    must: 'file',
    valueName: 'file',
    description: 'A JSON array of fault rules, applied before any --fault',
  }),
  callLogSize: option.integer({ min: 1, description: 'Calls kept in the call log (default 50000)' }),
  timeScale: option.number({
    description:
      'Run emulated time n times faster: quotas refill n times faster, emulated delays are n times shorter (default 1)',
  }),
  noQuotas: option.boolean({
    description: 'Do not enforce per-API request quotas (Connect, Lex V2: 2 requests/s, burst 5)',
  }),
  consistencyDelayMs: option.integer({
    min: 0,
    description: 'A new Connect resource reads as missing for n ms after its create (default 0)',
  }),
  stateDir: option.string({
    valueName: 'dir',
    description:
      'Keep the state across runs in <dir>/local-aws-state.json: loaded at start, saved 2 s after changes and on exit',
  }),
};
export type StartOptions = OptionsOf<typeof startOptions>;

const ADMIN_API = `Local AWS emulator (STS, DynamoDB, Connect, S3, Lambda, Lex V2, CloudFormation) for the AWS SDK, the AWS CLI and
boto3: point them at it with AWS_ENDPOINT_URL=http://127.0.0.1:${DEFAULT_PORT}.

Admin API (JSON): GET /_local/health, GET|DELETE /_local/calls, GET|POST /_local/faults,
GET|POST /_local/quotas, POST /_local/reset, POST /_local/sts/deny {"roleArn": "..."},
POST /_local/connect/phone-numbers {"account","region","instanceId","phoneNumber","type"},
POST /_local/lambda/functions {"account","region","name"},
GET|POST|DELETE /_local/lex/build-failures {"account"?,"botName","localeId","reasons":[...]},
GET|POST /_local/lex/timings.`;

const NUMERIC_RULE_FIELDS = new Set(['latencyMs', 'errorRate', 'throttleRate', 'unprocessedRate']);

/** Reads `service=dynamodb,throttleRate=0.5`; the rule's content is checked when the emulator starts. */
function parseRuleFlag(text: string, problems: string[]): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    const [key = '', value, ...extra] = pair.split('=').map((part) => part.trim());
    if (!key || value === undefined || extra.length > 0) {
      problems.push(`--fault '${text}': '${pair}' is not key=value`);
      continue;
    }
    rule[key] = NUMERIC_RULE_FIELDS.has(key) && value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  }
  return rule;
}

function readFaultsFile(path: string, problems: string[]): unknown[] {
  try {
    const rules: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (Array.isArray(rules)) return rules;
    problems.push(`--faults-file ${path}: expected a JSON array of rules`);
  } catch (error) {
    problems.push(`--faults-file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return [];
}

/** The emulator's options from the command line's; throws a UsageError listing every problem of the fault rules. */
export function toLocalAwsOptions(options: StartOptions): LocalAwsOptions {
  const problems: string[] = [];
  const fileRules = options.faultsFile ? readFaultsFile(options.faultsFile, problems) : [];
  const flagRules = (options.fault ?? []).map((text) => parseRuleFlag(text, problems));
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return {
    port: options.port,
    host: options.host,
    seed: options.seed,
    callLogSize: options.callLogSize,
    faults: [...fileRules, ...flagRules] as FaultRule[],
    timeScale: options.timeScale,
    quotas: !options.noQuotas,
    consistencyDelayMs: options.consistencyDelayMs,
    stateDir: options.stateDir,
  };
}

/** Starts the emulator and serves until SIGINT or SIGTERM. */
async function start(options: StartOptions, ctx: ToolContext): Promise<number> {
  const emulatorOptions = toLocalAwsOptions(options);
  // Loaded only now, so that --help and --version stay instant.
  const { startLocalAws } = await import('./local-aws.js');
  let localAws: Awaited<ReturnType<typeof startLocalAws>>;
  try {
    localAws = await startLocalAws(emulatorOptions);
  } catch (error) {
    if (error instanceof LocalAwsConfigError || error instanceof LocalAwsStateError) {
      throw new UsageError(error.message, { cause: error });
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`${(error as Error).message}: choose another --port`, { cause: error });
    }
    throw error;
  }
  ctx.stderr.write(`local-aws listening on ${localAws.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await localAws.close();
  return 0;
}

export const definition: ProgramDefinition = {
  name: 'local-aws',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Local AWS emulator for tests, the demo and offline rehearsal',
  defaultVerb: 'start',
  verbs: {
    start: defineVerb({
      summary: 'Serve the emulated AWS services until stopped (SIGINT, SIGTERM)',
      description: ADMIN_API,
      options: startOptions,
      examples: [
        'local-aws --port 4566 --time-scale 10',
        'local-aws --fault service=dynamodb,throttleRate=0.1,throttleError=ThrottlingException',
        'local-aws --fault service=sts,account=640079793484,latencyMs=200,errorRate=0.05 --seed 7',
      ],
      load: async () => start,
    }),
  },
};

/** The emulator's options a command line gives, without starting it; throws a UsageError listing every problem. */
export function parseCommandLine(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): LocalAwsOptions {
  return toLocalAwsOptions(parseWith(definition, argv, { env }).options as StartOptions);
}
