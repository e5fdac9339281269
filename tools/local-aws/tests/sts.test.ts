import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_ACCOUNT_ID, startLocalAws, type LocalAws } from '../src/index.js';
import { admin, rejection, stsClient, TARGET_ACCOUNT, TARGET_ROLE_ARN } from './support.js';

const SIGNED_HEADERS = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00',
  'x-amz-date': '20250101T000000Z',
  'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
};

describe('sts', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws();
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  async function assumeTargetRole(sessionName = 'build-42') {
    const { Credentials, AssumedRoleUser } = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: sessionName }),
    );
    return { credentials: Credentials!, user: AssumedRoleUser! };
  }

  it('puts callers with keys it did not issue in the Shared account as the CodeBuild role session', async () => {
    const identity = await stsClient(localAws).send(new GetCallerIdentityCommand({}));

    expect(identity.Account).toBe(SHARED_ACCOUNT_ID);
    expect(identity.Arn).toBe('arn:aws:sts::318484875904:assumed-role/codebuild-shared-service-role/local');
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:local$/);
  });

  it('issues credentials shaped like AWS session credentials, expiring after the default hour', async () => {
    const before = Date.now();

    const { credentials, user } = await assumeTargetRole();

    expect(credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.SecretAccessKey).toHaveLength(40);
    expect(credentials.SessionToken!.length).toBeGreaterThan(400);
    const expiresIn = credentials.Expiration!.getTime() - before;
    expect(expiresIn).toBeGreaterThan(3595_000);
    expect(expiresIn).toBeLessThanOrEqual(3601_000);
    expect(user.Arn).toBe(`arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/codebuild-connect/build-42`);
    expect(user.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:build-42$/);
  });

  it('switches account: assumed credentials act in the role account', async () => {
    const { credentials } = await assumeTargetRole('deploy-qa');
    const assumed = {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    };

    const identity = await stsClient(localAws, { credentials: assumed }).send(new GetCallerIdentityCommand({}));

    expect(identity.Account).toBe(TARGET_ACCOUNT);
    expect(identity.Arn).toBe(`arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/codebuild-connect/deploy-qa`);
  });

  it('names the same role with the same role id, as IAM does', async () => {
    const first = await assumeTargetRole('one');
    const second = await assumeTargetRole('two');

    expect(first.user.AssumedRoleId!.split(':')[0]).toBe(second.user.AssumedRoleId!.split(':')[0]);
  });

  it('rejects a session name outside [\\w+=,.@-] with the model pattern in AWS words', async () => {
    const error = await rejection(
      stsClient(localAws).send(new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'build 42' })),
    );

    expect(error).toBeInstanceOf(STSServiceException);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      "1 validation error detected: Value 'build 42' at 'roleSessionName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('reports every broken constraint of a request at once', async () => {
    const error = await rejection(
      stsClient(localAws).send(
        new AssumeRoleCommand({
          RoleArn: TARGET_ROLE_ARN,
          RoleSessionName: 'x',
          DurationSeconds: 600,
          ExternalId: 'e',
        }),
      ),
    );

    expect(error.message).toBe(
      '3 validation errors detected: ' +
        "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900; " +
        "Value 'e' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
  });

  it('refuses more than an hour for a chained role session', async () => {
    const error = await rejection(
      stsClient(localAws).send(
        new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'long', DurationSeconds: 7200 }),
      ),
    );

    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  });

  it('rejects a role ARN that names no role', async () => {
    const error = await rejection(
      stsClient(localAws).send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::64007979348:role/short-account', RoleSessionName: 'x1' }),
      ),
    );

    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Request ARN is invalid');
  });

  it('denies a role after POST /_local/sts/deny with AccessDenied naming the caller', async () => {
    const denied = await admin(localAws, 'POST', 'sts/deny', { roleArn: TARGET_ROLE_ARN });

    const error = await rejection(
      stsClient(localAws).send(new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'build-42' })),
    );

    expect(denied).toEqual({ status: 200, body: { denied: [TARGET_ROLE_ARN] } });
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      'User: arn:aws:sts::318484875904:assumed-role/codebuild-shared-service-role/local is not authorized to ' +
        `perform: sts:AssumeRole on resource: ${TARGET_ROLE_ARN}`,
    );
  });

  it('refuses a deny request without a role ARN', async () => {
    const answer = await admin(localAws, 'POST', 'sts/deny', { role: 'codebuild-connect' });

    expect(answer.status).toBe(400);
  });

  it('answers errors in the XML shape of AWS query services', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: SIGNED_HEADERS,
      body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A640079793484%3Arole%2Fx&RoleSessionName=a',
    });
    const text = await response.text();
    const requestId = response.headers.get('x-amzn-requestid');

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(text).toBe(
      [
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
        '  <Error>',
        '    <Type>Sender</Type>',
        '    <Code>ValidationError</Code>',
        "    <Message>1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2</Message>",
        '  </Error>',
        `  <RequestId>${requestId}</RequestId>`,
        '</ErrorResponse>',
        '',
      ].join('\n'),
    );
  });

  it('answers GetCallerIdentity in the XML shape of AWS', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: SIGNED_HEADERS,
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toMatch(
      new RegExp(
        [
          '^<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
          '  <GetCallerIdentityResult>',
          '    <UserId>AROA[A-Z2-7]{17}:local</UserId>',
          '    <Account>318484875904</Account>',
          '    <Arn>arn:aws:sts::318484875904:assumed-role/codebuild-shared-service-role/local</Arn>',
          '  </GetCallerIdentityResult>',
          '  <ResponseMetadata>',
          '    <RequestId>[0-9a-f-]{36}</RequestId>',
          '  </ResponseMetadata>',
          '</GetCallerIdentityResponse>\\n$',
        ].join('\\n'),
      ),
    );
  });

  it('refuses a request it cannot attribute to a service: unsigned and without X-Amz-Target', async () => {
    const response = await fetch(`${localAws.url}/?Action=GetCallerIdentity&Version=2011-06-15`);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>UnsupportedService</Code>');
  });

  it('answers an unknown action with InvalidAction', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: SIGNED_HEADERS,
      body: 'Action=GetSessionTokenX&Version=2011-06-15',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      '<Message>Could not find operation GetSessionTokenX for version 2011-06-15</Message>',
    );
  });
});
