import registryData from './registry.json' with { type: 'json' };

/**
 * The account registry of seed Table 1. This file is the single source of truth: the pipeline template's
 * `TargetAccount` AllowedValues are generated from it, and every step checks `$Environment`/`$AccountNumber`
 * against it. Edit it through `pnpm new-environment` so the generated files stay in step.
 */
export interface EnvironmentRecord {
  /** Name used by IV (and by the pipelines: `$Environment` is its lower-case form). */
  ivName: string;
  /** Name EDD uses for the same account, or null where the seed says "n/a". */
  eddName: string | null;
  /** Exactly 12 digits; leading zeros are significant, so it is always a string. */
  account: string;
  purpose: string;
  /** Git branch whose pushes deploy into this account. */
  branch: string;
  defaultRegion: string;
  /** False when the seed's account number could not be confirmed; such an environment cannot be used. */
  confirmed: boolean;
  /** True for the account that hosts the pipelines themselves (it is never a deployment target). */
  pipelineAccount?: boolean;
  /**
   * True for the production accounts (Prod, Prod-FIX): their pipelines stop for a manual approval, and only the
   * Shared account's production build role may deploy into them.
   */
  production?: boolean;
  /** Why an entry is the way it is (e.g. why it is unconfirmed). */
  note?: string;
}

/** The registry data lives in registry.json so that tools (pnpm new-environment) can edit it safely. */
export const REGISTRY: readonly EnvironmentRecord[] = registryData.environments as EnvironmentRecord[];
