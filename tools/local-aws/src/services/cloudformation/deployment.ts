import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorClock } from '../../clock.js';
import { AwsError } from '../../errors.js';
import type { InternalCaller } from '../../internal-calls.js';
import { Evaluator, sameValue, Unresolved } from './intrinsics.js';
import { evaluateOutputs, evaluationScope, recordView, type Plan, type PlannedResource } from './planner.js';
import {
  invalidProperties,
  ResourceFailure,
  type Properties,
  type ProvisionContext,
  type ResourceProvider,
} from './resources/provider.js';
import { partitionOf, type RegionStacks, type Stack, type StackOutput, type StackResource } from './stacks.js';
import { TemplateError } from './template.js';

/** How long CloudFormation takes over each resource it creates, updates or deletes (AWS milliseconds). */
const RESOURCE_STEP_MS = 1000;
const STACK_RESOURCE_TYPE = 'AWS::CloudFormation::Stack';
const INVOKED_BY = 'cloudformation.amazonaws.com';

const SERVICE_LABELS: Readonly<Record<string, string>> = { dynamodb: 'DynamoDb', lambda: 'Lambda', s3: 'S3' };

/** The handler error codes of CloudFormation's resource providers, by the service's error code. */
const HANDLER_ERROR_CODES: Readonly<Record<string, string>> = {
  ResourceInUseException: 'AlreadyExists',
  ResourceConflictException: 'AlreadyExists',
  BucketAlreadyExists: 'AlreadyExists',
  BucketAlreadyOwnedByYou: 'AlreadyExists',
  ResourceNotFoundException: 'NotFound',
  NoSuchBucket: 'NotFound',
  AccessDenied: 'AccessDenied',
  AccessDeniedException: 'AccessDenied',
  ThrottlingException: 'Throttling',
  TooManyRequestsException: 'Throttling',
  SlowDown: 'Throttling',
  LimitExceededException: 'ServiceLimitExceeded',
};

/** What a deployment needs from the service around it. */
export interface DeploymentEnvironment {
  clock: EmulatorClock;
  call: InternalCaller;
  providers: ReadonlyMap<string, ResourceProvider>;
  stacks: RegionStacks;
  /** Aborted when local-aws resets: the deployment stops where it is. */
  signal: AbortSignal;
  /** Told after every event, each of which marks a change of the stack or its resources. */
  stateChanged: () => void;
}

interface Step {
  kind: 'create' | 'update' | 'replace';
  logicalId: string;
  before?: StackResource;
  after: StackResource;
}

function failureReason(error: unknown): string {
  if (error instanceof ResourceFailure || error instanceof TemplateError) return error.message;
  return `Internal Failure: ${error instanceof Error ? error.message : String(error)}`;
}

/** The random part of generated names: upper-case letters and digits, as CloudFormation's. */
function randomSuffix(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

export function generatedName(
  stackName: string,
  logicalId: string,
  { maxLength = 255, lowercase = false }: { maxLength?: number; lowercase?: boolean } = {},
): string {
  const suffix = randomSuffix(maxLength < 40 ? 8 : 13);
  const room = maxLength - suffix.length - 2;
  const logicalRoom = Math.min(logicalId.length, Math.max(Math.floor(room / 2), room - stackName.length));
  const name = `${stackName.slice(0, room - logicalRoom)}-${logicalId.slice(0, logicalRoom)}-${suffix}`;
  return lowercase ? name.toLowerCase() : name;
}

/** Required properties missing and properties the type does not know, in CloudFormation's words. */
function schemaProblems(provider: ResourceProvider, properties: Properties): string[] {
  const missing = Object.entries(provider.properties)
    .filter(([name, spec]) => spec.required && properties[name] === undefined)
    .map(([name]) => `#: required key [${name}] not found`);
  const extraneous = Object.keys(properties)
    .filter((name) => !(name in provider.properties))
    .map((name) => `#: extraneous key [${name}] is not permitted`);
  return [...missing, ...extraneous];
}

function changedProperties(before: Properties, after: Properties): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (name) => !sameValue(before[name], after[name]),
  );
}

/** Runs stack operations: deployments of a plan, rollbacks and deletions, with events as CloudFormation writes them. */
export class StackOperations {
  constructor(private readonly environment: DeploymentEnvironment) {}

