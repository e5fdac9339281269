import { redact } from './redact.js';

export interface ResourceEntry {
  type: string;
  name: string;
  action: string;
  durationMs?: number;
  detail?: unknown;
}

/** The machine-readable result of one step run, written to stdout with `--json`. */
export class RunReport {
  readonly resources: ResourceEntry[] = [];
  private readonly fields: Record<string, unknown> = {};
  private readonly started = Date.now();

  constructor(
    readonly step: string,
    readonly version: string,
    readonly verb: string,
  ) {}

  set(key: string, value: unknown): void {
    this.fields[key] = value;
  }

  addResource(entry: ResourceEntry): void {
    this.resources.push(entry);
  }

  toJSON(outcome: { exitCode: number; error?: string }): Record<string, unknown> {
    const counts: Record<string, number> = {};
    for (const r of this.resources) counts[r.action] = (counts[r.action] ?? 0) + 1;
    return {
      step: this.step,
      version: this.version,
      verb: this.verb,
      ...this.fields,
      exitCode: outcome.exitCode,
      ...(outcome.error ? { error: outcome.error } : {}),
      durationMs: Date.now() - this.started,
      summary: counts,
      resources: this.resources,
    };
  }

  /** Serialized report; secrets are masked here too, since reports end up as build artifacts. */
  render(outcome: { exitCode: number; error?: string }): string {
    return `${redact(JSON.stringify(this.toJSON(outcome), null, 2))}\n`;
  }
}
