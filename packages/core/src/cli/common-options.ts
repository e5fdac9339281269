import type { VerbDefinition } from './definition.js';
import type { OptionSpec } from './options.js';

export const COMMON_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'environment',
    flag: 'environment',
    short: 'e',
    kind: 'string',
    env: ['Environment'],
    valueName: 'name',
    description: 'Target environment (IV or EDD name from the registry)',
  },
  {
    key: 'account',
    flag: 'account',
    kind: 'string',
    env: ['AccountNumber'],
    valueName: '12 digits',
    description: 'Target AWS account; must agree with the environment',
  },
  {
    key: 'region',
    flag: 'region',
    kind: 'string',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    valueName: 'region',
    description: "AWS region (else the registry's default region of the environment)",
  },
  { key: 'json', flag: 'json', kind: 'boolean', default: false, description: 'Print a JSON report on stdout' },
  {
    key: 'debug',
    flag: 'debug',
    kind: 'boolean',
    env: ['EDD_DEBUG'],
    default: false,
    description: 'Verbose log and stack traces',
  },
  { key: 'help', flag: 'help', short: 'h', kind: 'boolean', default: false, description: 'Show this help' },
  { key: 'version', flag: 'version', kind: 'boolean', default: false, description: 'Print the version' },
];

const DRY_RUN: OptionSpec = {
  key: 'dryRun',
  flag: 'dry-run',
  kind: 'boolean',
  default: false,
  description: 'Compute and print the full change set; make no write calls',
};

/** Options every verb accepts besides its own: target, output, and `--dry-run` for verbs that write. */
export function commonOptionsFor(verb: VerbDefinition): OptionSpec[] {
  const common =
    verb.target === 'none'
      ? COMMON_OPTIONS.filter((o) => !['environment', 'account', 'region'].includes(o.key))
      : [...COMMON_OPTIONS];
  return verb.writes && !verb.planOnly ? [DRY_RUN, ...common] : common;
}
