import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../../errors.js';

/** Builds a modeled Lambda error (status from the model): `ResourceNotFoundException`, `ResourceConflictException`. */
export type LambdaErrorFactory = (code: string, message: string, fields?: Record<string, unknown>) => AwsError;

/** One statement of a function's resource-based policy, in IAM's JSON form. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/**
 * What a function's configuration holds besides its identity and code, under the names FunctionConfiguration gives
 * them (`Runtime`, `Role`, `Handler`, `Timeout`, `Environment`...), as CreateFunction and
 * UpdateFunctionConfiguration set them.
 */
export type FunctionSettings = Record<string, unknown>;

export interface LambdaFunction {
  name: string;
  arn: string;
  account: string;
  region: string;
  lastModified: Date;
  codeSha256: string;
  codeSize: number;
  revisionId: string;
  settings: FunctionSettings;
  tags: Record<string, string>;
  statements: PolicyStatement[];
}

/** A new function's code: its bytes' SHA-256 (base64, as Lambda reports it) and size. */
export interface FunctionCode {
  sha256: string;
  size: number;
}

export interface PermissionRequest {
  statementId: string;
  action: string;
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
  principalOrgId?: string;
  eventSourceToken?: string;
  functionUrlAuthType?: string;
  qualifier?: string;
  revisionId?: string;
}

/** Where a call acts: the caller's account and region, and who the caller is (for access-denied messages). */
export interface CallerScope {
  account: string;
  region: string;
  principalArn: string;
}

/** The largest resource-based policy Lambda accepts, in bytes of JSON. */
const MAX_POLICY_BYTES = 20_480;
const LATEST = '$LATEST';

