import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import {
  arnPatternMatches,
  grantsBeyondDeclarations,
  targetTemplateFindings,
  type CloudFormationTemplate,
} from '../src/iam/audit.js';
import { policyDeclarations, readWorkspace } from '../src/index.js';
import { ROOT, committed } from './support.js';

type Statement = Record<string, unknown>;
type Document = { Statement: Statement[] };

const declarations = policyDeclarations(readWorkspace(ROOT).steps);
const roles = () => committed('target-account-roles.yaml');

/** The committed template with one change made to the document of the managed policy `name`. */
function tampered(name: string, change: (document: Document) => void): CloudFormationTemplate {
  const template = roles();
  const resource = Object.values(template.Resources!).find((r) => r.Properties?.ManagedPolicyName === name)!;
  change(resource.Properties!.PolicyDocument as Document);
  return template;
}
const statementWith = (document: Document, action: string) =>
  document.Statement.find((s) => [s.Action].flat().includes(action))!;

describe('the committed target-account template', () => {
  it('grants codebuild-connect exactly what the declarations and the scope table give, nothing more', () => {
    expect(grantsBeyondDeclarations(roles(), declarations)).toEqual([]);
  });

  it('holds none of the patterns a commit could widen the role with', () => {
    expect(targetTemplateFindings(roles())).toEqual([]);
  });

  it('fails when a policy grants an action its step does not declare', () => {
    const template = tampered('codebuild-connect-dynamo-export-import', (d) => {
      (d.Statement[0]!.Action as string[]).push('dynamodb:DeleteItem');
    });
    expect(grantsBeyondDeclarations(template, declarations)).toEqual([
      'codebuild-connect-dynamo-export-import DynamoExportImportOnTable: grants dynamodb:DeleteItem, which dynamo-export-import does not declare',
    ]);
  });

  it('fails when the read-only role is granted a write its step declares, or loses a read', () => {
    const widened = tampered('codebuild-connect-readonly-dynamo-export-import', (d) => {
      (d.Statement[0]!.Action as string[]).push('dynamodb:BatchWriteItem');
    });
    expect(grantsBeyondDeclarations(widened, declarations)).toEqual([
      'codebuild-connect-readonly-dynamo-export-import DynamoExportImportOnTable: grants dynamodb:BatchWriteItem, which is not a read dynamo-export-import declares',
    ]);
    const narrowed = tampered('codebuild-connect-readonly-dynamo-export-import', (d) => {
      d.Statement[0]!.Action = 'dynamodb:DescribeTable';
    });
    expect(grantsBeyondDeclarations(narrowed, declarations)).toEqual([
      'dynamo-export-import declares dynamodb:Scan, which the template does not grant to codebuild-connect-readonly',
    ]);
  });

  it('fails when a declared action is granted on more than its scope', () => {
    const template = tampered('codebuild-connect-lex-deploy', (d) => {
      statementWith(d, 'lambda:AddPermission').Resource = '*';
    });
    expect(grantsBeyondDeclarations(template, declarations).join('\n')).toMatch(
      /LexDeployOnFunctionIfPrincipal: grants lambda:AddPermission on \*, its scope is arn:\$\{AWS::Partition\}:lambda:\*:\$\{AWS::AccountId\}:function:edd-\*/,
    );
  });

  it('fails when a condition is dropped, and says which rule it breaks', () => {
    const template = tampered('codebuild-connect-lex-deploy', (d) => {
      delete statementWith(d, 'iam:PassRole').Condition;
    });
    expect(targetTemplateFindings(template)).toEqual([
      'codebuild-connect-lex-deploy LexDeployOnLexServiceLinkedRoleIfPassedToService: iam:PassRole without a StringEquals iam:PassedToService condition',
    ]);
    expect(grantsBeyondDeclarations(template, declarations)).toHaveLength(1);
  });

  it('finds a whole-service Allow, IAM on codebuild-connect itself, a role without the boundary and a stray delete', () => {
    const template = tampered('codebuild-connect-backend-stacks', (d) => {
      d.Statement.push(
        { Sid: 'Everything', Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
        {
          Sid: 'Itself',
          Effect: 'Allow',
          Action: 'iam:PutRolePolicy',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-*' },
        },
        {
          Sid: 'NoBoundary',
          Effect: 'Allow',
          Action: 'iam:CreateRole',
          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/edd-*' },
        },
        { Sid: 'Linked', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' },
        { Sid: 'Delete', Effect: 'Allow', Action: 'dynamodb:DeleteTable', Resource: '*' },
      );
    });
    const findings = targetTemplateFindings(template).map((f) => f.replace('codebuild-connect-backend-stacks ', ''));
    expect(findings).toEqual([
      'Everything: allows the wildcard action lambda:*',
      'Itself: iam:PutRolePolicy on arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-connect',
      'Itself: iam:PutRolePolicy on arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-* without the boundary edd-application-boundary',
      'NoBoundary: iam:CreateRole on arn:${AWS::Partition}:iam::${AWS::AccountId}:role/edd-* without the boundary edd-application-boundary',
      'Linked: iam:CreateServiceLinkedRole without a StringEquals iam:AWSServiceName condition',
      'Linked: iam:CreateServiceLinkedRole on *',
      'Delete: dynamodb:DeleteTable outside the prune policy',
    ]);
  });

  it('finds a function opened to whoever AddPermission names', () => {
    const template = tampered('codebuild-connect-lex-deploy', (d) => {
      delete statementWith(d, 'lambda:AddPermission').Condition;
    });
    expect(targetTemplateFindings(template)).toEqual([
      'codebuild-connect-lex-deploy LexDeployOnFunctionIfPrincipal: lambda:AddPermission without a lambda:Principal condition naming AWS services',
    ]);
  });

  it('finds a prune policy that is on by default', () => {
    const template = roles();
    template.Parameters!.AllowPrune!.Default = 'true';
    expect(targetTemplateFindings(template)).toEqual([
      "codebuild-connect-prune: exists unless a parameter whose default is 'false' is set to 'true'",
    ]);
  });

  it('finds a trust in a whole account', () => {
    const template = roles();
    const role = Object.values(template.Resources!).find((r) => r.Properties?.RoleName === 'codebuild-connect')!;
    (role.Properties!.AssumeRolePolicyDocument as Document).Statement[0]!.Principal = {
      AWS: 'arn:aws:iam::318484875904:root',
    };
    expect(targetTemplateFindings(template)).toEqual([
      'codebuild-connect: trusts {"AWS":"arn:aws:iam::318484875904:root"}, not one role of the Shared account',
    ]);
  });
});

describe('the committed Shared account and pipeline product templates', () => {
  const production = registry.productionTargets().map((t) => t.account);
  const assumable = (roleName: string) => {
    const shared = committed('shared-account.yaml');
    const role = Object.values(shared.Resources!).find((r) => r.Properties?.RoleName === roleName)!;
    const statements = (role.Properties!.Policies as { PolicyDocument: Document }[]).flatMap(
      (p) => p.PolicyDocument.Statement,
    );
    return statements
      .filter((s) => [s.Action].flat().includes('sts:AssumeRole'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));
  };

  it('let only the production build role assume into Prod and Prod-FIX, and it nowhere else', () => {
    // Two roles in each account: codebuild-connect, and codebuild-connect-readonly for the drift checks.
    const prod = assumable('codebuild-shared-prod-role');
    expect(prod).toHaveLength(production.length * 2);
    expect(prod.every((r) => production.some((account) => r.includes(`::${account}:`)))).toBe(true);
    const other = assumable('codebuild-shared-service-role');
    expect(other.length).toBe((registry.targets().length - production.length) * 2);
    expect(other.some((r) => production.some((account) => r.includes(account)))).toBe(false);
    expect([...prod, ...other].some((r) => r.includes('*'))).toBe(false);
  });

  it('give the production build role to the production pipelines only', () => {
    const product = committed('pipeline-product.yaml');
    const project = Object.values(product.Resources!).find((r) => r.Type === 'AWS::CodeBuild::Project')!;
    expect(project.Properties!.ServiceRole).toEqual({
      'Fn::If': [
        'Production',
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-shared-prod-role' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/codebuild-shared-service-role' },
      ],
    });
    expect(JSON.stringify(product.Conditions!.Production)).toBe(
      JSON.stringify({
        'Fn::Or': registry
          .productionTargets()
          .map((t) => ({ 'Fn::Equals': [{ Ref: 'TargetAccount' }, `${t.ivName.toLowerCase()}/${t.account}`] })),
      }),
    );
  });
});

describe('arnPatternMatches', () => {
  it('matches as IAM does: * across slashes and colons, ? one character, variables filled in', () => {
    const pattern = 'arn:${AWS::Partition}:connect:*:${AWS::AccountId}:instance/*';
    expect(arnPatternMatches(pattern, 'arn:aws:connect:us-east-1:123456789012:instance/abc/queue/def')).toBe(true);
    expect(arnPatternMatches(pattern, 'arn:aws:connect:us-east-1:210987654321:instance/abc')).toBe(false);
    expect(arnPatternMatches('arn:aws:s3:::edd-?', 'arn:aws:s3:::edd-a')).toBe(true);
    expect(arnPatternMatches('arn:aws:s3:::edd-?', 'arn:aws:s3:::edd-ab')).toBe(false);
  });
});
