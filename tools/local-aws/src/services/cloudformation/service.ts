import type { EmulatorClock } from '../../clock.js';
import { AwsError } from '../../errors.js';
import type { InternalCaller } from '../../internal-calls.js';
import { ServiceModel, type ServiceModelJson } from '../../models/model.js';
import type { StructureValue } from '../../protocols/protocol.js';
import { queryProtocol } from '../../protocols/query.js';
import type { OperationContext, OperationHandler, ServiceEmulator } from '../service.js';
import { StackOperations } from './deployment.js';
import { resolveParameters, type ParameterInput } from './parameters.js';
import { planDeployment, type DeploymentRequest, type Plan } from './planner.js';
import { dynamoDbTable } from './resources/dynamodb-table.js';
import { lambdaFunction, lambdaPermission } from './resources/lambda.js';
import type { Capability, ResourceProvider } from './resources/provider.js';
import { RecordedNames, recordedProviders } from './resources/recorded-types.js';
import { s3Bucket } from './resources/s3-bucket.js';
import { restoreRegion, snapshotRegion, type RegionStacksState } from './snapshot.js';
import {
  isInProgress,
  isUpdatable,
  RegionStacks,
  type ChangeSet,
  type ChangeSetType,
  type Stack,
  type StackResource,
  type Tag,
} from './stacks.js';
import { parseTemplate, TemplateError, type Template } from './template.js';
import cloudformationModel from '../../../models/cloudformation.json' with { type: 'json' };

/** How long CloudFormation takes to compute a change set (AWS milliseconds). */
const CHANGE_SET_CREATION_MS = 2000;
const EMPTY_CHANGE_SET =
  "The submitted information didn't contain changes. Submit different information to create a change set.";
const WRITES = new Set([
  'CreateChangeSet',
  'ExecuteChangeSet',
  'DeleteChangeSet',
  'CreateStack',
  'UpdateStack',
  'DeleteStack',
]);
const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const MAX_STACK_NAME = 128;

function validationError(message: string): AwsError {
  return new AwsError({ code: 'ValidationError', message });
}

function stackMissing(name: string): AwsError {
  return validationError(`Stack with id ${name} does not exist`);
}

function invalidChangeSetStatus(message: string): AwsError {
  return new AwsError({ code: 'InvalidChangeSetStatus', message });
}

function changeSetMissing(name: string): AwsError {
  return new AwsError({ code: 'ChangeSetNotFound', message: `ChangeSet [${name}] does not exist`, status: 404 });
}

function asValidationError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TemplateError) throw validationError(error.message);
    throw error;
  }
}

/**
 * Answers once the operation is over or after a few milliseconds, whichever comes first. In AWS an operation outlasts
 * its request; at a high time scale it takes no time at all, and answering a moment later means callers find it done
 * at their first look (the AWS CLI's stack waiter otherwise sleeps 30 seconds before its second).
 */
async function settleBriefly(operation: Promise<unknown>): Promise<void> {
  await Promise.race([operation.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 50))]);
}

function checkStackName(name: string): void {
  if (!STACK_NAME.test(name) || name.length > MAX_STACK_NAME) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: ` +
        `Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
}

/**
 * A bucket and key from a TemplateURL: path style (`https://s3.<region>.amazonaws.com/<bucket>/<key>`, local-aws's own
 * URLs) or virtual-hosted.
 */
