import type { FaultCatalog } from './faults.js';
import { ModelValidator } from './models/validator.js';
import type { ServiceEmulator } from './services/service.js';

/** An emulated service with what the server derives from its model once. */
export interface RegisteredService {
  /** The SigV4 signing name (`sts`, `dynamodb`), which is also the service's name in rules and the call log. */
  name: string;
  implementation: ServiceEmulator;
  validator: ModelValidator;
}

/** The emulated services, found by the name requests are signed for or by their `X-Amz-Target` prefix. */
export class ServiceRegistry {
  private readonly byName = new Map<string, RegisteredService>();
  private readonly byTargetPrefix = new Map<string, RegisteredService>();

  constructor(implementations: readonly ServiceEmulator[]) {
    for (const implementation of implementations) {
      const { model } = implementation;
      const modelled = new Set(Object.keys(model.operations));
      const handled = new Set(Object.keys(implementation.operations));
      const unhandled = [...modelled].filter((operation) => !handled.has(operation));
      const unmodelled = [...handled].filter((operation) => !modelled.has(operation));
      if (unhandled.length > 0 || unmodelled.length > 0) {
        // The trimmed model and the handlers must list the same operations: validation needs the one, routing the other.
        throw new Error(
          `${model.metadata.serviceId}: operations without a handler: [${unhandled.join(', ')}]; ` +
            `handlers missing from models/${model.signingName}.json (run scripts/trim-models.mjs): [${unmodelled.join(', ')}]`,
        );
      }
      const service = { name: model.signingName, implementation, validator: new ModelValidator(model) };
      this.byName.set(service.name, service);
      if (model.metadata.targetPrefix) this.byTargetPrefix.set(model.metadata.targetPrefix, service);
    }
  }

  get services(): RegisteredService[] {
    return [...this.byName.values()];
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  forSigningName(name: string): RegisteredService | undefined {
    return this.byName.get(name);
  }

  /** The service an `X-Amz-Target` header (`DynamoDB_20120810.PutItem`) addresses. */
  forTarget(target: string): RegisteredService | undefined {
    return this.byTargetPrefix.get(target.split('.')[0] ?? '');
  }

  faultCatalog(): FaultCatalog {
    return new Map(
      this.services.map(({ name, implementation }) => [
        name,
        { operations: Object.keys(implementation.operations), throttleErrors: implementation.throttleErrors },
      ]),
    );
  }
}
