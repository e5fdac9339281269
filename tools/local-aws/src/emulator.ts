import { CallLog } from './call-log.js';
import { FaultInjector, parseFaultRules, type FaultRule } from './faults.js';
import { IdentityStore } from './identity.js';
import { ServiceRegistry } from './registry.js';
import { createDynamoDbService } from './services/dynamodb/service.js';
import { createStsService } from './services/sts.js';

export interface EmulatorOptions {
  seed: number;
  faults: unknown;
  callLogSize: number;
}

/** Everything local-aws holds: the services and their state, issued credentials, fault rules and the call log. */
export class Emulator {
  readonly identities = new IdentityStore();
  readonly registry: ServiceRegistry;
  readonly faults: FaultInjector;
  readonly calls: CallLog;

  constructor({ seed, faults, callLogSize }: EmulatorOptions) {
    this.registry = new ServiceRegistry([createStsService({ identities: this.identities }), createDynamoDbService()]);
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

  /** Back to the state right after start: no tables, no issued credentials, startup fault rules, empty call log. */
  async reset(): Promise<void> {
    await Promise.all(this.registry.services.map(({ implementation }) => implementation.reset()));
    this.identities.clear();
    this.faults.reset();
    this.calls.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.registry.services.map(({ implementation }) => implementation.close()));
  }
}
