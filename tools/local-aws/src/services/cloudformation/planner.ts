import {
  containsUnresolved,
  Evaluator,
  referencedNames,
  sameValue,
  Unresolved,
  type EvaluationScope,
  type ResourceView,
} from './intrinsics.js';
import { parameterValues, type StackParameter } from './parameters.js';
import type { Properties, Recreation, ResourceProvider } from './resources/provider.js';
import { partitionOf, type Export, type Stack, type StackOutput, type StackResource, type Tag } from './stacks.js';
import { formatError, TemplateError, type ResourceDeclaration, type Template } from './template.js';

export type ChangeSource = 'DirectModification' | 'ParameterReference' | 'ResourceReference';

/** Why a resource changes: one property, as DescribeChangeSet details it. */
export interface ChangeDetail {
  property: string;
  recreation: Recreation;
  evaluation: 'Static' | 'Dynamic';
  source: ChangeSource;
  causingEntity?: string;
}

export interface PlannedResource {
  logicalId: string;
  type: string;
  declaration: ResourceDeclaration;
  provider: ResourceProvider;
  dependencies: string[];
  action: 'Add' | 'Modify' | 'None';
  replacement: boolean;
  details: ChangeDetail[];
  previous?: StackResource;
}

/** What a deployment asks for. */
export interface DeploymentRequest {
  templateBody: string;
  template: Template;
  parameters: StackParameter[];
  capabilities: string[];
  tags: Tag[];
  notificationArns: string[];
  roleArn?: string;
}

/** A computed change set: the resources in creation order, what happens to each, and what goes away. */
export interface Plan {
  request: DeploymentRequest;
  conditions: ReadonlyMap<string, boolean>;
  resources: PlannedResource[];
  removals: StackResource[];
  /** False when the deployment would change nothing: CloudFormation's empty change set. */
  changed: boolean;
}

function pseudoParameters(stack: Stack, notificationArns: string[]): Record<string, string | string[]> {
  return {
    'AWS::AccountId': stack.account,
    'AWS::Region': stack.region,
    'AWS::StackName': stack.name,
    'AWS::StackId': stack.id,
    'AWS::Partition': partitionOf(stack.region),
    'AWS::URLSuffix': stack.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::NotificationARNs': notificationArns,
  };
}

/** A resource seen through its record: its physical id and attributes, once it has them. */
export function recordView(
  logicalId: string,
  provider: ResourceProvider,
  record: StackResource | undefined,
): ResourceView {
  return {
    ref: () => record?.physicalId ?? new Unresolved(logicalId),
    attribute: (name) => {
      if (!provider.attributes.includes(name)) {
        throw new TemplateError(
          `Template error: resource ${logicalId} does not support attribute type ${name} in Fn::GetAtt`,
        );
      }
      return record?.attributes[name] ?? new Unresolved(logicalId);
    },
  };
}

export interface ScopeSources {
  stack: Stack;
  request: DeploymentRequest;
  conditions: (name: string) => boolean;
  resource: (logicalId: string) => ResourceView | undefined;
  exports: ReadonlyMap<string, Export>;
  /** Collects the export names Fn::ImportValue reads. */
  imports?: Set<string>;
}

export function evaluationScope({
  stack,
  request,
  conditions,
  resource,
  exports,
  imports,
}: ScopeSources): EvaluationScope {
  return {
    parameters: parameterValues(request.template, request.parameters),
    pseudo: pseudoParameters(stack, request.notificationArns),
    mappings: request.template.Mappings,
    condition: conditions,
    resource,
    importValue(name) {
      const found = exports.get(name);
      if (!found) throw new TemplateError(`No export named ${name} found.`);
      imports?.add(name);
      return found.value;
    },
  };
}

/** Evaluates every condition of a template once, in dependency order; conditions cannot read resources. */
export function evaluateConditions(stack: Stack, request: DeploymentRequest): Map<string, boolean> {
  const definitions = request.template.Conditions;
  const values = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const condition = (name: string): boolean => {
    const known = values.get(name);
    if (known !== undefined) return known;
    if (!(name in definitions)) throw formatError(`Unresolved condition dependency ${name} in Fn::If`);
    if (evaluating.has(name))
      throw formatError(`Circular dependency between conditions: [${[...evaluating].join(', ')}]`);
    evaluating.add(name);
    const value = evaluator.condition(definitions[name]);
    evaluating.delete(name);
    values.set(name, value);
    return value;
  };
  const evaluator = new Evaluator(
    evaluationScope({
      stack,
      request,
      conditions: condition,
      resource: (logicalId) => {
        throw formatError(
          `Unresolved dependencies [${logicalId}]. Cannot reference resources in the Conditions block of the template`,
        );
      },
      exports: new Map(),
    }),
  );
  for (const name of Object.keys(definitions)) condition(name);
  return values;
}

