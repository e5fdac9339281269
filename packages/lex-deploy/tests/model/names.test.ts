import { describe, expect, it } from 'vitest';
import { botNameIn, exportName, functionRef, roleArn } from '../../src/model/names.js';

const values = { Environment: 'qa', AccountNumber: '640079793484', Region: 'us-east-1' };

describe('botNameIn', () => {
  it('applies the template, or keeps the name without one', () => {
    expect(botNameIn('${name}-${Environment}', 'EDDBot', values, 'x')).toBe('EDDBot-qa');
    expect(botNameIn(undefined, 'EDDBot', values, 'x')).toBe('EDDBot');
    expect(botNameIn('EDDBot-live', 'Other', values, 'x')).toBe('EDDBot-live');
  });

  it('refuses a name Lex would refuse', () => {
    expect(() => botNameIn('${name} ${Environment}', 'EDDBot', values, '--bot-name')).toThrow(
      "--bot-name: 'EDDBot qa' is not a valid bot name",
    );
  });
});

describe('exportName', () => {
  it('removes what the template adds for one of the given environments, ignoring case', () => {
    expect(exportName('${name}-${Environment}', 'EDDBot-dev', values, ['dev'])).toBe('EDDBot');
    expect(exportName('${name}-${Environment}', 'EDDBot-QA-FIX', values, ['qa', 'qa-fix'])).toBe('EDDBot');
    expect(exportName('edd-${name}-${AccountNumber}', 'edd-Faq-640079793484', values, ['qa'])).toBe('Faq');
  });

  it('keeps names that do not follow the template', () => {
    expect(exportName('${name}-${Environment}', 'SharedBot', values, ['dev'])).toBe('SharedBot');
    expect(exportName(undefined, 'EDDBot-dev', values, ['dev'])).toBe('EDDBot-dev');
  });
});

describe('roleArn', () => {
  it("puts Lex's service-linked roles under their path and leaves ARNs as they are", () => {
    const place = { account: '640079793484', region: 'us-east-1' };
    expect(roleArn('AWSServiceRoleForLexV2Bots_Common', place)).toBe(
      'arn:aws:iam::640079793484:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common',
    );
    expect(roleArn('edd-lex-bots', { account: '640079793484', region: 'cn-north-1' })).toBe(
      'arn:aws-cn:iam::640079793484:role/edd-lex-bots',
    );
    expect(roleArn('arn:aws:iam::1:role/x', place)).toBe('arn:aws:iam::1:role/x');
  });
});

describe('functionRef', () => {
  const place = { account: '640079793484', region: 'us-east-1' };
  it('reads a name, a name with a qualifier and an ARN', () => {
    expect(functionRef('edd-fn', place, 'x')).toEqual({
      arn: 'arn:aws:lambda:us-east-1:640079793484:function:edd-fn',
      qualifiedArn: 'arn:aws:lambda:us-east-1:640079793484:function:edd-fn',
    });
    expect(functionRef('edd-fn:live', place, 'x')).toMatchObject({
      qualifier: 'live',
      qualifiedArn: 'arn:aws:lambda:us-east-1:640079793484:function:edd-fn:live',
    });
    expect(functionRef('arn:aws:lambda:eu-west-2:111122223333:function:f:3', place, 'x')).toEqual({
      arn: 'arn:aws:lambda:eu-west-2:111122223333:function:f',
      qualifier: '3',
      qualifiedArn: 'arn:aws:lambda:eu-west-2:111122223333:function:f:3',
    });
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => functionRef('not a function', place, 'aliases.live.codeHooks.en_US')).toThrow(
      'aliases.live.codeHooks.en_US',
    );
  });
});
