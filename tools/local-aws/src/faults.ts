import { LocalAwsConfigError } from './errors.js';

/**
 * A fault to inject into the calls it matches. A rule matches a call of its service, and of its operation and
 * account when it names them. Every matching rule applies in order: latencies add up, the first failure rolled
 * wins, and the highest `unprocessedRate` counts.
 */
export interface FaultRule {
  service: string;
  operation?: string;
  account?: string;
  /** Delay before the response, in milliseconds. */
  latencyMs?: number;
  /** Share of calls (0..1) that fail with the service's internal error (HTTP 5xx). */
  errorRate?: number;
  /** Share of calls (0..1) that fail with a throttling error. */
  throttleRate?: number;
  /** Which throttling error (`ThrottlingException`, `ProvisionedThroughputExceededException`, ...); default per operation. */
  throttleError?: string;
  /** Share of the items of each batch write (0..1) returned as unprocessed instead of written. */
  unprocessedRate?: number;
}

export interface FaultCall {
  service: string;
  operation: string;
  account: string;
}

export type InjectedFailure = { kind: 'internal-error' } | { kind: 'throttle'; throttleError: string | undefined };

export interface FaultDecision {
  latencyMs: number;
  failure: InjectedFailure | undefined;
  unprocessedRate: number;
}

/** What fault rules may name: the emulated services, their operations and throttling errors. */
export type FaultCatalog = ReadonlyMap<string, { operations: readonly string[]; throttleErrors: readonly string[] }>;

const RATE_FIELDS = ['errorRate', 'throttleRate', 'unprocessedRate'] as const;
const RULE_FIELDS = new Set(['service', 'operation', 'account', 'latencyMs', 'throttleError', ...RATE_FIELDS]);
const MAX_LATENCY_MS = 600_000;

function ruleProblems(rule: unknown, catalog: FaultCatalog): string[] {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return ['is not an object'];
  const fields = rule as Record<string, unknown>;
  const problems = Object.keys(fields)
    .filter((key) => !RULE_FIELDS.has(key))
    .map((key) => `has unknown field '${key}' (fields: ${[...RULE_FIELDS].join(', ')})`);
  const service = typeof fields.service === 'string' ? catalog.get(fields.service) : undefined;
  if (!service) {
    problems.push(`service must be one of ${[...catalog.keys()].join(', ')} (got ${JSON.stringify(fields.service)})`);
  }
  if (
    fields.operation !== undefined &&
    !(typeof fields.operation === 'string' && service?.operations.includes(fields.operation))
  ) {
    problems.push(
      `operation ${JSON.stringify(fields.operation)} is not an operation local-aws emulates for that service`,
    );
  }
  if (fields.account !== undefined && !(typeof fields.account === 'string' && /^\d{12}$/.test(fields.account))) {
    problems.push(`account must be a 12-digit account number (got ${JSON.stringify(fields.account)})`);
  }
  const latency = fields.latencyMs;
  const latencyValid =
    typeof latency === 'number' && Number.isInteger(latency) && latency >= 0 && latency <= MAX_LATENCY_MS;
  if (latency !== undefined && !latencyValid) {
    problems.push(`latencyMs must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}`);
  }
  for (const field of RATE_FIELDS) {
    const rate = fields[field];
    if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) {
      problems.push(`${field} must be a number from 0 to 1 (got ${JSON.stringify(rate)})`);
    }
  }
  if (
    fields.throttleError !== undefined &&
    service &&
    !(typeof fields.throttleError === 'string' && service.throttleErrors.includes(fields.throttleError))
  ) {
    problems.push(`throttleError must be one of ${service.throttleErrors.join(', ')}`);
  }
  return problems;
}

/** Checks fault rules from an untrusted source (flags, admin requests); throws listing every problem. */
export function parseFaultRules(value: unknown, catalog: FaultCatalog): FaultRule[] {
  if (!Array.isArray(value)) throw new LocalAwsConfigError('fault rules', ['expected a JSON array of rules']);
  const problems = value.flatMap((rule, index) =>
    ruleProblems(rule, catalog).map((problem) => `rule ${index + 1} ${problem}`),
  );
  if (problems.length > 0) throw new LocalAwsConfigError('fault rules', problems);
  return value.map((rule: FaultRule) => ({ ...rule }));
}

/** A small seeded generator (xorshift32): the same seed gives the same faults for the same sequence of calls. */
function seededRandom(seed: number): () => number {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

function matches(rule: FaultRule, call: FaultCall): boolean {
  return (
    rule.service === call.service &&
    (rule.operation === undefined || rule.operation === call.operation) &&
    (rule.account === undefined || rule.account === call.account)
  );
}

/**
 * Decides which faults each call gets. Rules can be replaced at any time; `reset` restores the startup rules and
 * restarts the random sequence from the seed. Every call passes through `decide` in arrival order, which is where
 * stateful faults (per-API token buckets, eventual-consistency delays) would keep their state.
 */
export class FaultInjector {
  private current: FaultRule[];
  private nextRandom: () => number;

  constructor(
    private readonly startupRules: readonly FaultRule[],
    readonly seed: number,
  ) {
    this.current = [...startupRules];
    this.nextRandom = seededRandom(seed);
  }

  get rules(): readonly FaultRule[] {
    return this.current;
  }

  replace(rules: readonly FaultRule[]): void {
    this.current = [...rules];
  }

  reset(): void {
    this.current = [...this.startupRules];
    this.nextRandom = seededRandom(this.seed);
  }

  /** A number in [0, 1) from the seeded sequence, for faults a service applies itself (which items go unprocessed). */
  random(): number {
    return this.nextRandom();
  }

  decide(call: FaultCall): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, failure: undefined, unprocessedRate: 0 };
    for (const rule of this.current) {
      if (!matches(rule, call)) continue;
      decision.latencyMs += rule.latencyMs ?? 0;
      decision.unprocessedRate = Math.max(decision.unprocessedRate, rule.unprocessedRate ?? 0);
      if (decision.failure) continue;
      if (this.rolls(rule.errorRate)) decision.failure = { kind: 'internal-error' };
      else if (this.rolls(rule.throttleRate))
        decision.failure = { kind: 'throttle', throttleError: rule.throttleError };
    }
    return decision;
  }

  private rolls(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.nextRandom() < rate;
  }
}
