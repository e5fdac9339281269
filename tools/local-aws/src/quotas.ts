import type { EmulatorClock } from './clock.js';
import { LocalAwsConfigError } from './errors.js';

/** A request-rate quota as AWS states them: a steady rate and a burst, enforced as a token bucket. */
export interface RequestQuota {
  /** Requests per second the bucket refills with. */
  rate: number;
  /** Requests the bucket holds: how many can arrive at once after a pause. */
  burst: number;
}

/** What `GET /_local/quotas` shows and `POST /_local/quotas` changes. */
export interface QuotaSettings {
  enabled: boolean;
  timeScale: number;
  /** The quota of every API of a service, per account and region; services not listed are not limited. */
  services: Record<string, RequestQuota>;
}

export interface QuotaCall {
  account: string;
  region: string;
  service: string;
  operation: string;
}

interface Bucket {
  tokens: number;
  /** Emulated time of the last refill. */
  refilledAt: number;
}

const MAX_TIME_SCALE = 1_000_000;
const SETTINGS_FIELDS = new Set(['enabled', 'timeScale', 'services']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function timeScaleProblem(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_TIME_SCALE
    ? undefined
    : `timeScale must be a number above 0 and at most ${MAX_TIME_SCALE} (got ${JSON.stringify(value)})`;
}

function quotaProblems(service: string, value: unknown, current: RequestQuota | undefined): string[] {
  if (value === null) return [];
  if (!isRecord(value)) return [`services.${service} must be {"rate": <n>, "burst": <n>} or null`];
  const problems = Object.keys(value)
    .filter((key) => key !== 'rate' && key !== 'burst')
    .map((key) => `services.${service} has unknown field '${key}' (fields: rate, burst)`);
  const rate = value.rate ?? current?.rate;
  const burst = value.burst ?? current?.burst;
  if (!(typeof rate === 'number' && Number.isFinite(rate) && rate > 0)) {
    problems.push(`services.${service}.rate must be a number of requests per second above 0`);
  }
  if (!(typeof burst === 'number' && Number.isInteger(burst) && burst >= 1)) {
    problems.push(`services.${service}.burst must be a whole number of at least 1`);
  }
  return problems;
}

/**
 * Per-API token buckets: one per account, region, service and operation, as AWS meters its control-plane APIs.
 * A bucket starts full (`burst` tokens) and refills at `rate` tokens a second of emulated time, so `timeScale` times
 * faster on the wall clock; a call that finds it empty is throttled and takes nothing.
 */
export class RequestQuotas {
  private current: QuotaSettings;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly startup: QuotaSettings,
    private readonly knownServices: readonly string[],
  ) {
    this.current = structuredClone(startup);
    clock.timeScale = startup.timeScale;
  }

  /** Takes a token for the call; false when its bucket is empty and the call must be throttled. */
  admit(call: QuotaCall): boolean {
    const quota = this.current.enabled ? this.current.services[call.service] : undefined;
    if (!quota) return true;
    const key = `${call.account}\u0000${call.region}\u0000${call.service}\u0000${call.operation}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: quota.burst, refilledAt: now };
    const refill = ((now - bucket.refilledAt) / 1000) * quota.rate;
    bucket.tokens = Math.min(quota.burst, bucket.tokens + refill);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  settings(): QuotaSettings {
    return { ...structuredClone(this.current), timeScale: this.clock.timeScale };
  }

  /**
   * Applies a partial change from an untrusted source (`{"enabled": false}`, `{"timeScale": 20}`,
   * `{"services": {"connect": {"rate": 5}}}`, `null` for a service removes its quota); throws LocalAwsConfigError
   * listing every problem and changes nothing then. Buckets start full again after any change.
   */
  update(change: unknown): QuotaSettings {
    if (!isRecord(change)) throw new LocalAwsConfigError('quotas', ['expected a JSON object']);
    const problems = Object.keys(change)
      .filter((key) => !SETTINGS_FIELDS.has(key))
      .map((key) => `unknown field '${key}' (fields: ${[...SETTINGS_FIELDS].join(', ')})`);
    if (change.enabled !== undefined && typeof change.enabled !== 'boolean')
      problems.push('enabled must be true or false');
    if (change.timeScale !== undefined) {
      const problem = timeScaleProblem(change.timeScale);
      if (problem) problems.push(problem);
    }
    const services = change.services;
    if (services !== undefined && !isRecord(services)) problems.push('services must be an object keyed by service');
    const serviceChanges = isRecord(services) ? Object.entries(services) : [];
    for (const [service, value] of serviceChanges) {
      if (!this.knownServices.includes(service)) {
        problems.push(`services.${service}: not an emulated service (${this.knownServices.join(', ')})`);
      } else {
        problems.push(...quotaProblems(service, value, this.current.services[service]));
      }
    }
    if (problems.length > 0) throw new LocalAwsConfigError('quotas', problems);
    if (typeof change.enabled === 'boolean') this.current.enabled = change.enabled;
    if (typeof change.timeScale === 'number') this.clock.timeScale = change.timeScale;
    for (const [service, value] of serviceChanges) {
      if (value === null) {
        delete this.current.services[service];
      } else {
        const quota = value as Partial<RequestQuota>;
        const previous = this.current.services[service];
        this.current.services[service] = {
          rate: quota.rate ?? (previous as RequestQuota).rate,
          burst: quota.burst ?? (previous as RequestQuota).burst,
        };
      }
    }
    this.buckets.clear();
    return this.settings();
  }

  /** Back to the startup settings (time scale included), every bucket full. */
  reset(): void {
    this.current = structuredClone(this.startup);
    this.clock.timeScale = this.startup.timeScale;
    this.buckets.clear();
  }
}
