import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import type { LocalAws } from '../src/index.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Credentials local-aws did not issue: they act as CodeBuild's role in the Shared account. */
export const BASE_CREDENTIALS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export const TARGET_ACCOUNT = '640079793484';
export const TARGET_ROLE_ARN = `arn:aws:iam::${TARGET_ACCOUNT}:role/codebuild-connect`;

interface ClientSettings {
  credentials?: Credentials;
  region?: string;
}

// One attempt: the tests look at exactly what local-aws answers, not at the SDK's retries.
export function stsClient(
  localAws: LocalAws,
  { credentials = BASE_CREDENTIALS, region = 'us-east-1' }: ClientSettings = {},
) {
  return new STSClient({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
}

export function dynamoClient(
  localAws: LocalAws,
  { credentials = BASE_CREDENTIALS, region = 'us-east-1' }: ClientSettings = {},
) {
  return new DynamoDBClient({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
}

export function lambdaClient(
  localAws: LocalAws,
  { credentials = BASE_CREDENTIALS, region = 'us-east-1' }: ClientSettings = {},
) {
  return new LambdaClient({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
}

export interface AdminAnswer {
  status: number;
  body: unknown;
}

/** Calls the admin API under /_local/. */
export async function admin(localAws: LocalAws, method: string, path: string, body?: unknown): Promise<AdminAnswer> {
  const response = await fetch(`${localAws.url}/_local/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The error a call fails with; fails the test if it succeeds. */
export async function rejection(call: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
