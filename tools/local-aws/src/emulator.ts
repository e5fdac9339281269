import { CallLog } from './call-log.js';
import { EmulatorClock } from './clock.js';
import { FaultInjector, parseFaultRules, type FaultRule } from './faults.js';
import { IdentityStore } from './identity.js';
import { withLexGenericEngine } from './generic/lex.js';
import { createInternalCaller } from './internal-calls.js';
import { RequestQuotas } from './quotas.js';
import { ServiceRegistry } from './registry.js';
import { createCloudFormationService } from './services/cloudformation/service.js';
import { createConnectService } from './services/connect/service.js';
import { createDynamoDbService } from './services/dynamodb/service.js';
import { createLambdaService } from './services/lambda/service.js';
import { createLexService } from './services/lex/service.js';
import { ObjectStore } from './services/s3/object-store.js';
import { createS3Service } from './services/s3/service.js';
import { createStsService } from './services/sts.js';

export interface EmulatorOptions {
  seed: number;
  faults: unknown;
  callLogSize: number;
  /** How many times faster than AWS emulated time runs: quota refills and every emulated delay. */
  timeScale: number;
  /** Whether request quotas (per-API token buckets) are enforced. */
  quotas: boolean;
  /** How long (AWS time) a new resource reads as missing by id and stays out of lists. */
  consistencyDelayMs: number;
}

/** The state `--state-dir` keeps: every service's, and how far emulated time had run ahead of the wall clock. */
export interface EmulatorState {
  clockOffsetMs: number;
  /** By service name (`sts`, `dynamodb`, ...). */
  services: Record<string, unknown>;
}

/** Everything local-aws holds: the services and their state, issued credentials, fault rules and the call log. */
export class Emulator {
  readonly identities = new IdentityStore(() => this.stateChanged());
  readonly registry: ServiceRegistry;
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  readonly clock = new EmulatorClock();
  readonly quotas: RequestQuotas;
  /** S3's buckets and objects, which other services read (Connect prompts) or keep files in (Lex V2 exports). */
  readonly objects = new ObjectStore();
  /**
   * Told after anything that may change the state: a write call, an admin request that seeds or denies, a reset, a
   * step of a stack operation running in the background. `--state-dir` saves the state soon after.
   */
  stateChanged: () => void = () => {};

  constructor({ seed, faults, callLogSize, timeScale, quotas, consistencyDelayMs }: EmulatorOptions) {
    const readS3Object = (account: string, region: string, bucket: string, key: string) =>
      this.objects.readObject(account, region, bucket, key);
    const lambda = createLambdaService({ readS3Object });
    const lex = createLexService({ clock: this.clock, objects: this.objects });
    this.registry = new ServiceRegistry([
      createStsService({ identities: this.identities }),
      createDynamoDbService(),
      createS3Service(this.objects),
      lambda,
      withLexGenericEngine(lex),
      createConnectService({
        clock: this.clock,
        consistencyDelayMs,
        lambdaFunctionExists: (account, region, name) => lambda.functionExists(account, region, name),
        lexBotAliasExists: (account, region, botId, aliasId) => lex.botAliasExists(account, region, botId, aliasId),
        readS3Object,
      }),
      createCloudFormationService({
        clock: this.clock,
        call: createInternalCaller(this),
        readS3Object,
        stateChanged: () => this.stateChanged(),
      }),
    ]);
    this.quotas = new RequestQuotas(
      this.clock,
      {
        enabled: quotas,
        timeScale,
        services: Object.fromEntries(
          this.registry.services.flatMap(({ name, implementation }) =>
            implementation.requestQuota ? [[name, { ...implementation.requestQuota }]] : [],
          ),
        ),
      },
      this.registry.names,
    );
    this.faults = new FaultInjector(this.parseFaults(faults), seed);
    this.calls = new CallLog(callLogSize);
  }

  /** Checks rules from an untrusted source against the emulated services; throws LocalAwsConfigError. */
  private parseFaults(rules: unknown): FaultRule[] {
    return parseFaultRules(rules, this.registry.faultCatalog());
  }

  setFaults(rules: unknown): readonly FaultRule[] {
    this.faults.replace(this.parseFaults(rules));
    return this.faults.rules;
  }

  /**
   * Back to the state right after start: no tables or instances, no issued credentials, startup fault rules and
   * quotas, empty call log.
   */
  async reset(): Promise<void> {
    await Promise.all(this.registry.services.map(({ implementation }) => implementation.reset()));
    this.identities.clear();
    this.faults.reset();
    this.quotas.reset();
    this.calls.clear();
    this.stateChanged();
  }

  async snapshot(): Promise<EmulatorState> {
    const services = await Promise.all(
      this.registry.services.map(async ({ name, implementation }) => [name, await implementation.snapshot()] as const),
    );
    return { clockOffsetMs: this.clock.offset, services: Object.fromEntries(services) };
  }

  /** Takes over a state `snapshot` gave in an earlier run; services it does not mention start empty. */
  async restore({ clockOffsetMs, services }: EmulatorState): Promise<void> {
    const unknown = Object.keys(services).filter((name) => !this.registry.forSigningName(name));
    if (unknown.length > 0)
      throw new Error(`it holds state of services local-aws does not emulate: ${unknown.join(', ')}`);
    this.clock.offset = clockOffsetMs;
    for (const { name, implementation } of this.registry.services) {
      if (!Object.hasOwn(services, name)) continue;
      try {
        await implementation.restore(services[name]);
      } catch (error) {
        throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.registry.services.map(({ implementation }) => implementation.close()));
  }
}
