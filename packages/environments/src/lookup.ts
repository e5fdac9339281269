import { REGISTRY, type EnvironmentRecord } from './registry.js';

export type EnvironmentErrorCode =
  | 'MISSING_ENVIRONMENT'
  | 'UNKNOWN_ENVIRONMENT'
  | 'AMBIGUOUS_ENVIRONMENT'
  | 'UNKNOWN_ACCOUNT'
  | 'INVALID_ACCOUNT'
  | 'UNCONFIRMED_ACCOUNT'
  | 'MISMATCH'
  | 'NOT_A_TARGET'
  | 'INVALID_TARGET_ACCOUNT';

/** A configuration problem with the environment or account a step was given. Steps exit 2 on it. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(
    readonly code: EnvironmentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ACCOUNT_PATTERN = /^\d{12}$/;
const REGISTRY_FILE = 'packages/environments/src/registry.json';

export function isValidAccountNumber(value: string): boolean {
  return ACCOUNT_PATTERN.test(value);
}

/** The name pipelines use for an environment (`$Environment`), e.g. `qa-fix`. */
export function environmentKey(record: EnvironmentRecord): string {
  return record.ivName.toLowerCase();
}

export function describeRecord(record: EnvironmentRecord): string {
  const edd = record.eddName && record.eddName !== record.ivName ? ` (EDD name ${record.eddName})` : '';
  return `${record.ivName}${edd}, account ${record.account}`;
}

function namesOf(record: EnvironmentRecord): string[] {
  return [record.ivName, record.eddName].filter((n): n is string => n !== null).map((n) => n.toLowerCase());
}

/** Every rule the registry data must satisfy; an empty list means valid. */
export function validateRegistry(records: readonly EnvironmentRecord[]): string[] {
  const problems: string[] = [];
  const seen = { iv: new Map<string, string>(), edd: new Map<string, string>(), account: new Map<string, string>() };
  for (const r of records) {
    const label = `environment '${r.ivName}'`;
    if (!r.ivName || !/^[A-Za-z][A-Za-z0-9-]*$/.test(r.ivName)) {
      problems.push(`${label}: ivName must start with a letter and contain only letters, digits and '-'`);
    }
    if (r.eddName !== null && !/^[A-Za-z][A-Za-z0-9-]*$/.test(r.eddName)) {
      problems.push(
        `${label}: eddName '${r.eddName}' must start with a letter and contain only letters, digits and '-'`,
      );
    }
    if (typeof r.account !== 'string') {
      problems.push(`${label}: account must be a string (leading zeros are significant)`);
    } else if (r.confirmed && !isValidAccountNumber(r.account)) {
      problems.push(`${label}: account '${r.account}' must be exactly 12 digits`);
    }
    if (!r.branch || !/^[A-Za-z0-9._/-]+$/.test(r.branch))
      problems.push(`${label}: branch '${r.branch}' is not a valid branch name`);
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r.defaultRegion)) {
      problems.push(`${label}: defaultRegion '${r.defaultRegion}' is not an AWS region name`);
    }
    if (!r.purpose?.trim()) problems.push(`${label}: purpose is empty`);
    if (r.production !== undefined && typeof r.production !== 'boolean')
      problems.push(`${label}: production must be true or false`);
    if (r.production && r.pipelineAccount)
      problems.push(`${label}: the pipeline account is not a deployment target and cannot be production`);
    for (const [kind, value] of [
      ['iv', r.ivName.toLowerCase()],
      ['edd', r.eddName?.toLowerCase()],
      ['account', r.account],
    ] as const) {
      if (value === undefined) continue;
      const map = seen[kind];
      const other = map.get(value);
      if (other !== undefined) {
        const what = kind === 'account' ? 'account' : kind === 'iv' ? 'IV name' : 'EDD name';
        problems.push(`${label}: ${what} '${value}' is also used by environment '${other}'`);
      } else {
        map.set(value, r.ivName);
      }
    }
  }
  if (records.filter((r) => r.pipelineAccount).length > 1)
    problems.push('only one environment can be the pipeline account');
  return problems;
}

export interface ResolveInput {
  /** `$Environment`: an IV or EDD name, any case. */
  environment?: string | undefined;
  /** `$AccountNumber`. */
  account?: string | undefined;
}

export class Registry {
  constructor(readonly records: readonly EnvironmentRecord[]) {
    const problems = validateRegistry(records);
    if (problems.length > 0) {
      throw new EnvironmentError('INVALID_ACCOUNT', `The environment registry is invalid: ${problems.join('; ')}`);
    }
  }

  /** Environments a pipeline may deploy into: confirmed, and not the pipeline account itself. */
  targets(): EnvironmentRecord[] {
    return this.records.filter((r) => r.confirmed && !r.pipelineAccount);
  }

  /** The production targets (Prod, Prod-FIX): manual approval, and their own build role in the Shared account. */
  productionTargets(): EnvironmentRecord[] {
    return this.targets().filter((r) => r.production === true);
  }