function templateLocation(url: string): { bucket: string; key: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = decodeURIComponent(parsed.pathname.slice(1));
  const virtual = /^(.+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.exec(parsed.hostname);
  if (virtual) return path === '' ? undefined : { bucket: virtual[1] as string, key: path };
  const slash = path.indexOf('/');
  return slash <= 0 ? undefined : { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

export interface CloudFormationOptions {
  clock: EmulatorClock;
  call: InternalCaller;
  readS3Object: (account: string, region: string, bucket: string, key: string) => Buffer | undefined;
  /** Told at every step of a stack operation, which changes state in the background, after its request answered. */
  stateChanged: () => void;
}

/** What CloudFormation keeps across runs. */
interface CloudFormationState {
  regions: RegionStacksState[];
  recordedNames: string[];
}

/**
 * CloudFormation over the query protocol: stacks and change sets per account and region, templates in JSON or YAML
 * with CloudFormation's intrinsic functions, and resources really created in local-aws's DynamoDB, Lambda and S3
 * (IAM and CloudWatch Logs resources are recorded only). Change sets take a while to compute and resources a while
 * to create, in emulated time, so waiters see the in-progress states.
 */
export function createCloudFormationService({
  clock,
  call,
  readS3Object,
  stateChanged,
}: CloudFormationOptions): ServiceEmulator {
  const model = new ServiceModel(cloudformationModel as ServiceModelJson);
  const recordedNames = new RecordedNames();
  const providers: ReadonlyMap<string, ResourceProvider> = new Map(
    [dynamoDbTable, lambdaFunction, lambdaPermission, s3Bucket, ...recordedProviders(recordedNames)].map((provider) => [
      provider.type,
      provider,
    ]),
  );
  let regions = new Map<string, RegionStacks>();
  let lifetime = new AbortController();

  function regionOf({ account, region }: OperationContext): RegionStacks {
    const key = `${account}/${region}`;
    let found = regions.get(key);
    if (!found) {
      found = new RegionStacks(account, region);
      regions.set(key, found);
    }
    return found;
  }

  function operationsFor(stacks: RegionStacks): StackOperations {
    return new StackOperations({ clock, call, providers, stacks, signal: lifetime.signal, stateChanged });
  }

  function existingStack(stacks: RegionStacks, name: string): Stack {
    const stack = stacks.find(name);
    if (!stack) throw stackMissing(name);
    return stack;
  }

  function templateFrom(
    input: StructureValue,
    context: OperationContext,
    stack?: Stack,
  ): { body: string; template: Template } {
    const sources = [input.TemplateBody, input.TemplateURL, input.UsePreviousTemplate === true ? true : undefined];
    const given = sources.filter((source) => source !== undefined).length;
    if (given === 0) throw validationError('Either Template URL or Template Body must be specified.');
    if (given > 1) throw validationError('Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.');
    let body: string;
    if (typeof input.TemplateBody === 'string') body = input.TemplateBody;
    else if (typeof input.TemplateURL === 'string') {
      const location = templateLocation(input.TemplateURL);
      if (!location) throw validationError('TemplateURL must be a supported URL.');
      const object = readS3Object(context.account, context.region, location.bucket, location.key);
      if (!object) throw validationError('S3 error: Access Denied');
      body = object.toString('utf8');
    } else {
      if (!stack?.definition) throw validationError('Cannot use UsePreviousTemplate: the stack has no template');
      body = stack.definition.templateBody;
    }
    return { body, template: asValidationError(() => parseTemplate(body)) };
  }

  /** The capabilities a template's resources need, with the types that need them. */
  function neededCapabilities(template: Template): { capability?: Capability; types: string[] } {
    let capability: Capability | undefined;
    const types = new Set<string>();
    for (const resource of Object.values(template.Resources)) {
      const needed = providers.get(resource.Type)?.capability?.(resource.Properties ?? {});
      if (!needed) continue;
      types.add(resource.Type);
      if (capability !== 'CAPABILITY_NAMED_IAM') capability = needed;
    }
    return { capability, types: [...types] };
  }

  function checkCapabilities(template: Template, given: readonly string[]): void {
    const { capability } = neededCapabilities(template);
    const granted =
      capability === undefined ||
      given.includes('CAPABILITY_NAMED_IAM') ||
      (capability === 'CAPABILITY_IAM' && given.includes('CAPABILITY_IAM'));
    if (!granted) {
      throw new AwsError({
        code: 'InsufficientCapabilitiesException',
        message: `Requires capabilities : [${capability}]`,
      });
    }
  }

  function deploymentRequest(
    input: StructureValue,
    context: OperationContext,
    stack: Stack | undefined,
  ): DeploymentRequest {
    const { body, template } = templateFrom(input, context, stack);
    const previous = stack?.definition;
    const parameters = asValidationError(() =>
      resolveParameters(
        template,
        (input.Parameters as ParameterInput[] | undefined) ?? [],
        previous && new Map(previous.parameters.map(({ key, value }) => [key, value])),
      ),
    );
    const capabilities = (input.Capabilities as string[] | undefined) ?? [];
    checkCapabilities(template, capabilities);
    return {
      templateBody: body,
      template,
      parameters,
      capabilities,
      tags: (input.Tags as Tag[] | undefined) ?? previous?.tags ?? [],
      notificationArns: (input.NotificationARNs as string[] | undefined) ?? previous?.notificationArns ?? [],
      roleArn: (input.RoleARN as string | undefined) ?? previous?.roleArn,
    };
  }

  function plan(stacks: RegionStacks, stack: Stack, request: DeploymentRequest): Plan {
    return planDeployment({ stack, request, providers, exports: stacks.exports });
  }

  /** Where a change set stands: pending, then in progress, then computed, in emulated time. */
  function changeSetState(changeSet: ChangeSet): { status: string; reason?: string; executionStatus: string } {
    const remaining = changeSet.readyAt - clock.now();
    if (remaining > 0) {
      return {
        status: remaining > CHANGE_SET_CREATION_MS / 2 ? 'CREATE_PENDING' : 'CREATE_IN_PROGRESS',
        executionStatus: 'UNAVAILABLE',
      };
    }
    if ('failure' in changeSet.outcome) {
      return { status: 'FAILED', reason: changeSet.outcome.failure, executionStatus: 'UNAVAILABLE' };
    }
    return { status: 'CREATE_COMPLETE', executionStatus: changeSet.executionStatus };
  }

  function findChangeSet(stacks: RegionStacks, name: string, stackName: string | undefined): ChangeSet {
    if (name.startsWith('arn:')) {
      const found = stacks.changeSets.get(name);
      if (!found) throw changeSetMissing(name);
      return found;
    }
    if (stackName === undefined) {
      throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
    }
    const stack = stacks.find(stackName);
    const found = stack && stacks.changeSetsOf(stack).find((changeSet) => changeSet.name === name);
    if (!found) throw changeSetMissing(name);
    return found;
  }

  function parametersOutput(
    stack: Stack | undefined,
    parameters = stack?.definition?.parameters,
  ): StructureValue[] | undefined {
    if (!parameters || parameters.length === 0) return undefined;
    return parameters.map(({ key, value, noEcho }) => ({ ParameterKey: key, ParameterValue: noEcho ? '****' : value }));
  }

  function stackOutput(stack: Stack): StructureValue {
    const definition = stack.definition;
    const outputs = definition?.outputs ?? [];
    return {
      StackId: stack.id,
      StackName: stack.name,
      ChangeSetId: stack.changeSetId,
      Description: definition?.template.Description,
      Parameters: parametersOutput(stack),
      CreationTime: stack.creationTime,
      DeletionTime: stack.deletionTime,
      LastUpdatedTime: stack.lastUpdatedTime,
      RollbackConfiguration: {},
      StackStatus: stack.status,
      StackStatusReason: stack.reason,
      DisableRollback: stack.disableRollback,
      NotificationARNs: definition?.notificationArns ?? [],
      Capabilities: definition && definition.capabilities.length > 0 ? definition.capabilities : undefined,
      Outputs:
        outputs.length > 0
          ? outputs.map((output) => ({
              OutputKey: output.key,
              OutputValue: output.value,
              Description: output.description,
              ExportName: output.exportName,
            }))
          : undefined,
      RoleARN: definition?.roleArn,
      Tags: definition?.tags ?? [],
      EnableTerminationProtection: false,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    };
  }

  function resourceOutput(stack: Stack, resource: StackResource): StructureValue {
    return {
      StackName: stack.name,
      StackId: stack.id,
      LogicalResourceId: resource.logicalId,
      PhysicalResourceId: resource.physicalId || undefined,
      ResourceType: resource.type,
      Timestamp: resource.timestamp,
      LastUpdatedTimestamp: resource.timestamp,
      ResourceStatus: resource.status,
      ResourceStatusReason: resource.reason,
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    };
  }

  function changesOutput(changeSet: ChangeSet): StructureValue[] {
    if (!('plan' in changeSet.outcome)) return [];
    const { resources, removals } = changeSet.outcome.plan;
    const changes = resources
      .filter((resource) => resource.action !== 'None')
      .map((resource) => ({
        Action: resource.action,
        LogicalResourceId: resource.logicalId,
        PhysicalResourceId: resource.previous?.physicalId,
        ResourceType: resource.type,
        Replacement: resource.action === 'Modify' ? (resource.replacement ? 'True' : 'False') : undefined,
        Scope: resource.action === 'Modify' ? ['Properties'] : [],
        Details: resource.details.map((detail) => ({
          Target: { Attribute: 'Properties', Name: detail.property, RequiresRecreation: detail.recreation },
          Evaluation: detail.evaluation,
          ChangeSource: detail.source,
          CausingEntity: detail.causingEntity,
        })),
      }));
    const removed = removals.map((resource) => ({
      Action: 'Remove',
      LogicalResourceId: resource.logicalId,
      PhysicalResourceId: resource.physicalId,
      ResourceType: resource.type,
      Scope: [],
      Details: [],
    }));
    return [...changes, ...removed].map((change) => ({ Type: 'Resource', ResourceChange: change }));
  }

  function changeSetSummary(changeSet: ChangeSet): StructureValue {
    const state = changeSetState(changeSet);
    return {
      StackId: changeSet.stack.id,
      StackName: changeSet.stack.name,
      ChangeSetId: changeSet.id,
      ChangeSetName: changeSet.name,
      ExecutionStatus: state.executionStatus,
      Status: state.status,
      StatusReason: state.reason,
      CreationTime: changeSet.creationTime,
      Description: changeSet.description,
      IncludeNestedStacks: false,
    };
  }

  function templateSummary(template: Template): StructureValue {
    const { types: needing, capability } = neededCapabilities(template);
    return {
      Capabilities: capability ? [capability] : undefined,
      CapabilitiesReason: capability
        ? `The following resource(s) require capabilities: [${needing.join(', ')}]`
        : undefined,
      Description: template.Description,
    };
  }

  function checkResourceTypes(template: Template): void {
    const unknown = [...new Set(Object.values(template.Resources).map((resource) => resource.Type))].filter(
      (type) => !providers.has(type),
    );
    if (unknown.length > 0) {
      throw validationError(`Template format error: Unrecognized resource types: [${unknown.join(', ')}]`);
    }
  }

  /** The stack a stack operation may update, or the error AWS answers. */
  function updatableStack(stacks: RegionStacks, name: string): Stack {
    const stack = stacks.find(name);
    if (!stack) throw validationError(`Stack [${name}] does not exist`);
    if (!isUpdatable(stack))
      throw validationError(`Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
    return stack;
  }

  const operations: Record<string, OperationHandler> = {
    CreateChangeSet(input, context) {
      const stacks = regionOf(context);
      const stackName = input.StackName as string;
      const name = input.ChangeSetName as string;
      const type = ((input.ChangeSetType as string | undefined) ?? 'UPDATE') as ChangeSetType | 'IMPORT';
      if (type === 'IMPORT') throw validationError('Resource import change sets are not emulated by local-aws');
      let stack = stacks.find(stackName);
      if (type === 'CREATE') {
        if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
          throw validationError(
            `Stack [${stackName}] already exists and cannot be created again with the changeSet [${name}].`,
          );
        }
        if (!stack) checkStackName(stackName);
      } else {
        stack = updatableStack(stacks, stackName);
      }
      const request = deploymentRequest(input, context, type === 'UPDATE' ? stack : undefined);
      if (
        stack &&
        stacks
          .changeSetsOf(stack)
          .some((changeSet) => changeSet.name === name && !changeSet.executionStatus.startsWith('EXECUTE_'))
      ) {
        throw new AwsError({ code: 'AlreadyExistsException', message: `ChangeSet ${name} already exists` });
      }
      stack ??= stacks.create(stackName, context.principal, 'REVIEW_IN_PROGRESS');
      let outcome: ChangeSet['outcome'];
      try {
        const computed = plan(stacks, stack, request);
        outcome = computed.changed ? { plan: computed } : { failure: EMPTY_CHANGE_SET };
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        outcome = { failure: error.message };
      }
      const changeSet: ChangeSet = {
        id: stacks.changeSetArn(name),
        name,
        stack,
        type,
        description: input.Description as string | undefined,
        creationTime: new Date(),
        readyAt: clock.after(CHANGE_SET_CREATION_MS),
        outcome,
        executionStatus: 'AVAILABLE',
        templateBody: request.templateBody,
        parameters: request.parameters,
        capabilities: request.capabilities,
        tags: request.tags,
        notificationArns: request.notificationArns,
        roleArn: request.roleArn,
      };
      stacks.changeSets.set(changeSet.id, changeSet);
      return { output: { Id: changeSet.id, StackId: stack.id } };
    },

    DescribeChangeSet(input, context) {
      const changeSet = findChangeSet(
        regionOf(context),
        input.ChangeSetName as string,
        input.StackName as string | undefined,
      );
      const state = changeSetState(changeSet);
      return {
        output: {
          ChangeSetName: changeSet.name,
          ChangeSetId: changeSet.id,
          StackId: changeSet.stack.id,
          StackName: changeSet.stack.name,
          Description: changeSet.description,
          Parameters: parametersOutput(changeSet.stack, changeSet.parameters),
          CreationTime: changeSet.creationTime,
          ExecutionStatus: state.executionStatus,
          Status: state.status,
          StatusReason: state.reason,
          NotificationARNs: changeSet.notificationArns,
          RollbackConfiguration: {},
          Capabilities: changeSet.capabilities,
          Tags: changeSet.tags,
          Changes: state.status === 'CREATE_COMPLETE' ? changesOutput(changeSet) : [],
          IncludeNestedStacks: false,
        },
      };
    },

    async ExecuteChangeSet(input, context) {
      const stacks = regionOf(context);
      const changeSet = findChangeSet(stacks, input.ChangeSetName as string, input.StackName as string | undefined);
      const state = changeSetState(changeSet);
      if (state.status !== 'CREATE_COMPLETE' || !('plan' in changeSet.outcome)) {
        throw invalidChangeSetStatus(
          `ChangeSet [${changeSet.id}] cannot be executed in its current status of [${state.status}]`,
        );
      }
      const { stack } = changeSet;
      if (changeSet.executionStatus !== 'AVAILABLE' || isInProgress(stack)) {
        throw invalidChangeSetStatus(
          `ChangeSet [${changeSet.id}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
        );
      }
      const planned = changeSet.outcome.plan;
      // Executing a change set makes the stack's other change sets meaningless, and CloudFormation deletes them.
      for (const other of stacks.changeSetsOf(stack)) if (other !== changeSet) stacks.changeSets.delete(other.id);
      changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
      stack.changeSetId = changeSet.id;
      stack.principal = context.principal;
      const runner = operationsFor(stacks);
      const deployment = runner.deploy(stack, planned, changeSet.type, input.DisableRollback === true);
      runner.start(
        stack,
        async () => {
          changeSet.executionStatus = (await deployment) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
        },
        changeSet.type === 'CREATE' ? 'ROLLBACK_FAILED' : 'UPDATE_ROLLBACK_FAILED',
      );
      await settleBriefly(deployment);
      return { output: {} };
    },

    DeleteChangeSet(input, context) {
      const stacks = regionOf(context);
      const changeSet = findChangeSet(stacks, input.ChangeSetName as string, input.StackName as string | undefined);
      if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
        throw invalidChangeSetStatus(`Cannot delete ChangeSet in status ${changeSet.executionStatus}`);
      }
      stacks.changeSets.delete(changeSet.id);
      return { output: {} };
    },

    ListChangeSets(input, context) {
      const stacks = regionOf(context);
      const stack = stacks.find(input.StackName as string);
      if (!stack) throw validationError(`Stack [${input.StackName as string}] does not exist`);
      // An executed change set can still be described by its ARN, but no longer belongs to the stack's list.
      const pending = stacks
        .changeSetsOf(stack)
        .filter((changeSet) => !changeSet.executionStatus.startsWith('EXECUTE_'));
      return { output: { Summaries: pending.map(changeSetSummary) } };
    },

    async CreateStack(input, context) {
      const stacks = regionOf(context);
      const name = input.StackName as string;
      checkStackName(name);
      if (stacks.find(name))
        throw new AwsError({ code: 'AlreadyExistsException', message: `Stack [${name}] already exists` });
      const request = deploymentRequest(input, context, undefined);
      const stack = stacks.create(name, context.principal, 'CREATE_IN_PROGRESS');
      let planned: Plan;
      try {
        planned = plan(stacks, stack, request);
      } catch (error) {
        stacks.stacks.splice(stacks.stacks.indexOf(stack), 1);
        if (error instanceof TemplateError) throw validationError(error.message);
        throw error;
      }
      const onFailure = (input.OnFailure as string | undefined) ?? 'ROLLBACK';
      const runner = operationsFor(stacks);
      const deployment = runner.deploy(
        stack,
        planned,
        'CREATE',
        input.DisableRollback === true || onFailure === 'DO_NOTHING',
      );
      runner.start(
        stack,
        async () => {
          if (!(await deployment) && onFailure === 'DELETE') await runner.delete(stack, new Set());
        },
        'ROLLBACK_FAILED',
      );
      await settleBriefly(deployment);
      return { output: { StackId: stack.id } };
    },

    async UpdateStack(input, context) {
      const stacks = regionOf(context);
      const stack = updatableStack(stacks, input.StackName as string);
      const request = deploymentRequest(input, context, stack);
      const planned = asValidationError(() => plan(stacks, stack, request));
      if (!planned.changed) throw validationError('No updates are to be performed.');
      for (const changeSet of stacks.changeSetsOf(stack)) stacks.changeSets.delete(changeSet.id);
      stack.changeSetId = undefined;
      stack.principal = context.principal;
      const runner = operationsFor(stacks);
      const deployment = runner.deploy(stack, planned, 'UPDATE', input.DisableRollback === true);
      runner.start(stack, () => deployment.then(() => undefined), 'UPDATE_ROLLBACK_FAILED');
      await settleBriefly(deployment);
      return { output: { StackId: stack.id } };
    },

    DeleteStack(input, context) {
      const stacks = regionOf(context);
      const stack = stacks.find(input.StackName as string);
      if (!stack || stack.status === 'DELETE_COMPLETE') return { output: {} };
      const retain = new Set((input.RetainResources as string[] | undefined) ?? []);
      if (retain.size > 0 && stack.status !== 'DELETE_FAILED') {
        throw validationError(
          `Invalid operation on stack [${stack.id}]. RetainResources can only be specified when the stack is in the DELETE_FAILED state`,
        );
      }
      if (isInProgress(stack)) {
        throw validationError(`Stack [${stack.name}] cannot be deleted while in status ${stack.status}`);
      }
      for (const changeSet of stacks.changeSetsOf(stack)) stacks.changeSets.delete(changeSet.id);
      stack.principal = context.principal;
      const runner = operationsFor(stacks);
      const deletion = runner.delete(stack, retain);
      runner.start(stack, () => deletion, 'DELETE_FAILED');
      return { output: {} };
    },

    DescribeStacks(input, context) {
      const stacks = regionOf(context);
      const name = input.StackName as string | undefined;
      const found =
        name === undefined
          ? stacks.stacks.filter((stack) => stack.status !== 'DELETE_COMPLETE')
          : [existingStack(stacks, name)];
      return { output: { Stacks: found.map(stackOutput) } };
    },

    DescribeStackEvents(input, context) {
      const stack = existingStack(regionOf(context), input.StackName as string);
      const events = [...stack.events].reverse().map((event) => ({
        StackId: stack.id,
        EventId: event.eventId,
        StackName: stack.name,
        LogicalResourceId: event.logicalId,
        PhysicalResourceId: event.physicalId || undefined,
        ResourceType: event.resourceType,
        Timestamp: event.timestamp,
        ResourceStatus: event.status,
        ResourceStatusReason: event.reason,
        ResourceProperties: event.properties,
      }));
      return { output: { StackEvents: events } };
    },

    DescribeStackResources(input, context) {
      const stacks = regionOf(context);
      const physicalId = input.PhysicalResourceId as string | undefined;
      let stack: Stack | undefined;
      if (input.StackName !== undefined) stack = existingStack(stacks, input.StackName as string);
      else if (physicalId !== undefined) {
        stack = stacks.stacks.find(
          (candidate) =>
            candidate.status !== 'DELETE_COMPLETE' &&
            [...candidate.resources.values()].some((resource) => resource.physicalId === physicalId),
        );
        if (!stack) throw validationError(`Stack for ${physicalId} does not exist`);
      } else {
        throw validationError('Either StackName or PhysicalResourceId must be specified.');
      }
      const found = stack;
      const logicalId = input.LogicalResourceId as string | undefined;
      const resources = [...found.resources.values()].filter(
        (resource) => logicalId === undefined || resource.logicalId === logicalId,
      );
      return { output: { StackResources: resources.map((resource) => resourceOutput(found, resource)) } };
    },

    DescribeStackResource(input, context) {
      const stack = existingStack(regionOf(context), input.StackName as string);
      const logicalId = input.LogicalResourceId as string;
      const resource = stack.resources.get(logicalId);
      if (!resource) throw validationError(`Resource ${logicalId} does not exist for stack ${stack.name}`);
      const metadata = resource.declaration.Metadata;
      return {
        output: {
          StackResourceDetail: {
            ...resourceOutput(stack, resource),
            Metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
          },
        },
      };
    },

    ListStackResources(input, context) {
      const stack = existingStack(regionOf(context), input.StackName as string);
      const summaries = [...stack.resources.values()].map((resource) => resourceOutput(stack, resource));
      return { output: { StackResourceSummaries: summaries } };
    },

    ListStacks(input, context) {
      const filter = input.StackStatusFilter as string[] | undefined;
      const summaries = regionOf(context)
        .stacks.filter((stack) => !filter || filter.includes(stack.status))
        .reverse()
        .map((stack) => ({
          StackId: stack.id,
          StackName: stack.name,
          TemplateDescription: stack.definition?.template.Description,
          CreationTime: stack.creationTime,
          LastUpdatedTime: stack.lastUpdatedTime,
          DeletionTime: stack.deletionTime,
          StackStatus: stack.status,
          StackStatusReason: stack.reason,
          DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
        }));
      return { output: { StackSummaries: summaries } };
    },

    ListExports(_input, context) {
      const exports = [...regionOf(context).exports.values()].map((entry) => ({
        ExportingStackId: entry.stackId,
        Name: entry.name,
        Value: entry.value,
      }));
      return { output: { Exports: exports } };
    },

    ListImports(input, context) {
      const name = input.ExportName as string;
      const importers = regionOf(context).importers(name);
      if (importers.length === 0) throw validationError(`Export '${name}' is not imported by any stack.`);
      return { output: { Imports: importers.map((stack) => stack.name) } };
    },

    GetTemplate(input, context) {
      const stacks = regionOf(context);
      const changeSetName = input.ChangeSetName as string | undefined;
      let body: string | undefined;
      if (changeSetName !== undefined) {
        body = findChangeSet(stacks, changeSetName, input.StackName as string | undefined).templateBody;
      } else {
        const stack = existingStack(stacks, input.StackName as string);
        body = stack.definition?.templateBody;
        if (body === undefined) {
          body = stacks.changeSetsOf(stack).at(-1)?.templateBody;
        }
      }
      return { output: { TemplateBody: body, StagesAvailable: ['Original', 'Processed'] } };
    },

    GetTemplateSummary(input, context) {
      const stacks = regionOf(context);
      let template: Template;
      if (input.StackName !== undefined) {
        const stack = existingStack(stacks, input.StackName as string);
        const body = stack.definition?.templateBody ?? stacks.changeSetsOf(stack).at(-1)?.templateBody;
        if (body === undefined) throw stackMissing(input.StackName as string);
        template = asValidationError(() => parseTemplate(body));
      } else {
        template = templateFrom(input, context).template;
      }
      checkResourceTypes(template);
      return {
        output: {
          ...templateSummary(template),
          Parameters: Object.entries(template.Parameters).map(([key, declaration]) => ({
            ParameterKey: key,
            DefaultValue: declaration.Default === undefined ? undefined : String(declaration.Default),
            ParameterType: declaration.Type,
            NoEcho: String(declaration.NoEcho).toLowerCase() === 'true',
            Description: declaration.Description,
            ParameterConstraints: declaration.AllowedValues
              ? { AllowedValues: declaration.AllowedValues.map(String) }
              : {},
          })),
          ResourceTypes: [...new Set(Object.values(template.Resources).map((resource) => resource.Type))],
          Version: template.AWSTemplateFormatVersion ?? '2010-09-09',
          Metadata: template.Metadata === undefined ? undefined : JSON.stringify(template.Metadata),
          DeclaredTransforms: [],
        },
      };
    },

    ValidateTemplate(input, context) {
      const { template } = templateFrom(input, context);
      checkResourceTypes(template);
      return {
        output: {
          ...templateSummary(template),
          Parameters: Object.entries(template.Parameters).map(([key, declaration]) => ({
            ParameterKey: key,
            DefaultValue: declaration.Default === undefined ? undefined : String(declaration.Default),
            NoEcho: String(declaration.NoEcho).toLowerCase() === 'true',
            Description: declaration.Description,
          })),
          DeclaredTransforms: [],
        },
      };
    },
  };

  return {
    model,
    protocol: queryProtocol,
    errorNamespace: 'com.amazonaws.cloudformation',
    operations,
    validationError,
    throttleErrors: ['Throttling'],
    throttleError: () => new AwsError({ code: 'Throttling', message: 'Rate exceeded' }),
    internalError: () =>
      new AwsError({
        code: 'InternalFailure',
        message: 'The request processing has failed because of an unknown error, exception or failure.',
        status: 500,
      }),
    isWrite: (operation) => WRITES.has(operation),
    async reset() {
      lifetime.abort();
      lifetime = new AbortController();
      regions = new Map();
      recordedNames.clear();
    },
    async snapshot(): Promise<CloudFormationState> {
      return { regions: [...regions.values()].map(snapshotRegion), recordedNames: recordedNames.snapshot() };
    },
    async restore(state) {
      const { regions: saved, recordedNames: names } = state as CloudFormationState;
      lifetime.abort();
      lifetime = new AbortController();
      regions = new Map(
        saved.map((region) => [`${region.account}/${region.region}`, restoreRegion(region, providers)]),
      );
      recordedNames.restore(names);
    },
    async close() {
      lifetime.abort();
    },
  };
}
