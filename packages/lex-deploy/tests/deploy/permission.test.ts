import { describe, expect, it } from 'vitest';
import { policyAllows, statementIdFor } from '../../src/deploy/permission.js';

const ALIAS = 'arn:aws:lex:us-east-1:640079793484:bot-alias/BOTID12345/ALIASID123';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('statementIdFor', () => {
  it('derives the same statement id from the same alias ARN', () => {
    expect(statementIdFor(ALIAS)).toBe('lexv2-BOTID12345-ALIASID123');
    expect(() => statementIdFor('arn:aws:lex:us-east-1:1:bot/X')).toThrow('not a Lex V2 bot alias ARN');
  });
});

describe('policyAllows', () => {
  const lexStatement = {
    Sid: 'made-by-hand',
    Effect: 'Allow',
    Principal: { Service: 'lexv2.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: 'arn:aws:lambda:us-east-1:640079793484:function:f',
    Condition: { ArnLike: { 'AWS:SourceArn': ALIAS } },
  };

  it('finds our statement id, or any statement letting this alias invoke the function', () => {
    expect(policyAllows(policy({ Sid: 'lexv2-BOTID12345-ALIASID123' }), ALIAS)).toBe(true);
    expect(policyAllows(policy(lexStatement), ALIAS)).toBe(true);
  });

  it('does not count statements for another alias, another principal, or a policy that is not there', () => {
    expect(
      policyAllows(policy({ ...lexStatement, Condition: { ArnLike: { 'AWS:SourceArn': `${ALIAS}X` } } }), ALIAS),
    ).toBe(false);
    expect(policyAllows(policy({ ...lexStatement, Principal: { Service: 'connect.amazonaws.com' } }), ALIAS)).toBe(
      false,
    );
    expect(policyAllows(policy({ ...lexStatement, Effect: 'Deny' }), ALIAS)).toBe(false);
    expect(policyAllows(undefined, ALIAS)).toBe(false);
    expect(policyAllows('not json', ALIAS)).toBe(false);
  });
});
