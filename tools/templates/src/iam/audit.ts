import { BOUNDARY_POLICY_NAME, READONLY_ROLE_NAME, TARGET_ROLE_NAME } from '../pipelines.js';
import { BOUNDARY_ARN, RESOURCES, scopeOf } from './scopes.js';
import { pascalCase, readActions, type PolicyDeclaration } from './statements.js';

/** A statement as the template holds it, with `Fn::Sub` texts read as their text. */
export interface GrantStatement {
  /** Where it is: `codebuild-connect-lex-deploy`, `codebuild-connect (inline guardrails)`. */
  policy: string;
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
  condition: unknown;
  notAction: boolean;
  notResource: boolean;
}

interface TemplateResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
}

export interface CloudFormationTemplate {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, TemplateResource>;
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** `{"Fn::Sub": "arn:..."}` -> `arn:...`, everywhere in a value; other intrinsics are kept as JSON. */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === 'Fn::Sub' && typeof entries[0]![1] === 'string')
      return entries[0]![1];
    return Object.fromEntries(entries.map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function statementsOf(policy: string, document: unknown): GrantStatement[] {
  const statements = list((document as { Statement?: unknown } | undefined)?.Statement) as Record<string, unknown>[];
  return statements.map((s) => ({
    policy,
    sid: String(s.Sid ?? ''),
    effect: String(s.Effect),
    actions: list(s.Action ?? s.NotAction).map(text),
    resources: list(plain(s.Resource ?? s.NotResource)).map(text),
    condition: plain(s.Condition),
    notAction: s.NotAction !== undefined,
    notResource: s.NotResource !== undefined,
  }));
}

/** The managed policies of a template by name, each with its statements and the condition it exists under. */
export function managedPolicies(
  template: CloudFormationTemplate,
): { name: string; logicalId: string; condition?: string; roles: unknown[]; statements: GrantStatement[] }[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')
    .map(([logicalId, r]) => {
      const name = String(r.Properties?.ManagedPolicyName ?? logicalId);
      return {
        name,
        logicalId,
        ...(r.Condition ? { condition: r.Condition } : {}),
        roles: list(r.Properties?.Roles),
        statements: statementsOf(name, r.Properties?.PolicyDocument),
      };
    });
}

/** Every statement of the inline policies of a template's roles. */
export function inlineStatements(template: CloudFormationTemplate): GrantStatement[] {
  return Object.values(template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::IAM::Role')
    .flatMap((r) =>
      list(r.Properties?.Policies).flatMap((p) => {
        const policy = p as { PolicyName?: string; PolicyDocument?: unknown };
        return statementsOf(`${String(r.Properties?.RoleName)} (inline ${policy.PolicyName})`, policy.PolicyDocument);
      }),
    );
}

/** An ARN pattern as IAM matches it: `*` any run of characters, `?` one; the template's variables filled in. */
export function arnPatternMatches(pattern: string, arn: string): boolean {
  const fill = (s: string) => s.replaceAll('${AWS::Partition}', 'aws').replaceAll('${AWS::AccountId}', '123456789012');
  const regex = fill(pattern)
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(fill(arn));
}

const SELF = [
  `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${TARGET_ROLE_NAME}`,
  `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${TARGET_ROLE_NAME}-connect-deploy`,
  `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${BOUNDARY_POLICY_NAME}`,
];
/** IAM actions that change a role or a policy: never on codebuild-connect itself, never on `*`. */
const IAM_CHANGES = new Set([
  'iam:AttachRolePolicy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:CreateRole',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
]);
/** Of those, the ones a role other than a service-linked one gets only with the template's boundary. */
const NEEDS_BOUNDARY = new Set([
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
]);
/** Never allowed at all: they write policies, or take a boundary away. */
const NEVER = new Set([
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:DeleteRolePermissionsBoundary',
  'iam:SetDefaultPolicyVersion',
]);
/** Deletes of whole resources: only in the prune policy, which exists only when the account switches it on. */
export const DESTRUCTIVE =
  /^(connect:Delete|dynamodb:DeleteTable$|lambda:DeleteFunction$|iam:DeleteRole$|s3:DeleteBucket$|cloudformation:DeleteStack$)/;

const conditionValue = (condition: unknown, operator: string, key: string): unknown =>
  (condition as Record<string, Record<string, unknown>> | undefined)?.[operator]?.[key];

/**
 * What the target-account template must never hold, whatever the steps declare: an Allow of a whole service or
 * `*`, `iam:PassRole` or `iam:CreateServiceLinkedRole` without the condition that names the service,
 * `lambda:AddPermission` that could open a function to another account, an IAM change
 * on `*` or on codebuild-connect itself, a role change without the boundary, a policy or boundary change at all,
 * a delete outside the prune policy, a prune policy that is on by default, a trust in anything but one Shared
 * account role. Each finding is one line naming the policy and statement.
 */
export function targetTemplateFindings(template: CloudFormationTemplate): string[] {
  const findings: string[] = [];
  const policies = managedPolicies(template);
  const boundary = policies.find((p) => p.name === BOUNDARY_POLICY_NAME);
  if (!boundary) findings.push(`no permissions boundary ${BOUNDARY_POLICY_NAME} is defined`);
  const roleGrants = [
    ...policies.filter((p) => p.name !== BOUNDARY_POLICY_NAME).flatMap((p) => p.statements),
    ...inlineStatements(template),
  ];
  const prunePolicies = new Set(policies.filter((p) => p.condition).map((p) => p.name));

  for (const s of roleGrants.filter((g) => g.effect === 'Allow')) {
    const where = `${s.policy} ${s.sid || '(no Sid)'}`;
    if (s.notAction || s.notResource) findings.push(`${where}: NotAction/NotResource in an Allow`);
    for (const action of s.actions) {
      if (action.includes('*')) findings.push(`${where}: allows the wildcard action ${action}`);
      if (action === 'iam:PassRole') {
        if (typeof conditionValue(s.condition, 'StringEquals', 'iam:PassedToService') !== 'string')
          findings.push(`${where}: iam:PassRole without a StringEquals iam:PassedToService condition`);
        if (s.resources.includes('*')) findings.push(`${where}: iam:PassRole on *`);
      }
      if (action === 'iam:CreateServiceLinkedRole') {
        if (typeof conditionValue(s.condition, 'StringEquals', 'iam:AWSServiceName') !== 'string')
          findings.push(`${where}: iam:CreateServiceLinkedRole without a StringEquals iam:AWSServiceName condition`);
        if (s.resources.includes('*')) findings.push(`${where}: iam:CreateServiceLinkedRole on *`);
      }
      if (action === 'lambda:AddPermission') {
        const principals = [
          conditionValue(s.condition, 'StringEquals', 'lambda:Principal'),
          conditionValue(s.condition, 'StringLike', 'lambda:Principal'),
        ]
          .flat()
          .filter((p) => p !== undefined);
        if (principals.length === 0 || !principals.every((p) => typeof p === 'string' && p.endsWith('.amazonaws.com')))
          findings.push(`${where}: lambda:AddPermission without a lambda:Principal condition naming AWS services`);
      }
      if (IAM_CHANGES.has(action)) {
        if (NEVER.has(action)) findings.push(`${where}: allows ${action}`);
        if (s.resources.includes('*')) findings.push(`${where}: ${action} on *`);
        for (const self of SELF) {
          if (s.resources.some((r) => arnPatternMatches(r, self))) findings.push(`${where}: ${action} on ${self}`);
        }
        const serviceLinked = s.resources.every((r) => r.includes(':role/aws-service-role/'));
        if (
          NEEDS_BOUNDARY.has(action) &&
          !serviceLinked &&
          conditionValue(s.condition, 'StringEquals', 'iam:PermissionsBoundary') !== BOUNDARY_ARN
        ) {
          findings.push(
            `${where}: ${action} on ${s.resources.join(', ')} without the boundary ${BOUNDARY_POLICY_NAME}`,
          );
        }
      }
      if (DESTRUCTIVE.test(action) && !prunePolicies.has(s.policy))
        findings.push(`${where}: ${action} outside the prune policy`);
    }
  }

  for (const name of prunePolicies) {
    const policy = policies.find((p) => p.name === name)!;
    const condition = JSON.stringify(template.Conditions?.[policy.condition!] ?? {});
    const parameter = /"Ref":"([A-Za-z0-9]+)"/.exec(condition)?.[1];
    if (!parameter || template.Parameters?.[parameter]?.Default !== 'false' || !condition.includes('"true"'))
      findings.push(`${name}: exists unless a parameter whose default is 'false' is set to 'true'`);
  }

  if (boundary) {
    const denies = boundary.statements.filter((s) => s.effect === 'Deny');
    const boundaryArn = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${BOUNDARY_POLICY_NAME}`;
    for (const action of [
      'iam:CreatePolicyVersion',
      'iam:SetDefaultPolicyVersion',
      'iam:DeleteRolePermissionsBoundary',
    ]) {
      if (!denies.some((s) => s.actions.includes(action) && s.resources.some((r) => arnPatternMatches(r, boundaryArn))))
        findings.push(`${BOUNDARY_POLICY_NAME}: does not deny ${action} on itself`);
    }
    for (const s of boundary.statements.filter((s) => s.effect === 'Allow')) {
      for (const action of s.actions) {
        if (action === '*' || /^[a-z0-9-]+:\*$/.test(action) || /^(iam|sts|organizations):/.test(action))
          findings.push(`${BOUNDARY_POLICY_NAME} ${s.sid}: allows ${action}`);
      }
    }
  }

  for (const roleName of [TARGET_ROLE_NAME, READONLY_ROLE_NAME]) {
    const role = Object.values(template.Resources ?? {}).find(
      (r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName === roleName,
    );
    const trust = list((role?.Properties?.AssumeRolePolicyDocument as { Statement?: unknown })?.Statement) as Record<
      string,
      unknown
    >[];
    if (trust.length !== 1) findings.push(`${roleName}: its trust policy must hold exactly one statement`);
    for (const statement of trust) {
      const principal = JSON.stringify(statement.Principal ?? '');
      if (/:root|"\*"|"AWS":"\d{12}"/.test(principal) || !principal.includes(':role/'))
        findings.push(`${roleName}: trusts ${principal}, not one role of the Shared account`);
      if (statement.Action !== 'sts:AssumeRole')
        findings.push(`${roleName}: its trust allows ${text(statement.Action)}`);
    }
  }
  return findings;
}

/**
 * The grants of `codebuild-connect` that its declarations do not account for: an action a policy's declaration
 * does not list (`iamActions` for `codebuild-connect-<name>`, `pruneIamActions` for the prune policy, the reads of
 * `iamActions` for `codebuild-connect-readonly-<name>`), a resource
 * or condition other than the scope table gives it, an Allow in any other policy of the role; and the declared
 * actions the template does not grant.
 */
export function grantsBeyondDeclarations(
  template: CloudFormationTemplate,
  declarations: readonly PolicyDeclaration[],
): string[] {
  const findings: string[] = [];
  const byPolicy = new Map(declarations.map((d) => [`${TARGET_ROLE_NAME}-${d.name}`, d]));
  const granted = new Map<string, Set<string>>();
  const grant = (name: string, kind: 'main' | 'prune' | 'readonly', action: string) => {
    const key = `${name} ${kind}`;
    granted.set(key, (granted.get(key) ?? new Set()).add(action));
  };
  const check = (
    where: string,
    declaration: PolicyDeclaration,
    declared: string[],
    s: GrantStatement,
    notDeclared = `which ${declaration.name} does not declare`,
  ) => {
    for (const action of s.actions) {
      if (!declared.includes(action)) {
        findings.push(`${where}: grants ${action}, ${notDeclared}`);
        continue;
      }
      const scope = scopeOf(declaration.name, action);
      const resources = scope.resources === '*' ? ['*'] : scope.resources.map((kind) => RESOURCES[kind]);
      if (JSON.stringify([...s.resources].sort()) !== JSON.stringify([...resources].sort()))
        findings.push(`${where}: grants ${action} on ${s.resources.join(', ')}, its scope is ${resources.join(', ')}`);
      if (JSON.stringify(s.condition ?? null) !== JSON.stringify(scope.condition ?? null))
        findings.push(
          `${where}: grants ${action} under ${JSON.stringify(s.condition ?? null)}, its scope says ${JSON.stringify(scope.condition ?? null)}`,
        );
    }
  };
  for (const policy of managedPolicies(template).filter((p) => p.name !== BOUNDARY_POLICY_NAME)) {
    for (const s of policy.statements.filter((x) => x.effect === 'Allow')) {
      const where = `${policy.name} ${s.sid}`;
      if (policy.condition) {
        const declaration = declarations.find((d) => s.sid.startsWith(`Prune${pascalCase(d.name)}On`));
        if (!declaration) {
          findings.push(`${where}: a prune statement of no declaration`);
          continue;
        }
        check(where, declaration, declaration.pruneIamActions, s);
        s.actions.forEach((a) => grant(declaration.name, 'prune', a));
        continue;
      }
      if (policy.name.startsWith(`${READONLY_ROLE_NAME}-`)) {
        // The read-only role's: the reads of the step's declaration, in the same scopes.
        const step = policy.name.slice(READONLY_ROLE_NAME.length + 1).replace(/-[2-9]\d*$/, '');
        const declaration = declarations.find((d) => d.name === step);
        if (!declaration) {
          findings.push(`${where}: a read-only policy no declaration accounts for`);
          continue;
        }
        check(
          where,
          declaration,
          readActions(declaration.iamActions),
          s,
          `which is not a read ${declaration.name} declares`,
        );
        s.actions.forEach((a) => grant(declaration.name, 'readonly', a));
        continue;
      }
      // A step whose actions outgrow one policy has numbered parts: `codebuild-connect-connect-deploy-2`.
      const declaration = byPolicy.get(policy.name) ?? byPolicy.get(policy.name.replace(/-[2-9]\d*$/, ''));
      if (!declaration) {
        findings.push(`${where}: a policy no declaration accounts for`);
        continue;
      }
      check(where, declaration, declaration.iamActions, s);
      s.actions.forEach((a) => grant(declaration.name, 'main', a));
    }
  }
  for (const s of inlineStatements(template).filter((x) => x.effect === 'Allow'))
    findings.push(`${s.policy} ${s.sid}: an inline Allow no declaration accounts for`);
  for (const d of declarations) {
    for (const [kind, actions] of [
      ['main', d.iamActions],
      ['prune', d.pruneIamActions],
      ['readonly', readActions(d.iamActions)],
    ] as const) {
      const missing = actions.filter((a) => !granted.get(`${d.name} ${kind}`)?.has(a));
      if (missing.length > 0)
        findings.push(
          `${d.name} declares ${missing.join(', ')}, which the template does not grant${kind === 'readonly' ? ` to ${READONLY_ROLE_NAME}` : ''}`,
        );
    }
  }
  return findings;
}