  pipelineAccount(): EnvironmentRecord | undefined {
    return this.records.find((r) => r.pipelineAccount);
  }

  /** Records whose IV or EDD name equals `name` (case-insensitive). More than one means the name is ambiguous. */
  findByName(name: string): EnvironmentRecord[] {
    const wanted = name.trim().toLowerCase();
    return this.records.filter((r) => namesOf(r).includes(wanted));
  }

  findByAccount(account: string): EnvironmentRecord | undefined {
    return this.records.find((r) => r.account === account.trim());
  }

  /**
   * Resolves `$Environment` / `$AccountNumber` to one confirmed registry entry. When both are given they must
   * name the same account; the account decides which entry is meant, so a name that is the IV name of one account
   * and the EDD name of another (`UAT`) is still unambiguous.
   */
  resolve(input: ResolveInput): EnvironmentRecord {
    const environment = input.environment?.trim() || undefined;
    const account = input.account?.trim() || undefined;
    if (!environment && !account) {
      throw new EnvironmentError(
        'MISSING_ENVIRONMENT',
        'No target environment: set $Environment and $AccountNumber (or pass --environment and --account), e.g. Environment=qa AccountNumber=640079793484',
      );
    }
    let record: EnvironmentRecord | undefined;
    if (account) {
      record = this.findByAccount(account);
      if (record && !record.confirmed) throw unconfirmed(record);
      if (!isValidAccountNumber(account)) {
        throw new EnvironmentError(
          'INVALID_ACCOUNT',
          `AccountNumber '${account}' is not a 12-digit AWS account number; check the pipeline's TargetAccount parameter (e.g. qa/640079793484)`,
        );
      }
      if (!record) {
        throw new EnvironmentError(
          'UNKNOWN_ACCOUNT',
          `AccountNumber ${account} is not in the environment registry; add it with 'pnpm new-environment' or fix the pipeline's TargetAccount`,
        );
      }
      if (environment && !namesOf(record).includes(environment.toLowerCase())) {
        const named = this.findByName(environment);
        const meant = named.length > 0 ? ` while '${environment}' is ${named.map(describeRecord).join(' / ')}` : '';
        const candidates = [...named, record].map(formatTargetAccount).join(' or ');
        throw new EnvironmentError(
          'MISMATCH',
          `Environment '${environment}' and AccountNumber ${account} disagree: ${account} is ${describeRecord(record)}${meant}; fix the pipeline's TargetAccount (${candidates})`,
        );
      }
    } else if (environment) {
      const matches = this.findByName(environment);
      if (matches.length === 0) {
        const known = this.records.map(environmentKey).join(', ');
        throw new EnvironmentError(
          'UNKNOWN_ENVIRONMENT',
          `Environment '${environment}' is not in the registry; known environments: ${known}`,
        );
      }
      if (matches.length > 1) {
        throw new EnvironmentError(
          'AMBIGUOUS_ENVIRONMENT',
          `Environment '${environment}' is ambiguous: it names ${matches.map(describeRecord).join(' and ')}; also set $AccountNumber (or --account)`,
        );
      }
      record = matches[0]!;
    }
    if (!record!.confirmed) throw unconfirmed(record!);
    return record!;
  }

  /** Deployment targets resolved like {@link resolve}, refusing the pipeline account. */
  resolveTarget(input: ResolveInput): EnvironmentRecord {
    const record = this.resolve(input);
    if (record.pipelineAccount) {
      throw new EnvironmentError(
        'NOT_A_TARGET',
        `${describeRecord(record)} hosts the pipelines and is not a deployment target; pick a target environment`,
      );
    }
    return record;
  }

  /** `TargetAccount` AllowedValues for the pipeline product, in registry order. */
  targetAccountValues(): string[] {
    return this.targets().map(formatTargetAccount);
  }
}

function unconfirmed(record: EnvironmentRecord): EnvironmentError {
  return new EnvironmentError(
    'UNCONFIRMED_ACCOUNT',
    `Environment ${record.ivName} cannot be used: its account number in the registry (${record.account}) is unconfirmed (${record.account.length} digits, an AWS account has 12); confirm the number and update ${REGISTRY_FILE}`,
  );
}

export function formatTargetAccount(record: EnvironmentRecord): string {
  return `${environmentKey(record)}/${record.account}`;
}

/** Parses a pipeline `TargetAccount` value such as `qa/640079793484` (syntax only; resolve it to check it). */
export function parseTargetAccount(value: string): { environment: string; account: string } {
  const match = /^([A-Za-z][A-Za-z0-9-]*)\/(\d+)$/.exec(value.trim());
  if (!match) {
    throw new EnvironmentError(
      'INVALID_TARGET_ACCOUNT',
      `TargetAccount '${value}' must look like <environment>/<12-digit account>, e.g. qa/640079793484`,
    );
  }
  return { environment: match[1]!, account: match[2]! };
}

export const registry = new Registry(REGISTRY);
