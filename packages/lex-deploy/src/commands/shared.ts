import { join } from 'node:path';
import { requireTarget, type StepContext } from '@edd/core';
import type { WaitSettings } from '../aws/lex.js';
import { CONFIG_FILE, readConfig, type LexDeployConfig } from '../model/config.js';
import type { Place } from '../model/names.js';
import type { RuleEnvironment } from '../model/rules.js';

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 1200;
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** The options every lex-deploy verb takes for its configuration and its waits. */
export interface LexCommonOptions {
  config?: string;
  waitTimeout?: number;
  pollInterval?: number;
}

/** The configuration named by `--config`, else `lex-deploy.json` in `folder` when there is one. */
export function loadConfig(options: LexCommonOptions, folder: string): Promise<LexDeployConfig> {
  const named = options.config;
  return readConfig(named ?? join(folder, CONFIG_FILE), { required: named !== undefined });
}

export function waitSettings(options: LexCommonOptions, config: LexDeployConfig): WaitSettings {
  const seconds = options.waitTimeout ?? config.waitTimeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
  return { timeoutMs: seconds * 1000, intervalMs: options.pollInterval ?? DEFAULT_POLL_INTERVAL_MS };
}

export function targetOf(ctx: StepContext): { environment: RuleEnvironment; place: Place } {
  const target = requireTarget(ctx);
  return {
    environment: { values: ctx.placeholders(), record: target.record },
    place: { account: target.account, region: target.region },
  };
}
