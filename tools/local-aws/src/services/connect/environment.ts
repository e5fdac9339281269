import type { EmulatorClock } from '../../clock.js';
import type { GenericEngine } from '../../generic/engine.js';
import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext, OperationHandler } from '../service.js';
import { notFound } from './errors.js';
import type { ConnectInstance, ConnectRegion, ConnectStore, Resource, Tags } from './store.js';

/** Answers whether a Lambda function exists (the Lambda emulator, when there is one). */
export type LambdaFunctionLookup = (account: string, region: string, functionName: string) => boolean;
/** Answers whether a Lex V2 bot alias exists (the Lex V2 emulator, when there is one). */
export type LexBotAliasLookup = (account: string, region: string, botId: string, aliasId: string) => boolean;
/** Reads an S3 object's bytes (the S3 emulator, when there is one); undefined when it does not exist. */
export type S3ObjectReader = (account: string, region: string, bucket: string, key: string) => Buffer | undefined;

/** What every Connect operation works with. */
export interface ConnectEnvironment {
  store: ConnectStore;
  clock: EmulatorClock;
  /** AWS milliseconds a new resource takes to be readable by id and listed. */
  consistencyDelayMs: number;
  lambdaFunctionExists: LambdaFunctionLookup;
  lexBotAliasExists: LexBotAliasLookup;
  readS3Object: S3ObjectReader;
  /** What the generic engine keeps of the operations local-aws does not model by hand (rules, task templates, ...). */
  generic: GenericEngine;
}

export type ConnectHandlers = Record<string, OperationHandler>;

export function regionState(env: ConnectEnvironment, context: OperationContext): ConnectRegion {
  return env.store.region(context.account, context.region);
}

/**
 * The instance `reference` (id or ARN) names in the caller's account and region, once it is ACTIVE: until then
 * Connect has not created its resources, and calls on it fail as if it did not exist.
 */
export function activeInstance(
  env: ConnectEnvironment,
  context: OperationContext,
  reference: unknown,
): ConnectInstance {
  const instance = visibleInstance(env, context, reference);
  if (instance.activeAt > env.clock.now()) {
    throw notFound(`Instance ${instance.id} is still being created (InstanceStatus CREATION_IN_PROGRESS)`);
  }
  return instance;
}

/** The instance `reference` names, whatever its status, once its create has propagated. */
export function visibleInstance(
  env: ConnectEnvironment,
  context: OperationContext,
  reference: unknown,
): ConnectInstance {
  const instance = regionState(env, context).findInstance(String(reference));
  if (!instance || instance.visibleAt > env.clock.now()) throw notFound(`Instance not found: ${String(reference)}`);
  return instance;
}

/** The modification stamp and propagation time of a resource created now. */
export function created(
  env: ConnectEnvironment,
  context: OperationContext,
): Pick<Resource, 'lastModifiedTime' | 'lastModifiedRegion' | 'visibleAt'> {
  return {
    lastModifiedTime: new Date(),
    lastModifiedRegion: context.region,
    visibleAt: env.clock.after(env.consistencyDelayMs),
  };
}

export function touch(resource: Resource, context: OperationContext): void {
  resource.lastModifiedTime = new Date();
  resource.lastModifiedRegion = context.region;
}

export function tagsOf(input: StructureValue): Tags {
  return { ...((input.Tags as Tags | undefined) ?? {}) };
}

/** The summary fields every List* of instance resources shares. */
export function summary(resource: Resource): StructureValue {
  return {
    Id: resource.id,
    Arn: resource.arn,
    Name: resource.name,
    LastModifiedTime: resource.lastModifiedTime,
    LastModifiedRegion: resource.lastModifiedRegion,
  };
}