  private wait(awsMs: number): Promise<void> {
    const ms = this.environment.clock.scaled(awsMs);
    // Below a timer's resolution there is nothing to wait for: at high time scales a whole deployment then finishes
    // before a caller's first look, instead of costing the AWS CLI's waiter its 30-second sleep.
    if (ms < 1)
      return this.environment.signal.aborted ? Promise.reject(this.environment.signal.reason) : Promise.resolve();
    return sleep(ms, undefined, { signal: this.environment.signal });
  }

  private event(
    stack: Stack,
    fields: {
      logicalId: string;
      physicalId: string;
      type: string;
      status: string;
      reason?: string;
      properties?: Properties;
    },
  ): void {
    const timestamp = new Date();
    const stackEvent = fields.type === STACK_RESOURCE_TYPE;
    stack.events.push({
      eventId: stackEvent ? randomUUID() : `${fields.logicalId}-${fields.status}-${timestamp.toISOString()}`,
      logicalId: fields.logicalId,
      physicalId: fields.physicalId,
      resourceType: fields.type,
      timestamp,
      status: fields.status,
      reason: fields.reason,
      properties: fields.properties && JSON.stringify(fields.properties),
    });
    this.environment.stateChanged();
  }

  private setStatus(stack: Stack, status: string, reason?: string): void {
    stack.status = status;
    stack.reason = reason;
    this.event(stack, { logicalId: stack.name, physicalId: stack.id, type: STACK_RESOURCE_TYPE, status, reason });
  }

  private resourceEvent(stack: Stack, record: StackResource, status: string, reason?: string): void {
    record.status = status;
    record.reason = reason;
    record.timestamp = new Date();
    this.event(stack, {
      logicalId: record.logicalId,
      physicalId: record.physicalId,
      type: record.type,
      status,
      reason,
      properties: status.endsWith('_IN_PROGRESS') && reason === undefined ? record.properties : undefined,
    });
  }

  private provisionContext(stack: Stack, logicalId: string, resourceType: string): ProvisionContext {
    const { account, region } = stack;
    return {
      stackName: stack.name,
      logicalId,
      resourceType,
      account,
      region,
      partition: partitionOf(region),
      generatedName: (options) => generatedName(stack.name, logicalId, options),
      call: async (service, operation, input, identifier) => {
        try {
          return await this.environment.call({
            service,
            operation,
            input,
            account,
            region,
            principal: stack.principal,
            invokedBy: INVOKED_BY,
          });
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          const creating = operation.startsWith('Create') || operation === 'AddPermission';
          const handlerCode =
            (error.code === 'ResourceInUseException' || error.code === 'ResourceConflictException') && !creating
              ? 'ResourceConflict'
              : (HANDLER_ERROR_CODES[error.code] ?? (error.status >= 500 ? 'ServiceInternalError' : 'InvalidRequest'));
          const detail =
            handlerCode === 'AlreadyExists' && identifier !== undefined
              ? `Resource of type '${resourceType}' with identifier '${identifier}' already exists.`
              : `${error.message} (Service: ${SERVICE_LABELS[service] ?? service}, Status Code: ${error.status}, Request ID: ${randomUUID()})`;
          throw new ResourceFailure(
            `Resource handler returned message: "${detail}" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${handlerCode})`,
            error.code,
          );
        }
      },
    };
  }

  private provider(type: string): ResourceProvider {
    const provider = this.environment.providers.get(type);
    if (!provider) throw new Error(`no provider for ${type}`);
    return provider;
  }

