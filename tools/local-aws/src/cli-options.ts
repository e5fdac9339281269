import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LocalAwsConfigError } from './errors.js';
import type { FaultRule } from './faults.js';
import type { LocalAwsOptions } from './local-aws.js';

export const DEFAULT_PORT = 4566;

export const HELP = `Usage: local-aws [options]

Local AWS emulator (STS, DynamoDB, Connect, S3, Lambda, Lex V2, CloudFormation) for the AWS SDK, the AWS CLI and boto3:
point them at it with AWS_ENDPOINT_URL=http://127.0.0.1:4566.

Options:
  --port <n>            TCP port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>      interface to listen on (default 127.0.0.1)
  --seed <n>            seed of the fault dice, for reproducible runs (default random)
  --fault <rule>        a fault rule, repeatable: comma-separated key=value pairs, e.g.
                          service=dynamodb,operation=BatchWriteItem,unprocessedRate=0.3
                          service=dynamodb,throttleRate=0.1,throttleError=ThrottlingException
                          service=sts,account=640079793484,latencyMs=200,errorRate=0.05
  --faults-file <file>  a JSON array of fault rules, applied before any --fault
  --call-log-size <n>   calls kept in the call log (default 50000)
  --time-scale <n>      run emulated time n times faster: quotas refill n times faster and emulated
                        delays (instance creation, eventual consistency) are n times shorter (default 1)
  --no-quotas           do not enforce per-API request quotas (Connect, Lex V2: 2 requests/s, burst 5)
  --consistency-delay-ms <n>
                        a new Connect resource reads as missing for n ms after its create (default 0)
  --state-dir <dir>     keep the state across runs in <dir>/local-aws-state.json: loaded at start, saved
                        2 s after changes and on exit (default: in memory only)
  --help                show this help
  --version             show the version

Admin API (JSON): GET /_local/health, GET|DELETE /_local/calls, GET|POST /_local/faults,
GET|POST /_local/quotas, POST /_local/reset, POST /_local/sts/deny {"roleArn": "..."},
POST /_local/connect/phone-numbers {"account","region","instanceId","phoneNumber","type"},
POST /_local/lambda/functions {"account","region","name"},
GET|POST|DELETE /_local/lex/build-failures {"account"?,"botName","localeId","reasons":[...]},
GET|POST /_local/lex/timings.
`;

export type CommandLine = { kind: 'help' } | { kind: 'version' } | { kind: 'start'; options: LocalAwsOptions };

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

function parseInteger(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  problems.push(`${flag} must be a whole number (got '${text}')`);
  return undefined;
}

function parseNumber(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  problems.push(`${flag} must be a number (got '${text}')`);
  return undefined;
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

/** Turns argv into what to do; throws LocalAwsConfigError listing every problem. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        fault: { type: 'string', multiple: true },
        'faults-file': { type: 'string' },
        'call-log-size': { type: 'string' },
        'time-scale': { type: 'string' },
        'no-quotas': { type: 'boolean' },
        'consistency-delay-ms': { type: 'string' },
        'state-dir': { type: 'string' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new LocalAwsConfigError('usage', [error instanceof Error ? error.message : String(error)]);
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const problems: string[] = [];
  const fileRules = values['faults-file'] ? readFaultsFile(values['faults-file'], problems) : [];
  const flagRules = (values.fault ?? []).map((text) => parseRuleFlag(text, problems));
  const options: LocalAwsOptions = {
    port: parseInteger('--port', values.port, problems) ?? DEFAULT_PORT,
    host: values.host ?? '127.0.0.1',
    seed: parseInteger('--seed', values.seed, problems),
    callLogSize: parseInteger('--call-log-size', values['call-log-size'], problems),
    faults: [...fileRules, ...flagRules] as FaultRule[],
    timeScale: parseNumber('--time-scale', values['time-scale'], problems),
    quotas: !values['no-quotas'],
    consistencyDelayMs: parseInteger('--consistency-delay-ms', values['consistency-delay-ms'], problems),
    stateDir: values['state-dir'],
  };
  if (problems.length > 0) throw new LocalAwsConfigError('usage', problems);
  return { kind: 'start', options };
}
