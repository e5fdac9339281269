import type { FamilyOverrides } from '../../generic/families.js';

// What Connect's operation names alone do not say about its resources, for the generic engine.

/** ARN resource types that are not the family's name in kebab case. */
const ARN_KINDS: Readonly<Record<string, string>> = {
  HoursOfOperation: 'operating-hours',
  ContactFlow: 'contact-flow',
  ContactFlowModule: 'flow-module',
  QuickConnect: 'transfer-destination',
  User: 'agent',
  UserHierarchyGroup: 'agent-group',
  AgentStatus: 'agent-state',
  TrafficDistributionGroup: 'traffic-distribution-group',
};

/** `arn:...:instance/<id>/<kind>/<resource id>`: `EvaluationForm` -> `evaluation-form`. */
export function connectArnKind(noun: string): string {
  return ARN_KINDS[noun] ?? noun.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export const CONNECT_FAMILY_OVERRIDES: FamilyOverrides = {};
