import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  type LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { BASE_CREDENTIALS, lambdaClient, rejection } from './support.js';

const ROLE = 'arn:aws:iam::318484875904:role/edd-lambda';

function archive(source: string): Uint8Array {
  return zipSync({ 'index.js': strToU8(source) });
}

describe('lambda functions created through the API', () => {
  let localAws: LocalAws;
  let lambda: LambdaClient;

  beforeAll(async () => {
    localAws = await startLocalAws();
    lambda = lambdaClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  it('creates a function with its configuration and code digest, and refuses a second one of that name', async () => {
    const code = archive('exports.handler = async () => 1;');

    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'edd-lookup',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: code },
        Environment: { Variables: { STAGE: 'qa' } },
        Tags: { team: 'edd' },
      }),
    );
    const described = await lambda.send(new GetFunctionCommand({ FunctionName: 'edd-lookup' }));
    const again = await rejection(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'edd-lookup',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { ZipFile: code },
        }),
      ),
    );

    expect(created).toMatchObject({
      FunctionName: 'edd-lookup',
      FunctionArn: 'arn:aws:lambda:us-east-1:318484875904:function:edd-lookup',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      CodeSize: code.length,
      CodeSha256: createHash('sha256').update(code).digest('base64'),
      Timeout: 3,
      MemorySize: 128,
      Environment: { Variables: { STAGE: 'qa' } },
      State: 'Active',
    });
    expect(described.Configuration?.RevisionId).toBe(created.RevisionId);
    expect(described.Tags).toEqual({ team: 'edd' });
    expect(again).toBeInstanceOf(ResourceConflictException);
    expect(again.message).toBe('Function already exist: edd-lookup');
  });

  it('refuses code that is not a zip archive, a missing S3 object, and a zip function without runtime', async () => {
    const notZip = await rejection(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'a',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { ZipFile: strToU8('plain') },
        }),
      ),
    );
    const missing = await rejection(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'b',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { S3Bucket: 'nowhere', S3Key: 'code.zip' },
        }),
      ),
    );
    const noRuntime = await rejection(
      lambda.send(new CreateFunctionCommand({ FunctionName: 'c', Role: ROLE, Code: { ZipFile: archive('x') } })),
    );

    expect(notZip).toBeInstanceOf(InvalidParameterValueException);
    expect(notZip.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.');
    expect(missing.message).toBe(
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    );
    expect(noRuntime.message).toBe(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  });

  it('reads code from the caller S3, updates configuration and code, and deletes the function', async () => {
    const s3 = new S3Client({
      endpoint: localAws.url,
      region: 'us-east-1',
      credentials: BASE_CREDENTIALS,
      maxAttempts: 1,
    });
    const first = archive('exports.handler = async () => 1;');
    const second = archive('exports.handler = async () => 2;');
    await s3.send(new CreateBucketCommand({ Bucket: 'edd-artifacts' }));
    await s3.send(new PutObjectCommand({ Bucket: 'edd-artifacts', Key: 'lookup.zip', Body: first }));

    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'edd-lookup',
        Runtime: 'python3.12',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { S3Bucket: 'edd-artifacts', S3Key: 'lookup.zip' },
      }),
    );
    const configured = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'edd-lookup', Timeout: 30, Description: 'lookup' }),
    );
    const recoded = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'edd-lookup', ZipFile: second }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'edd-lookup' }));
    const gone = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'edd-lookup' })));

    expect(configured).toMatchObject({ Timeout: 30, Description: 'lookup', Runtime: 'python3.12' });
    expect(recoded.CodeSha256).toBe(createHash('sha256').update(second).digest('base64'));
    expect(recoded.RevisionId).not.toBe(configured.RevisionId);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
  });
});