function dependsOn(declaration: ResourceDeclaration): string[] {
  const value = declaration.DependsOn;
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Orders resources so that each comes after what it depends on; a cycle is a template error. */
function creationOrder(dependencies: ReadonlyMap<string, string[]>): string[] {
  const order: string[] = [];
  const remaining = new Map([...dependencies].map(([id, deps]) => [id, new Set(deps)]));
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([id]) => id);
    if (ready.length === 0) {
      throw new TemplateError(`Circular dependency between resources: [${[...remaining.keys()].join(', ')}]`);
    }
    for (const id of ready) {
      order.push(id);
      remaining.delete(id);
      for (const deps of remaining.values()) deps.delete(id);
    }
  }
  return order;
}

function outputText(key: string, value: unknown): string | Unresolved {
  if (value instanceof Unresolved || typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw formatError(`The Value field of every Outputs member must evaluate to a String. (Output ${key})`);
}

/** The outputs a template declares, for the resources a scope sees; values may still be unresolved while planning. */
export function evaluateOutputs(
  template: Template,
  conditions: ReadonlyMap<string, boolean>,
  evaluator: Evaluator,
): { key: string; value: string | Unresolved; description?: string; exportName?: string | Unresolved }[] {
  return Object.entries(template.Outputs)
    .filter(([, output]) => output.Condition === undefined || conditions.get(output.Condition) === true)
    .map(([key, output]) => {
      const description = output.Description === undefined ? undefined : evaluator.evaluate(output.Description);
      const exportName =
        output.Export === undefined ? undefined : outputText(key, evaluator.evaluate(output.Export.Name));
      return {
        key,
        value: outputText(key, evaluator.evaluate(output.Value)),
        description: description === undefined ? undefined : String(description),
        exportName,
      };
    });
}

export interface PlanSources {
  stack: Stack;
  request: DeploymentRequest;
  providers: ReadonlyMap<string, ResourceProvider>;
  exports: ReadonlyMap<string, Export>;
}

/**
 * Computes a deployment as CloudFormation computes a change set: unsupported types, conditions, references and
 * cycles are template errors; each resource is added, modified (in place or by replacement) or left alone by
 * comparing its evaluated properties with what the stack holds, and resources the template drops are removed.
 * Throws TemplateError.
 */
export function planDeployment({ stack, request, providers, exports }: PlanSources): Plan {
  const { template } = request;
  const unknownTypes = [...new Set(Object.values(template.Resources).map((resource) => resource.Type))].filter(
    (type) => !providers.has(type),
  );
  if (unknownTypes.length > 0) throw formatError(`Unrecognized resource types: [${unknownTypes.join(', ')}]`);

  const conditions = evaluateConditions(stack, request);
  const conditionValue = (name: string, where: string): boolean => {
    const value = conditions.get(name);
    if (value === undefined)
      throw formatError(`Unresolved dependencies [${name}] in the ${where} block of the template`);
    return value;
  };
  const included = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Condition === undefined || conditionValue(resource.Condition, 'Resources'),
  );
  const includedIds = new Set(included.map(([id]) => id));
  const known = (name: string) => name.startsWith('AWS::') || name in template.Parameters;
  const condition = (name: string) => conditionValue(name, 'Resources');

  const dependencies = new Map<string, string[]>();
  for (const [logicalId, resource] of included) {
    const names = new Set([...dependsOn(resource), ...referencedNames(resource.Properties ?? {}, condition)]);
    const unresolved = [...names].filter((name) => !known(name) && !includedIds.has(name));
    if (unresolved.length > 0) {
      throw formatError(
        `Unresolved resource dependencies [${unresolved.join(', ')}] in the Resources block of the template`,
      );
    }
    dependencies.set(
      logicalId,
      [...names].filter((name) => includedIds.has(name)),
    );
  }
  for (const output of Object.values(template.Outputs)) {
    if (output.Condition !== undefined && !conditionValue(output.Condition, 'Outputs')) continue;
    const unresolved = [...referencedNames([output.Value, output.Export], condition)].filter(
      (name) => !known(name) && !includedIds.has(name),
    );
    if (unresolved.length > 0) {
      throw formatError(
        `Unresolved resource dependencies [${unresolved.join(', ')}] in the Outputs block of the template`,
      );
    }
  }

  const planned = new Map<string, PlannedResource>();
  const view = (logicalId: string): ResourceView | undefined => {
    const resource = planned.get(logicalId);
    if (!resource) return undefined;
    const record = resource.action === 'Add' || resource.replacement ? undefined : resource.previous;
    return recordView(logicalId, resource.provider, record);
  };
  const evaluator = new Evaluator(evaluationScope({ stack, request, conditions: condition, resource: view, exports }));
  const previousDefinition = stack.definition;
  const changedParameters = new Set(
    request.parameters
      .filter(({ key, value }) => previousDefinition?.parameters.find((old) => old.key === key)?.value !== value)
      .map(({ key }) => key),
  );

  for (const logicalId of creationOrder(dependencies)) {
    const declaration = template.Resources[logicalId] as ResourceDeclaration;
    const provider = providers.get(declaration.Type) as ResourceProvider;
    const previous = stack.resources.get(logicalId);
    const resource: PlannedResource = {
      logicalId,
      type: declaration.Type,
      declaration,
      provider,
      dependencies: dependencies.get(logicalId) ?? [],
      action: 'Add',
      replacement: false,
      details: [],
    };
    planned.set(logicalId, resource);
    const properties = evaluator.evaluate(declaration.Properties ?? {}) as Properties;
    if (!previous) continue;
    if (previous.type !== declaration.Type) {
      throw new TemplateError(
        `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${logicalId}]`,
      );
    }
    resource.previous = previous;
    resource.details = changeDetails(properties, previous, declaration, provider, changedParameters, condition);
    resource.action = resource.details.length > 0 ? 'Modify' : 'None';
    resource.replacement = resource.details.some((detail) => detail.recreation === 'Always');
  }

  const removals = [...stack.resources.values()].filter(
    (resource) => !includedIds.has(resource.logicalId) && resource.status !== 'DELETE_COMPLETE',
  );
  const outputs = evaluateOutputs(template, conditions, evaluator);
  const resources = [...planned.values()];
  const changed =
    previousDefinition === undefined ||
    resources.some((resource) => resource.action !== 'None') ||
    removals.length > 0 ||
    !sameOutputs(outputs, previousDefinition.outputs) ||
    !sameValue(request.tags, previousDefinition.tags);
  return { request, conditions, resources, removals, changed };
}

