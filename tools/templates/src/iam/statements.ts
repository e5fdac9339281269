import { Fn } from 'aws-cdk-lib';
import { RESOURCES, scopeOf, type Condition, type Scope } from './scopes.js';

/** What one managed policy of `codebuild-connect` is made from: a step's declaration, or the backend stacks'. */
export interface PolicyDeclaration {
  /** `connect-deploy`, `backend-stacks`: part of the policy's name and of its statement ids. */
  name: string;
  /** Who calls these actions, for the policy's description. */
  what: string;
  iamActions: string[];
  pruneIamActions: string[];
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** `connect-deploy` -> `ConnectDeploy`: a statement id and a logical id. */
export function pascalCase(name: string): string {
  return name.replace(/(^|[-_:])([a-zA-Z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

const sub = (text: string): unknown => (text.includes('${') ? Fn.sub(text) : text);

/** How a template's text reads in a deployed policy: `Fn::Sub`, or the text as IAM sees it once substituted. */
type Render = (text: string) => unknown;

export function renderCondition(condition: Condition, render: Render = sub): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(
        Object.entries(keys).map(([key, value]) => [key, Array.isArray(value) ? value.map(render) : render(value)]),
      ),
    ]),
  );
}

export function renderResources(scope: Scope, render: Render = sub): unknown {
  if (scope.resources === '*') return '*';
  const arns = scope.resources.map((kind) => render(RESOURCES[kind]));
  return arns.length === 1 ? arns[0] : arns;
}

function statementId(policy: string, scope: Scope): string {
  const where = scope.resources === '*' ? 'AnyResource' : scope.resources.map(pascalCase).join('');
  const when = scope.condition
    ? `If${Object.values(scope.condition)
        .flatMap((keys) => Object.keys(keys))
        .map((key) => pascalCase(key.split(':')[1]!))
        .join('')}`
    : '';
  return `${pascalCase(policy)}On${where}${when}`;
}

/**
 * One Allow statement per distinct scope of the actions (see scopes.ts), in a stable order, so a reviewer reads
 * what may be done where. Throws when an action has no scope.
 */
export function allowStatements(policy: string, actions: readonly string[], render: Render = sub): PolicyStatement[] {
  const groups = new Map<string, { scope: Scope; actions: string[] }>();
  for (const action of [...actions].sort()) {
    const scope = scopeOf(policy, action);
    const key = JSON.stringify({ resources: scope.resources, condition: scope.condition });
    const group = groups.get(key) ?? { scope, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ scope, actions: grouped }) => ({
    Sid: statementId(policy, scope),
    Effect: 'Allow',
    Action: grouped.length === 1 ? grouped[0]! : grouped,
    Resource: renderResources(scope, render),
    ...(scope.condition ? { Condition: renderCondition(scope.condition, render) } : {}),
  }));
}

/** The characters IAM allows a managed policy document, whitespace not counted. */
export const MANAGED_POLICY_CHARACTERS = 6144;

/** The text as IAM stores it in the partition with the longest name (`aws-us-gov`). */
const substituted: Render = (text) =>
  text.replaceAll('${AWS::Partition}', 'aws-us-gov').replaceAll('${AWS::AccountId}', '123456789012');

/** A policy document's size as IAM counts it, wherever it is deployed. */
export function policySize(policy: string, actions: readonly string[]): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: allowStatements(policy, actions, substituted) }).length;
}

/**
 * A step's actions in as few managed policies as IAM's size limit allows: one while they fit, otherwise parts filled
 * in the order of the sorted actions. Throws when a single action cannot fit (it never can: an action is short).
 */
export function policyParts(policy: string, actions: readonly string[], limit = MANAGED_POLICY_CHARACTERS): string[][] {
  const parts: string[][] = [[]];
  for (const action of [...actions].sort()) {
    const current = parts[parts.length - 1]!;
    if (current.length > 0 && policySize(policy, [...current, action]) > limit) parts.push([action]);
    else current.push(action);
    if (policySize(policy, parts[parts.length - 1]!) > limit) throw new Error(`${action} alone exceeds ${limit}`);
  }
  return parts.filter((part) => part.length > 0);
}

/**
 * The reads among a step's actions: the verbs IAM's access levels List and Read are named with. What a plan calls;
 * nothing that creates, changes, deletes, tags or issues credentials is named like this.
 */
export function readActions(actions: readonly string[]): string[] {
  return actions.filter((action) => /^(Describe|Get|List|Search|BatchGet|Query|Scan)/.test(action.split(':')[1] ?? ''));
}
