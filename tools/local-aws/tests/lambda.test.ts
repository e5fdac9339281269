import {
  AddPermissionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  LambdaServiceException,
  ListFunctionsCommand,
  RemovePermissionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialsFor, startLocalAws, type LocalAws } from '../src/index.js';
import { admin, lambdaClient, rejection, TARGET_ACCOUNT, type Credentials } from './support.js';

const SHARED_ACCOUNT = '318484875904';
const ALIAS_ARN = `arn:aws:lex:us-east-1:${SHARED_ACCOUNT}:bot-alias/ABCDEFGHIJ/KLMNOPQRST`;

describe('lambda', () => {
  let localAws: LocalAws;
  let lambda: LambdaClient;

  beforeAll(async () => {
    localAws = await startLocalAws();
    lambda = lambdaClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  async function seed(name: string, account = SHARED_ACCOUNT, region = 'us-east-1'): Promise<string> {
    const answer = await admin(localAws, 'POST', 'lambda/functions', { account, region, name });
    expect(answer.status).toBe(200);
    return (answer.body as { functionArn: string }).functionArn;
  }

  it('seeds functions through the admin API and describes them by name or ARN', async () => {
    const arn = await seed('edd-fulfilment');

    const byName = await lambda.send(new GetFunctionCommand({ FunctionName: 'edd-fulfilment' }));
    const byArn = await lambda.send(new GetFunctionCommand({ FunctionName: arn }));
    const again = await seed('edd-fulfilment');

    expect(arn).toBe(`arn:aws:lambda:us-east-1:${SHARED_ACCOUNT}:function:edd-fulfilment`);
    expect(byName.Configuration).toMatchObject({
      FunctionName: 'edd-fulfilment',
      FunctionArn: arn,
      State: 'Active',
      Version: '$LATEST',
    });
    expect(byName.Configuration?.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(byArn.Configuration?.FunctionArn).toBe(arn);
    expect(again).toBe(arn);
  });

  it('lists the functions of the caller account and region, page by page', async () => {
    await seed('b-function');
    await seed('a-function');
    await seed('elsewhere', SHARED_ACCOUNT, 'eu-west-2');
    await seed('theirs', TARGET_ACCOUNT);

    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 1 }));
    const second = await lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker: first.NextMarker }));

    expect(first.Functions?.map((fn) => fn.FunctionName)).toEqual(['a-function']);
    expect(second.Functions?.map((fn) => fn.FunctionName)).toEqual(['b-function']);
    expect(second.NextMarker).toBeUndefined();
  });

  it('answers for missing functions with ResourceNotFoundException and the function ARN', async () => {
    const error = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe(`Function not found: arn:aws:lambda:us-east-1:${SHARED_ACCOUNT}:function:nope`);
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it('adds permissions as policy statements in the shape AWS returns', async () => {
    const arn = await seed('edd-fulfilment');

    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'edd-fulfilment',
        StatementId: 'lex-live',
        Action: 'lambda:InvokeFunction',
        Principal: 'lexv2.amazonaws.com',
        SourceArn: ALIAS_ARN,
      }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: arn,
        StatementId: 'connect',
        Action: 'lambda:InvokeFunction',
        Principal: 'connect.amazonaws.com',
        SourceAccount: SHARED_ACCOUNT,
      }),
    );
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'edd-fulfilment' }));

    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement as string)).toEqual({
      Sid: 'lex-live',
      Effect: 'Allow',
      Principal: { Service: 'lexv2.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: arn,
      Condition: { ArnLike: { 'AWS:SourceArn': ALIAS_ARN } },
    });
    expect(JSON.parse(policy.Policy as string)).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        JSON.parse(added.Statement as string),
        {
          Sid: 'connect',
          Effect: 'Allow',
          Principal: { Service: 'connect.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: arn,
          Condition: { StringEquals: { 'AWS:SourceAccount': SHARED_ACCOUNT } },
        },
      ],
    });
    expect(policy.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a duplicate statement id with ResourceConflictException (409)', async () => {
    await seed('edd-fulfilment');
    const permission = {
      FunctionName: 'edd-fulfilment',
      StatementId: 'lex-live',
      Action: 'lambda:InvokeFunction',
      Principal: 'lexv2.amazonaws.com',
    };
    await lambda.send(new AddPermissionCommand(permission));

    const error = await rejection(lambda.send(new AddPermissionCommand(permission)));

    expect(error).toBeInstanceOf(ResourceConflictException);
    expect(error.$metadata?.httpStatusCode).toBe(409);
    expect(error.message).toContain('The statement id (lex-live) provided already exists');
  });

  it('removes statements; GetPolicy without any is ResourceNotFoundException', async () => {
    await seed('edd-fulfilment');
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'edd-fulfilment',
        StatementId: 's1',
        Action: 'lambda:InvokeFunction',
        Principal: 'lexv2.amazonaws.com',
      }),
    );

    await lambda.send(new RemovePermissionCommand({ FunctionName: 'edd-fulfilment', StatementId: 's1' }));
    const noPolicy = await rejection(lambda.send(new GetPolicyCommand({ FunctionName: 'edd-fulfilment' })));
    const noStatement = await rejection(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'edd-fulfilment', StatementId: 's1' })),
    );
    const noFunction = await rejection(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'ghost',
          StatementId: 's',
          Action: 'lambda:InvokeFunction',
          Principal: 'lexv2.amazonaws.com',
        }),
      ),
    );

    expect([noPolicy.name, noPolicy.message]).toEqual([
      'ResourceNotFoundException',
      'The resource you requested does not exist.',
    ]);
    expect(noStatement.name).toBe('ResourceNotFoundException');
    expect(noFunction.name).toBe('ResourceNotFoundException');
  });

  it('checks requests against the model and revision ids against the policy', async () => {
    await seed('edd-fulfilment');

    const invalid = await rejection(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'edd-fulfilment',
          StatementId: 'has space',
          Action: 'invoke',
          Principal: 'lexv2.amazonaws.com',
        }),
      ),
    );
    const stale = await rejection(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'edd-fulfilment',
          StatementId: 'ok',
          Action: 'lambda:InvokeFunction',
          Principal: 'lexv2.amazonaws.com',
          RevisionId: '00000000-0000-0000-0000-000000000000',
        }),
      ),
    );

    expect(invalid).toBeInstanceOf(LambdaServiceException);
    expect(invalid.name).toBe('ValidationException');
    expect(invalid.message).toBe(
      "2 validation errors detected: Value 'has space' at 'statementId' failed to satisfy constraint: Member must satisfy " +
        "regular expression pattern: ([a-zA-Z0-9-_]+); Value 'invoke' at 'action' failed to satisfy constraint: Member must " +
        'satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])',
    );
    expect([stale.name, stale.$metadata?.httpStatusCode]).toEqual(['PreconditionFailedException', 412]);
  });

  it('keeps functions in their account: another account reaching one by ARN is denied', async () => {
    const arn = await seed('theirs', TARGET_ACCOUNT);
    const assumed = await credentialsFor(localAws.url, TARGET_ACCOUNT);
    const target: Credentials = {
      accessKeyId: assumed.AWS_ACCESS_KEY_ID,
      secretAccessKey: assumed.AWS_SECRET_ACCESS_KEY,
      sessionToken: assumed.AWS_SESSION_TOKEN,
    };
    const owner = new LambdaClient({
      endpoint: localAws.url,
      region: 'us-east-1',
      credentials: target,
      maxAttempts: 1,
    });

    const denied = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: arn })));
    const byName = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'theirs' })));
    const own = await owner.send(new GetFunctionCommand({ FunctionName: 'theirs' }));

    expect([denied.name, denied.$metadata?.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    expect(byName.name).toBe('ResourceNotFoundException');
    expect(own.Configuration?.FunctionArn).toBe(arn);
  });

  it('checks seeding requests', async () => {
    const answer = await admin(localAws, 'POST', 'lambda/functions', {
      account: '123',
      region: 'moon',
      name: 'bad name',
    });

    expect(answer.status).toBe(400);
    expect((answer.body as { problems: string[] }).problems).toEqual([
      'account must be a 12-digit account number',
      'region must be a region name such as us-east-1',
      'name must be 1 to 64 letters, digits, hyphens or underscores',
    ]);
  });
});
