import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/errors.js';
import { LambdaFunctions, parseFunctionReference, type CallerScope } from '../src/services/lambda/functions.js';

const ACCOUNT = '640079793484';
const SCOPE: CallerScope = {
  account: ACCOUNT,
  region: 'eu-west-2',
  principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
};

function newFunctions(): LambdaFunctions {
  return new LambdaFunctions((code, message) => new AwsError({ code, message }));
}

function failure(action: () => unknown): AwsError {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parseFunctionReference', () => {
  it('reads names, partial ARNs and full ARNs, with qualifiers', () => {
    expect(parseFunctionReference('edd-lookup')).toMatchObject({
      name: 'edd-lookup',
      account: undefined,
      qualifier: undefined,
    });
    expect(parseFunctionReference('edd-lookup:live')).toMatchObject({ name: 'edd-lookup', qualifier: 'live' });
    expect(parseFunctionReference(`${ACCOUNT}:function:edd-lookup`)).toMatchObject({
      name: 'edd-lookup',
      account: ACCOUNT,
    });
    expect(parseFunctionReference(`arn:aws:lambda:eu-west-2:${ACCOUNT}:function:edd-lookup:$LATEST`)).toMatchObject({
      partition: 'aws',
      region: 'eu-west-2',
      account: ACCOUNT,
      name: 'edd-lookup',
      qualifier: '$LATEST',
    });
    expect(parseFunctionReference('not a name')).toBeUndefined();
  });
});

describe('LambdaFunctions', () => {
  it('knows which functions exist, by name or ARN, in their own account and region', () => {
    const functions = newFunctions();
    const { arn } = functions.seed(ACCOUNT, 'eu-west-2', 'edd-lookup');

    expect(functions.exists(ACCOUNT, 'eu-west-2', 'edd-lookup')).toBe(true);
    expect(functions.exists(ACCOUNT, 'eu-west-2', arn)).toBe(true);
    expect(functions.exists(ACCOUNT, 'us-east-1', 'edd-lookup')).toBe(false);
    expect(functions.exists('318484875904', 'eu-west-2', 'edd-lookup')).toBe(false);
    expect(functions.exists(ACCOUNT, 'eu-west-2', `${arn}:live`)).toBe(false);
  });

  it('writes principals and conditions the way IAM policies spell them', () => {
    const functions = newFunctions();
    const target = functions.seed(ACCOUNT, 'eu-west-2', 'edd-lookup');

    const account = functions.addPermission(target, {
      statementId: 'a',
      action: 'lambda:InvokeFunction',
      principal: '318484875904',
    });
    const anyone = functions.addPermission(target, {
      statementId: 'b',
      action: 'lambda:*',
      principal: '*',
      principalOrgId: 'o-abcdefghij',
    });
    const role = functions.addPermission(target, {
      statementId: 'c',
      action: 'lambda:InvokeFunction',
      principal: 'arn:aws:iam::318484875904:role/caller',
      sourceArn: 'arn:aws:connect:eu-west-2:640079793484:instance/x',
      sourceAccount: ACCOUNT,
    });

    expect(account.Principal).toEqual({ AWS: 'arn:aws:iam::318484875904:root' });
    expect(account.Condition).toBeUndefined();
    expect(anyone).toMatchObject({
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
    });
    expect(role.Condition).toEqual({
      StringEquals: { 'AWS:SourceAccount': ACCOUNT },
      ArnLike: { 'AWS:SourceArn': 'arn:aws:connect:eu-west-2:640079793484:instance/x' },
    });
  });

  it('changes the revision id with every policy change and refuses a stale one', () => {
    const functions = newFunctions();
    const target = functions.seed(ACCOUNT, 'eu-west-2', 'edd-lookup');
    const before = target.revisionId;

    functions.addPermission(target, {
      statementId: 'a',
      action: 'lambda:InvokeFunction',
      principal: 'lexv2.amazonaws.com',
    });
    const stale = failure(() => functions.removePermission(target, 'a', before));

    expect(target.revisionId).not.toBe(before);
    expect(stale.code).toBe('PreconditionFailedException');
  });

  it('refuses a policy above 20 KB', () => {
    const functions = newFunctions();
    const target = functions.seed(ACCOUNT, 'eu-west-2', 'edd-lookup');
    const add = (index: number) =>
      functions.addPermission(target, {
        statementId: `statement-${index}`,
        action: 'lambda:InvokeFunction',
        principal: 'lexv2.amazonaws.com',
        sourceArn: `arn:aws:lex:eu-west-2:${ACCOUNT}:bot-alias/${'A'.repeat(10)}/${String(index).padStart(10, '0')}`,
      });

    let index = 0;
    const refused = failure(() => {
      for (;;) add((index += 1));
    });

    expect(refused.code).toBe('PolicyLengthExceededException');
    expect(Buffer.byteLength(functions.policy(target))).toBeLessThanOrEqual(20_480);
  });

  it('resolves function names for the caller: other accounts are denied, other regions not found', () => {
    const functions = newFunctions();
    functions.seed(ACCOUNT, 'eu-west-2', 'edd-lookup');

    expect(functions.resolve(SCOPE, 'edd-lookup', undefined, 'GetFunction').name).toBe('edd-lookup');
    expect(
      failure(() =>
        functions.resolve(SCOPE, 'arn:aws:lambda:eu-west-2:318484875904:function:x', undefined, 'GetFunction'),
      ).status,
    ).toBe(403);
    expect(
      failure(() =>
        functions.resolve(SCOPE, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:edd-lookup`, undefined, 'GetFunction'),
      ).code,
    ).toBe('ResourceNotFoundException');
    expect(failure(() => functions.resolve(SCOPE, 'edd-lookup:live', '$LATEST', 'GetFunction')).code).toBe(
      'InvalidParameterValueException',
    );
  });
});