const FUNCTION_REFERENCE =
  /^(?:arn:(aws[a-zA-Z-]*):lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$/;

/** What a `FunctionName` parameter names: a name, a partial ARN or a full ARN, with an optional qualifier. */
export interface FunctionReference {
  partition: string | undefined;
  region: string | undefined;
  account: string | undefined;
  name: string;
  qualifier: string | undefined;
}

export function parseFunctionReference(text: string): FunctionReference | undefined {
  const match = FUNCTION_REFERENCE.exec(text);
  if (!match) return undefined;
  const [, partition, region, account, name = '', qualifier] = match;
  return { partition, region, account, name, qualifier };
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function functionArn(account: string, region: string, name: string): string {
  return `arn:${partitionOf(region)}:lambda:${region}:${account}:function:${name}`;
}

/** IAM's form of a permission's principal: a service, an account, an ARN or anyone. */
function policyPrincipal(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

function statementConditions(request: PermissionRequest): PolicyStatement['Condition'] {
  const stringEquals: Record<string, string> = {};
  if (request.sourceAccount) stringEquals['AWS:SourceAccount'] = request.sourceAccount;
  if (request.principalOrgId) stringEquals['aws:PrincipalOrgID'] = request.principalOrgId;
  if (request.eventSourceToken) stringEquals['lambda:EventSourceToken'] = request.eventSourceToken;
  if (request.functionUrlAuthType) stringEquals['lambda:FunctionUrlAuthType'] = request.functionUrlAuthType;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(stringEquals).length > 0) condition.StringEquals = stringEquals;
  if (request.sourceArn) condition.ArnLike = { 'AWS:SourceArn': request.sourceArn };
  return Object.keys(condition).length > 0 ? condition : undefined;
}

/**
 * Lambda functions of every account and region, as far as other services and the deploy steps see them: they
 * exist (created or seeded; local-aws runs no code), keep their configuration and code digest, and carry a
 * resource-based policy that AddPermission and RemovePermission edit, statement by statement, as Lambda does.
 */
export class LambdaFunctions {
  private readonly functions = new Map<string, LambdaFunction>();

  constructor(private readonly fail: LambdaErrorFactory) {}

  private static key(account: string, region: string, name: string): string {
    return `${account}\u0000${region}\u0000${name}`;
  }

  /** Creates a function (or finds the one already there) and returns it; seeded functions hold a stand-in handler. */
  seed(account: string, region: string, name: string): LambdaFunction {
    const key = LambdaFunctions.key(account, region, name);
    const existing = this.functions.get(key);
    if (existing) return existing;
    const created = LambdaFunctions.record(
      account,
      region,
      name,
      {
        Runtime: 'nodejs20.x',
        Role: `arn:aws:iam::${account}:role/service-role/${name}-role`,
        Handler: 'index.handler',
      },
      { sha256: createHash('sha256').update(`local-aws:${key}`).digest('base64'), size: 0 },
      {},
    );
    this.functions.set(key, created);
    return created;
  }

  /** CreateFunction: a new function in the caller's account and region; throws if the name is taken. */
  create(
    scope: CallerScope,
    name: string,
    settings: FunctionSettings,
    code: FunctionCode,
    tags: Record<string, string>,
  ): LambdaFunction {
    const key = LambdaFunctions.key(scope.account, scope.region, name);
    if (this.functions.has(key)) {
      throw this.fail('ResourceConflictException', `Function already exist: ${name}`, { Type: 'User' });
    }
    const created = LambdaFunctions.record(scope.account, scope.region, name, settings, code, tags);
    this.functions.set(key, created);
    return created;
  }

  /** UpdateFunctionConfiguration: the given settings replace the function's, each as a whole. */
  configure(target: LambdaFunction, settings: FunctionSettings, revisionId: string | undefined): void {
    this.checkRevision(target, revisionId);
    for (const [name, value] of Object.entries(settings)) if (value !== undefined) target.settings[name] = value;
    LambdaFunctions.touch(target);
  }

  /** UpdateFunctionCode. */
  replaceCode(target: LambdaFunction, code: FunctionCode, revisionId: string | undefined): void {
    this.checkRevision(target, revisionId);
    target.codeSha256 = code.sha256;
    target.codeSize = code.size;
    LambdaFunctions.touch(target);
  }

  delete(target: LambdaFunction): void {
    this.functions.delete(LambdaFunctions.key(target.account, target.region, target.name));
  }

  /** Whether a function exists; `name` may also be an ARN of a function in that account and region. */
  exists(account: string, region: string, name: string): boolean {
    const reference = parseFunctionReference(name);
    if (!reference) return false;
    if ((reference.account ?? account) !== account || (reference.region ?? region) !== region) return false;
    if (reference.qualifier !== undefined && reference.qualifier !== LATEST) return false;
    return this.functions.has(LambdaFunctions.key(account, region, reference.name));
  }

  /** The function a `FunctionName` parameter names, as the caller may reach it; throws Lambda's errors. */
  resolve(scope: CallerScope, functionName: string, qualifier: string | undefined, action: string): LambdaFunction {
    const reference = parseFunctionReference(functionName);
    if (!reference) {
      throw this.fail('ResourceNotFoundException', `Function not found: ${functionName}`, { Type: 'User' });
    }
    const account = reference.account ?? scope.account;
    const region = reference.region ?? scope.region;
    const arn = functionArn(account, region, reference.name);
    if (reference.qualifier !== undefined && qualifier !== undefined && reference.qualifier !== qualifier) {
      throw this.fail(
        'InvalidParameterValueException',
        'The derived qualifier from the function name does not match the specified qualifier.',
        { Type: 'User' },
      );
    }
    if (account !== scope.account) {
      // IAM's refusal, which no Lambda model lists.
      throw new AwsError({
        code: 'AccessDeniedException',
        message:
          `User: ${scope.principalArn} is not authorized to perform: lambda:${action} on resource: ${arn} ` +
          `because no resource-based policy allows the lambda:${action} action`,
        status: 403,
      });
    }
    const found =
      region === scope.region ? this.functions.get(LambdaFunctions.key(account, region, reference.name)) : undefined;
    const version = reference.qualifier ?? qualifier;
    if (!found || (version !== undefined && version !== LATEST)) {
      throw this.fail('ResourceNotFoundException', `Function not found: ${version ? `${arn}:${version}` : arn}`, {
        Type: 'User',
      });
    }
    return found;
  }

  list(account: string, region: string): LambdaFunction[] {
    return [...this.functions.values()]
      .filter((candidate) => candidate.account === account && candidate.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  addPermission(target: LambdaFunction, request: PermissionRequest): PolicyStatement {
    this.checkRevision(target, request.revisionId);
    if (target.statements.some((statement) => statement.Sid === request.statementId)) {
      throw this.fail(
        'ResourceConflictException',
        `The statement id (${request.statementId}) provided already exists. Please specify a new statement id, ` +
          'or remove the existing statement.',
        { Type: 'User' },
      );
    }
    const statement: PolicyStatement = {
      Sid: request.statementId,
      Effect: 'Allow',
      Principal: policyPrincipal(request.principal),
      Action: request.action,
      Resource: target.arn,
    };
    const condition = statementConditions(request);
    if (condition) statement.Condition = condition;
    const size = Buffer.byteLength(LambdaFunctions.policyDocument([...target.statements, statement]));
    if (size > MAX_POLICY_BYTES) {
      throw this.fail(
        'PolicyLengthExceededException',
        `The final policy size (${size}) is bigger than the limit (${MAX_POLICY_BYTES}).`,
        { Type: 'User' },
      );
    }
    target.statements.push(statement);
    target.revisionId = randomUUID();
    return statement;
  }

  removePermission(target: LambdaFunction, statementId: string, revisionId: string | undefined): void {
    this.checkRevision(target, revisionId);
    if (target.statements.length === 0) {
      throw this.fail('ResourceNotFoundException', 'No policy is associated with the given resource.', {
        Type: 'User',
      });
    }
    const index = target.statements.findIndex((statement) => statement.Sid === statementId);
    if (index === -1) {
      throw this.fail('ResourceNotFoundException', `Statement ${statementId} is not found in resource policy.`, {
        Type: 'User',
      });
    }
    target.statements.splice(index, 1);
    target.revisionId = randomUUID();
  }

  /** The policy as GetPolicy returns it: a JSON string; throws when the function has no statement. */
  policy(target: LambdaFunction): string {
    if (target.statements.length === 0) {
      throw this.fail('ResourceNotFoundException', 'The resource you requested does not exist.', { Type: 'User' });
    }
    return LambdaFunctions.policyDocument(target.statements);
  }

  clear(): void {
    this.functions.clear();
  }

  snapshot(): LambdaFunction[] {
    return [...this.functions.values()];
  }

  restore(functions: readonly LambdaFunction[]): void {
    this.functions.clear();
    for (const target of functions)
      this.functions.set(LambdaFunctions.key(target.account, target.region, target.name), target);
  }

  private static record(
    account: string,
    region: string,
    name: string,
    settings: FunctionSettings,
    code: FunctionCode,
    tags: Record<string, string>,
  ): LambdaFunction {
    return {
      name,
      arn: functionArn(account, region, name),
      account,
      region,
      lastModified: new Date(),
      codeSha256: code.sha256,
      codeSize: code.size,
      revisionId: randomUUID(),
      settings: { ...settings },
      tags: { ...tags },
      statements: [],
    };
  }

  private static touch(target: LambdaFunction): void {
    target.lastModified = new Date();
    target.revisionId = randomUUID();
  }

  private static policyDocument(statements: readonly PolicyStatement[]): string {
    return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
  }

  private checkRevision(target: LambdaFunction, revisionId: string | undefined): void {
    if (revisionId !== undefined && revisionId !== target.revisionId) {
      throw this.fail(
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to ' +
          'retrieve the latest Revision Id',
        { Type: 'User' },
      );
    }
  }
}
