import type { ResourceType } from './descriptor.js';
import { agentStatus } from './agent-status.js';
import { authenticationProfile } from './authentication-profile.js';
import { evaluationForm } from './evaluation-form.js';
import { flow } from './flow.js';
import { flowModule } from './flow-module.js';
import { hierarchyGroup } from './hierarchy-group.js';
import { hierarchyStructure } from './hierarchy-structure.js';
import { hoursOfOperation } from './hours-of-operation.js';
import { hoursOfOperationOverride } from './hours-of-operation-override.js';
import { integrationAssociation } from './integration-association.js';
import { phoneNumberFlow } from './phone-number-flow.js';
import { predefinedAttribute } from './predefined-attribute.js';
import { prompt } from './prompt.js';
import { queue } from './queue.js';
import { quickConnect } from './quick-connect.js';
import { routingProfile } from './routing-profile.js';
import { rule } from './rule.js';
import { securityProfile } from './security-profile.js';
import { taskTemplate } from './task-template.js';
import { user } from './user.js';
import { view } from './view.js';
import { vocabulary } from './vocabulary.js';

/**
 * Every resource type connect-deploy knows, in dependency order: exports and plans list them in this order, and a
 * type comes after the types it can reference (cycles are resolved by the applier, not by this order).
 */
export const RESOURCES = [
  hoursOfOperation,
  hoursOfOperationOverride,
  agentStatus,
  hierarchyStructure,
  hierarchyGroup,
  securityProfile,
  predefinedAttribute,
  prompt,
  vocabulary,
  view,
  flowModule,
  flow,
  taskTemplate,
  queue,
  quickConnect,
  routingProfile,
  phoneNumberFlow,
  evaluationForm,
  rule,
  user,
  authenticationProfile,
  integrationAssociation,
] as const;

/** The `$ref` type of a resource of the instance. */
export type InstanceResourceType = (typeof RESOURCES)[number]['type'];

// The engine handles every type through the same interface; each module keeps its own body type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResource = ResourceType<any, InstanceResourceType>;

const BY_TYPE = new Map<string, AnyResource>(RESOURCES.map((r) => [r.type, r as AnyResource]));

export function resourceOf(type: string): AnyResource {
  const found = BY_TYPE.get(type);
  if (!found) throw new Error(`unknown resource type ${type}`);
  return found;
}

export function isResourceType(type: string): type is InstanceResourceType {
  return BY_TYPE.has(type);
}

/** Types written to exports, in order. */
export const EXPORTED = RESOURCES.filter((r) => r.export !== 'never') as readonly AnyResource[];

export * from './descriptor.js';