  /** Runs a stack operation in the background; a reset of local-aws abandons it. */
  start(stack: Stack, operation: () => Promise<void>, failedStatus: string): void {
    operation().catch((error: unknown) => {
      if (this.environment.signal.aborted) return;
      this.setStatus(
        stack,
        failedStatus,
        `Internal Failure: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /** Creates or updates a stack's resources by a plan, then commits it or rolls back. Returns whether it succeeded. */
  async deploy(stack: Stack, plan: Plan, kind: 'CREATE' | 'UPDATE', disableRollback: boolean): Promise<boolean> {
    const { request } = plan;
    if (kind === 'CREATE') stack.definition = { ...request, outputs: [], imports: [] };
    stack.disableRollback = disableRollback;
    this.setStatus(stack, `${kind}_IN_PROGRESS`, 'User Initiated');
    const planned = new Map(plan.resources.map((resource) => [resource.logicalId, resource]));
    const imports = new Set<string>();
    const evaluator = new Evaluator(
      evaluationScope({
        stack,
        request,
        conditions: (name) => plan.conditions.get(name) ?? false,
        resource: (logicalId) => {
          const resource = planned.get(logicalId);
          return resource && recordView(logicalId, resource.provider, stack.resources.get(logicalId));
        },
        exports: this.environment.stacks.exports,
        imports,
      }),
    );
    const steps: Step[] = [];
    const failures: { logicalId: string; created: boolean }[] = [];
    const outcomes = new Map<string, Promise<boolean>>();
    for (const resource of plan.resources) {
      const dependencies = resource.dependencies.map((id) => outcomes.get(id) ?? Promise.resolve(true));
      outcomes.set(
        resource.logicalId,
        Promise.all(dependencies).then((ready) =>
          ready.every(Boolean) && failures.length === 0
            ? this.applyResource(stack, resource, evaluator, steps, failures)
            : false,
        ),
      );
    }
    await Promise.all(outcomes.values());

    let failure: string | undefined;
    let outputs: StackOutput[] = [];
    if (failures.length > 0) {
      const verb = failures.some((entry) => entry.created) ? 'create' : 'update';
      failure = `The following resource(s) failed to ${verb}: [${failures.map((entry) => entry.logicalId).join(', ')}]. `;
    } else {
      try {
        outputs = this.resolvedOutputs(plan, evaluator);
        this.checkExports(stack, outputs);
      } catch (error) {
        failure = failureReason(error);
      }
    }
    if (failure !== undefined) {
      await this.rollBack(stack, kind, steps, failures, disableRollback, failure);
      return false;
    }

    stack.definition = { ...request, outputs, imports: [...imports] };
    this.publishExports(stack, outputs);
    if (kind === 'CREATE') {
      this.setStatus(stack, 'CREATE_COMPLETE');
      return true;
    }
    stack.lastUpdatedTime = new Date();
    this.setStatus(stack, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const replaced = steps.flatMap((step) => (step.kind === 'replace' && step.before ? [step.before] : []));
    await this.deleteAll(stack, replaced, 'UpdateReplacePolicy', { detached: true });
    await this.deleteAll(stack, plan.removals, 'DeletionPolicy', { forget: true });
    this.setStatus(stack, 'UPDATE_COMPLETE');
    return true;
  }

  private resolvedOutputs(plan: Plan, evaluator: Evaluator): StackOutput[] {
    return evaluateOutputs(plan.request.template, plan.conditions, evaluator).map((output) => {
      if (output.value instanceof Unresolved || output.exportName instanceof Unresolved) {
        throw new TemplateError(`Output ${output.key} refers to a resource that was not created`);
      }
      return { key: output.key, value: output.value, description: output.description, exportName: output.exportName };
    });
  }

  /** Export names are unique in an account and region, and an export in use by another stack cannot change. */
  private checkExports(stack: Stack, outputs: readonly StackOutput[]): void {
    const { exports } = this.environment.stacks;
    for (const output of outputs) {
      if (output.exportName === undefined) continue;
      const holder = exports.get(output.exportName);
      if (holder && holder.stackId !== stack.id) {
        const holderName = this.environment.stacks.find(holder.stackId)?.name ?? holder.stackId;
        throw new TemplateError(`Export with name ${output.exportName} is already exported by stack ${holderName}`);
      }
    }
    for (const old of stack.definition?.outputs ?? []) {
      if (old.exportName === undefined) continue;
      const replacement = outputs.find((output) => output.exportName === old.exportName);
      if (replacement && replacement.value === old.value) continue;
      const importer = this.environment.stacks.importers(old.exportName).find((other) => other !== stack);
      if (importer) {
        throw new TemplateError(
          replacement
            ? `Export ${old.exportName} cannot be updated as it is in use by ${importer.name}`
            : `Export ${old.exportName} cannot be deleted as it is in use by ${importer.name}`,
        );
      }
    }
  }

  private publishExports(stack: Stack, outputs: readonly StackOutput[]): void {
    const { exports } = this.environment.stacks;
    for (const [name, entry] of exports) if (entry.stackId === stack.id) exports.delete(name);
    for (const output of outputs) {
      if (output.exportName !== undefined) {
        exports.set(output.exportName, { name: output.exportName, value: output.value, stackId: stack.id });
      }
    }
  }

  private async applyResource(
    stack: Stack,
    resource: PlannedResource,
    evaluator: Evaluator,
    steps: Step[],
    failures: { logicalId: string; created: boolean }[],
  ): Promise<boolean> {
    if (resource.action === 'None') return true;
    const { logicalId, provider, previous } = resource;
    const record: StackResource = {
      logicalId,
      type: resource.type,
      physicalId: previous?.physicalId ?? '',
      properties: {},
      attributes: previous?.attributes ?? {},
      status: '',
      timestamp: new Date(),
      declaration: resource.declaration,
      dependencies: resource.dependencies,
    };
    let kind: Step['kind'] = previous ? 'update' : 'create';
    const verb = previous ? 'UPDATE' : 'CREATE';
    try {
      record.properties = evaluator.evaluate(resource.declaration.Properties ?? {}) as Properties;
      if (previous && sameValue(previous.properties, record.properties)) return true;
      if (!previous) stack.resources.set(logicalId, record);
      this.resourceEvent(stack, previous ? { ...record } : record, `${verb}_IN_PROGRESS`);
      const problems = schemaProblems(provider, record.properties);
      if (problems.length > 0) throw invalidProperties(logicalId, problems);
      const context = this.provisionContext(stack, logicalId, resource.type);
      if (previous) {
        const recreated = changedProperties(previous.properties, record.properties).filter(
          (name) => provider.properties[name]?.recreation === 'Always',
        );
        if (recreated.length > 0) {
          kind = 'replace';
          const name = provider.nameProperty && record.properties[provider.nameProperty];
          if (
            name !== undefined &&
            name !== '' &&
            sameValue(name, previous.properties[provider.nameProperty as string])
          ) {
            throw new ResourceFailure(
              `CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename ${String(name)} and update the stack again.`,
            );
          }
          this.resourceEvent(
            stack,
            { ...record },
            'UPDATE_IN_PROGRESS',
            'Requested update requires the creation of a new physical resource; hence creating one.',
          );
        }
      }
      const result =
        kind === 'update'
          ? await provider.update(record.properties, previous as StackResource, context)
          : await provider.create(record.properties, context);
      record.physicalId = result.physicalId;
      record.attributes = result.attributes;
      if (kind !== 'update')
        this.resourceEvent(stack, { ...record }, `${verb}_IN_PROGRESS`, 'Resource creation Initiated');
      await this.wait(RESOURCE_STEP_MS);
      stack.resources.set(logicalId, record);
      this.resourceEvent(stack, record, `${verb}_COMPLETE`);
      steps.push({ kind, logicalId, before: previous, after: record });
      return true;
    } catch (error) {
      if (this.environment.signal.aborted) throw error;
      failures.push({ logicalId, created: !previous });
      const failed = previous ? { ...previous } : record;
      if (!previous) record.physicalId = '';
      this.resourceEvent(stack, failed, `${verb}_FAILED`, failureReason(error));
      if (!previous) stack.resources.set(logicalId, record);
      return false;
    }
  }

  private async rollBack(
    stack: Stack,
    kind: 'CREATE' | 'UPDATE',
    steps: readonly Step[],
    failures: readonly { logicalId: string; created: boolean }[],
    disableRollback: boolean,
    reason: string,
  ): Promise<void> {
    if (disableRollback) {
      this.setStatus(stack, `${kind}_FAILED`, reason);
      return;
    }
    if (kind === 'CREATE') {
      this.setStatus(stack, 'ROLLBACK_IN_PROGRESS', `${reason}Rollback requested by user.`);
      const ok = await this.deleteAll(stack, [...stack.resources.values()], 'DeletionPolicy', {
        rollingBackCreate: true,
      });
      this.setStatus(stack, ok ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED');
      return;
    }
    this.setStatus(stack, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
    const discarded: StackResource[] = [];
    try {
      for (const step of [...steps].reverse()) {
        if (step.kind === 'create') discarded.push(step.after);
        else if (step.before) {
          const before = step.before;
          if (step.kind === 'update') {
            this.resourceEvent(stack, { ...step.after }, 'UPDATE_IN_PROGRESS');
            await this.provider(before.type).update(
              before.properties,
              step.after,
              this.provisionContext(stack, before.logicalId, before.type),
            );
            await this.wait(RESOURCE_STEP_MS);
          } else discarded.push(step.after);
          stack.resources.set(before.logicalId, before);
          this.resourceEvent(stack, before, 'UPDATE_COMPLETE');
        }
      }
    } catch (error) {
      if (this.environment.signal.aborted) throw error;
      this.setStatus(stack, 'UPDATE_ROLLBACK_FAILED', failureReason(error));
      return;
    }
    for (const { logicalId, created } of failures) {
      const record = stack.resources.get(logicalId);
      if (!record) continue;
      if (created) discarded.push(record);
      else this.resourceEvent(stack, record, 'UPDATE_COMPLETE');
    }
    this.setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    await this.deleteAll(stack, discarded, 'DeletionPolicy', { rollingBackCreate: true, forget: true });
    this.setStatus(stack, 'UPDATE_ROLLBACK_COMPLETE');
  }

  /**
   * Deletes resources, each after those that depend on it, honouring their DeletionPolicy (or UpdateReplacePolicy
   * for resources a replacement left behind). Returns whether every deletion succeeded.
   */
  private async deleteAll(
    stack: Stack,
    records: readonly StackResource[],
    policy: 'DeletionPolicy' | 'UpdateReplacePolicy',
    options: { rollingBackCreate?: boolean; detached?: boolean; forget?: boolean; retain?: ReadonlySet<string> },
  ): Promise<boolean> {
    const outcomes = new Map<StackResource, Promise<boolean>>();
    const deleteOne = async (record: StackResource): Promise<boolean> => {
      const dependents = records.filter((other) => other !== record && other.dependencies.includes(record.logicalId));
      await Promise.all(dependents.map((other) => outcomes.get(other)));
      const current = () => stack.resources.get(record.logicalId) === record;
      const shown = options.detached ? { ...record } : record;
      const forget = () => {
        if (options.forget && current()) stack.resources.delete(record.logicalId);
      };
      if (record.status === 'DELETE_COMPLETE') return true;
      if (record.physicalId === '') {
        this.resourceEvent(stack, shown, 'DELETE_COMPLETE');
        forget();
        return true;
      }
      const chosen = record.declaration[policy];
      const retained =
        options.retain?.has(record.logicalId) ||
        chosen === 'Retain' ||
        (chosen === 'RetainExceptOnCreate' && !options.rollingBackCreate);
      if (retained) {
        this.resourceEvent(stack, shown, 'DELETE_SKIPPED');
        forget();
        return true;
      }
      this.resourceEvent(stack, shown, 'DELETE_IN_PROGRESS');
      try {
        await this.provider(record.type).delete(record, this.provisionContext(stack, record.logicalId, record.type));
        await this.wait(RESOURCE_STEP_MS);
        this.resourceEvent(stack, shown, 'DELETE_COMPLETE');
        forget();
        return true;
      } catch (error) {
        if (this.environment.signal.aborted) throw error;
        this.resourceEvent(stack, shown, 'DELETE_FAILED', failureReason(error));
        return false;
      }
    };
    for (const record of records)
      outcomes.set(
        record,
        Promise.resolve().then(() => deleteOne(record)),
      );
    const results = await Promise.all(outcomes.values());
    return results.every(Boolean);
  }

  /** DeleteStack: every resource, then the stack; a failure leaves the stack DELETE_FAILED. */
  async delete(stack: Stack, retain: ReadonlySet<string>): Promise<void> {
    this.setStatus(stack, 'DELETE_IN_PROGRESS', 'User Initiated');
    for (const output of stack.definition?.outputs ?? []) {
      if (output.exportName === undefined) continue;
      const importer = this.environment.stacks.importers(output.exportName).find((other) => other !== stack);
      if (importer) {
        this.setStatus(
          stack,
          'DELETE_FAILED',
          `Export ${output.exportName} cannot be deleted as it is in use by ${importer.name}`,
        );
        return;
      }
    }
    const records = [...stack.resources.values()];
    const ok = await this.deleteAll(stack, records, 'DeletionPolicy', { retain });
    if (!ok) {
      const failed = records.filter((record) => record.status === 'DELETE_FAILED').map((record) => record.logicalId);
      this.setStatus(stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
      return;
    }
    this.publishExports(stack, []);
    stack.deletionTime = new Date();
    this.setStatus(stack, 'DELETE_COMPLETE');
  }
}
