import { BASE_OPTIONS, option, specsOf, type OptionSpec } from '@edd/cli';
import type { AnyStepVerb } from './definition.js';

/**
 * Options of every step verb. Their environment variables are the pipeline's (`$Environment`, `$AccountNumber`)
 * and the AWS SDK's (`$AWS_REGION`), not generated ones.
 */
export const COMMON_OPTIONS = {
  environment: option.string({
    short: 'e',
    envName: 'Environment',
    valueName: 'name',
    description: 'Target environment (IV or EDD name from the registry)',
  }),
  account: option.string({
    envName: 'AccountNumber',
    valueName: '12 digits',
    description: 'Target AWS account; must agree with the environment',
  }),
  region: option.region({
    envName: 'AWS_REGION',
    env: ['AWS_DEFAULT_REGION'],
    valueName: 'region',
    description: "AWS region (else the registry's default region of the environment)",
  }),
  json: option.boolean({ envName: false, description: 'Print a JSON report on stdout' }),
  ...BASE_OPTIONS,
};

const DRY_RUN = {
  dryRun: option.boolean({
    envName: false,
    description: 'Compute and print the full change set; make no write calls',
  }),
};

const common = specsOf(COMMON_OPTIONS);
const offline = common.filter((o) => !['environment', 'account', 'region'].includes(o.key));
const dryRun = specsOf(DRY_RUN);

/** Options every verb accepts besides its own: target, output, and `--dry-run` for verbs that write. */
export function commonOptionsFor(verb: Pick<AnyStepVerb, 'target' | 'writes' | 'planOnly'>): OptionSpec[] {
  const shared = verb.target === 'none' ? offline : common;
  return verb.writes && !verb.planOnly ? [...dryRun, ...shared] : shared;
}

/** Per-API pacing of a paced client, with its defaults; defined once so every step shows the same flags. */
export interface PacingDefaults {
  /** The API family paced, e.g. `Connect`. */
  api: string;
  rate: number;
  burst: number;
  concurrency: number;
  /** Older environment variable names still accepted: `<prefix>_RATE`, `_BURST`, `_CONCURRENCY`. */
  legacyEnvPrefix?: string;
}

/** `--rate`, `--burst`, `--concurrency`: an option group for every step that paces its calls to an API. */
export function pacingOptions({ api, rate, burst, concurrency, legacyEnvPrefix }: PacingDefaults) {
  const legacy = (name: string) => (legacyEnvPrefix ? { env: [`${legacyEnvPrefix}_${name}`] } : {});
  return {
    rate: option.integer({
      ...legacy('RATE'),
      min: 1,
      max: 1000,
      valueName: 'n',
      description: `Requests per second per ${api} API (default ${rate})`,
    }),
    burst: option.integer({
      ...legacy('BURST'),
      min: 1,
      max: 1000,
      valueName: 'n',
      description: `Requests at once per ${api} API after a pause (default ${burst})`,
    }),
    concurrency: option.integer({
      ...legacy('CONCURRENCY'),
      min: 1,
      max: 64,
      valueName: 'n',
      description: `${api} calls in flight at once (default ${concurrency})`,
    }),
  };
}

/** Connect's quotas: about 2 requests/s with a burst of 5 per API, account and region. */
export const CONNECT_PACING_OPTIONS = pacingOptions({
  api: 'Connect',
  rate: 2,
  burst: 5,
  concurrency: 10,
  legacyEnvPrefix: 'EDD_CONNECT',
});