function sameOutputs(outputs: ReturnType<typeof evaluateOutputs>, previous: readonly StackOutput[]): boolean {
  return (
    outputs.length === previous.length &&
    outputs.every((output, index) => {
      const old = previous[index];
      return (
        old !== undefined &&
        old.key === output.key &&
        sameValue(old.value, output.value) &&
        sameValue(old.exportName, output.exportName) &&
        old.description === output.description
      );
    })
  );
}

function changeDetails(
  properties: Properties,
  previous: StackResource,
  declaration: ResourceDeclaration,
  provider: ResourceProvider,
  changedParameters: ReadonlySet<string>,
  condition: (name: string) => boolean,
): ChangeDetail[] {
  const names = new Set([...Object.keys(previous.properties), ...Object.keys(properties)]);
  const details: ChangeDetail[] = [];
  for (const property of names) {
    const value = properties[property];
    if (sameValue(previous.properties[property], value)) continue;
    const written = declaration.Properties?.[property];
    const referenced = [...referencedNames(written, condition)];
    const parameter = referenced.find((name) => changedParameters.has(name));
    let source: ChangeSource = 'ResourceReference';
    let causingEntity: string | undefined = referenced.find((name) => !name.startsWith('AWS::'));
    if (!sameValue(previous.declaration.Properties?.[property], written)) {
      source = 'DirectModification';
      causingEntity = undefined;
    } else if (parameter) {
      source = 'ParameterReference';
      causingEntity = parameter;
    }
    details.push({
      property,
      recreation: provider.properties[property]?.recreation ?? 'Never',
      evaluation: containsUnresolved(value) ? 'Dynamic' : 'Static',
      source,
      causingEntity,
    });
  }
  return details;
}
