import { expandPlaceholders, requireTarget, type StepContext } from '@edd/core';
import { CONNECT_DEFAULT_PACING, ConnectApi, type Pacing } from '../aws/connect-api.js';
import type { ConnectDeployConfig } from '../model/config.js';

/** The pacing flags (`CONNECT_PACING_OPTIONS`) a command was given. */
export interface PacingFlags {
  rate?: number;
  burst?: number;
  concurrency?: number;
}

/** Pacing from flags, else the config's rateLimit, else Connect's default quota. */
export function pacingFrom(options: PacingFlags, config: ConnectDeployConfig): Pacing {
  return {
    ratePerSecond: options.rate ?? config.rateLimit?.ratePerSecond ?? CONNECT_DEFAULT_PACING.ratePerSecond,
    burst: options.burst ?? config.rateLimit?.burst ?? CONNECT_DEFAULT_PACING.burst,
    concurrency: options.concurrency ?? config.rateLimit?.concurrency ?? CONNECT_DEFAULT_PACING.concurrency,
  };
}

export function connectApi(ctx: StepContext, options: PacingFlags, config: ConnectDeployConfig): ConnectApi {
  return new ConnectApi(
    ctx.aws,
    pacingFrom(options, config),
    ctx.logger.debugEnabled ? (line) => ctx.logger.debug(line) : undefined,
  );
}

/** The instance alias with `${Environment}`, `${AccountNumber}`, `${Region}` expanded for the target. */
export function instanceAlias(ctx: StepContext, alias: string | undefined): string | undefined {
  return alias ? expandPlaceholders(alias, ctx.placeholders(), '--instance-alias') : undefined;
}

export function targetLabel(ctx: StepContext): string {
  return requireTarget(ctx).label;
}
