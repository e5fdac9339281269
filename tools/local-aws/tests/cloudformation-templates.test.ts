import { describe, expect, it } from 'vitest';
import { generatedName } from '../src/services/cloudformation/deployment.js';
import { Evaluator, Unresolved, type EvaluationScope } from '../src/services/cloudformation/intrinsics.js';
import { parameterValues, resolveParameters } from '../src/services/cloudformation/parameters.js';
import { parseTemplate, type Template } from '../src/services/cloudformation/template.js';

const PSEUDO = {
  'AWS::AccountId': '640079793484',
  'AWS::Region': 'eu-west-2',
  'AWS::StackName': 'edd-backend-common-qa',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** An evaluator over a template whose resources are a table `Table` (created) and a function `Pending` (not yet). */
function evaluatorFor(template: Template, inputs: Record<string, string> = {}): Evaluator {
  const parameters = resolveParameters(
    template,
    Object.entries(inputs).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    undefined,
  );
  const conditions = new Map<string, boolean>();
  const scope: EvaluationScope = {
    parameters: parameterValues(template, parameters),
    pseudo: PSEUDO,
    mappings: template.Mappings,
    condition: (name) => {
      if (!conditions.has(name)) conditions.set(name, evaluator.condition(template.Conditions[name]));
      return conditions.get(name) as boolean;
    },
    resource: (logicalId) => {
      if (logicalId === 'Table') {
        return {
          ref: () => 'edd-config-qa',
          attribute: (name) => {
            if (name !== 'Arn') throw new Error(`resource Table does not support attribute type ${name}`);
            return 'arn:aws:dynamodb:eu-west-2:640079793484:table/edd-config-qa';
          },
        };
      }
      if (logicalId === 'Pending')
        return { ref: () => new Unresolved('Pending'), attribute: () => new Unresolved('Pending') };
      return undefined;
    },
    importValue: (name) => `imported:${name}`,
  };
  const evaluator = new Evaluator(scope);
  return evaluator;
}

const TEMPLATE = `
Parameters:
  Environment:
    Type: String
    Default: qa
  Queues:
    Type: CommaDelimitedList
    Default: billing,claims
Mappings:
  Sizes:
    qa: { capacity: 5 }
    prod: { capacity: 50 }
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  IsQa: !Not [!Condition IsProd]
  Either: !Or [!Condition IsProd, !Equals [!Ref AWS::Region, eu-west-2]]
  Both: !And [!Condition IsQa, !Condition Either]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
`;

describe('cloudformation templates', () => {
  it('reads an unquoted format version as text, as CloudFormation does', () => {
    const template = parseTemplate(
      'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  T:\n    Type: AWS::S3::Bucket\n',
    );
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
  });

  it('reads the YAML short forms as the JSON functions', () => {
    const yaml = parseTemplate(`Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ['-', [!Ref AWS::StackName, !Select [0, !Split [',', !GetAtt Table.Arn]]]]
      Tags:
        - Key: a
          Value: !Sub ['\${X}', { X: !ImportValue shared }]
        - Key: b
          Value: !If [IsProd, !Base64 x, !FindInMap [M, k, v]]
`);
    const json = parseTemplate(
      JSON.stringify({
        Resources: {
          Bucket: {
            Type: 'AWS::S3::Bucket',
            Properties: {
              BucketName: {
                'Fn::Join': [
                  '-',
                  [
                    { Ref: 'AWS::StackName' },
                    { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::GetAtt': ['Table', 'Arn'] }] }] },
                  ],
                ],
              },
              Tags: [
                { Key: 'a', Value: { 'Fn::Sub': ['${X}', { X: { 'Fn::ImportValue': 'shared' } }] } },
                {
                  Key: 'b',
                  Value: { 'Fn::If': ['IsProd', { 'Fn::Base64': 'x' }, { 'Fn::FindInMap': ['M', 'k', 'v'] }] },
                },
              ],
            },
          },
        },
      }),
    );

    expect(yaml).toEqual(json);
  });

  it('evaluates the intrinsic functions, pseudo parameters and conditions exactly', () => {
    const template = parseTemplate(TEMPLATE);
    const evaluator = evaluatorFor(template);
    const evaluate = (yaml: string) =>
      evaluator.evaluate(
        parseTemplate(
          `Resources: {}\nOutputs:\n  V:\n    Value: ${yaml}\n`.replace(
            'Resources: {}',
            'Resources:\n  X:\n    Type: T',
          ),
        ).Outputs.V?.Value,
      );

    expect(evaluate('!Sub "${Environment}-${AWS::Region}-${Table}-${Table.Arn}-${!Literal}"')).toBe(
      'qa-eu-west-2-edd-config-qa-arn:aws:dynamodb:eu-west-2:640079793484:table/edd-config-qa-${Literal}',
    );
    expect(evaluate("!Sub ['${A}/${AWS::AccountId}', { A: !Select [1, !Ref Queues] }]")).toBe('claims/640079793484');
    expect(evaluate("!Join [',', !Ref Queues]")).toBe('billing,claims');
    expect(evaluate('!Select [1, !Split [":", !GetAtt Table.Arn]]')).toBe('aws');
    expect(evaluate('!FindInMap [Sizes, !Ref Environment, capacity]')).toBe(5);
    expect(evaluate('!If [IsProd, big, small]')).toBe('small');
    expect(evaluate('!If [Both, yes-both, no]')).toBe('yes-both');
    expect(evaluate('!Base64 hello')).toBe('aGVsbG8=');
    expect(evaluate("!GetAZs ''")).toEqual(['eu-west-2a', 'eu-west-2b', 'eu-west-2c']);
    expect(evaluate('!ImportValue shared-bucket')).toBe('imported:shared-bucket');
    expect(
      evaluate('{ a: !Ref AWS::NoValue, b: [1, !Ref AWS::NoValue, 2], c: !If [IsProd, x, !Ref AWS::NoValue] }'),
    ).toEqual({
      b: [1, 2],
    });
    expect(evaluate('!Sub "${Pending.Arn}:x"')).toBeInstanceOf(Unresolved);
    expect(evaluate("!Join ['', [a, !Ref Pending]]")).toBeInstanceOf(Unresolved);
  });

  it('refuses what CloudFormation refuses, in its words', () => {
    const evaluator = evaluatorFor(parseTemplate(TEMPLATE));
    const failure = (value: unknown) => {
      try {
        evaluator.evaluate(value);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };

    expect(failure({ 'Fn::Select': [5, ['a']] })).toBe(
      'Template error: Fn::Select cannot select nonexistent value at index 5',
    );
    expect(failure({ 'Fn::FindInMap': ['Sizes', 'dev', 'capacity'] })).toBe(
      'Template error: Unable to get mapping for Sizes::dev::capacity',
    );
    expect(failure({ 'Fn::GetAtt': ['Missing', 'Arn'] })).toBe(
      'Template error: instance of Fn::GetAtt references undefined resource Missing',
    );
    expect(failure({ Ref: 'Nothing' })).toBe(
      'Template format error: Unresolved resource dependencies [Nothing] in the Resources block of the template',
    );
    expect(failure({ 'Fn::Frobnicate': [] })).toBe('Template error: Encountered unsupported function: Fn::Frobnicate');
    expect(() => parseTemplate('{"Resources": {"A": {"Type": "T"}},}')).toThrow(
      'Template format error: JSON not well-formed. (line 1, column 36)',
    );
    expect(() => parseTemplate('Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Unknown y\n')).toThrow(
      'Template format error: YAML not well-formed. (line 5, column 10)',
    );
    expect(() => parseTemplate('Resources:\n  A:\n    Type: T\nOutput: {}\n')).toThrow(
      'Template format error: Invalid template property or properties [Output]',
    );
    expect(() => parseTemplate('Resources:\n  my-table:\n    Type: T\n')).toThrow(
      'Template format error: Resource name my-table is non alphanumeric.',
    );
    expect(() => parseTemplate('Resources:\n  A:\n    Properties: {}\n')).toThrow(
      'Every Resources object must contain a Type member.',
    );
    expect(() => parseTemplate('Description: x\n')).toThrow(
      'Template format error: At least one Resources member must be defined.',
    );
  });

  it('checks parameter values against their constraints', () => {
    const template = parseTemplate(`Parameters:
  Prefix:
    Type: String
    AllowedPattern: '[a-z]+'
    MaxLength: 5
  Size:
    Type: Number
    MinValue: 1
    MaxValue: 10
  Secret:
    Type: String
    NoEcho: true
    MinLength: 8
    ConstraintDescription: must be at least 8 characters
Resources:
  A:
    Type: T
`);
    const resolve = (values: Record<string, string>) => {
      try {
        return resolveParameters(
          template,
          Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
          new Map([['Secret', 'previous-secret']]),
        );
      } catch (error) {
        return (error as Error).message;
      }
    };

    expect(resolve({ Prefix: 'EDD', Size: '1', Secret: 'long-enough' })).toBe(
      "Parameter 'Prefix' must match pattern [a-z]+",
    );
    expect(resolve({ Prefix: 'abcdef', Size: '1', Secret: 'long-enough' })).toBe(
      "Parameter 'Prefix' must contain at most 5 characters",
    );
    expect(resolve({ Prefix: 'edd', Size: '11', Secret: 'long-enough' })).toBe(
      "Parameter 'Size' must be a number not greater than 10",
    );
    expect(resolve({ Prefix: 'edd', Size: '2', Secret: 'short' })).toBe(
      "Parameter 'Secret' failed to satisfy constraint: must be at least 8 characters",
    );
    expect(resolve({ Prefix: 'edd', Size: '2', Secret: 'long-enough' })).toEqual([
      { key: 'Prefix', value: 'edd', noEcho: false },
      { key: 'Size', value: '2', noEcho: false },
      { key: 'Secret', value: 'long-enough', noEcho: true },
    ]);
  });

  it('names unnamed resources after the stack and the logical id, within the type limit', () => {
    const long = 'edd-backend-common-with-a-rather-long-stack-name-for-testing';

    expect(generatedName('edd-backend-common-qa', 'CallbackTable')).toMatch(
      /^edd-backend-common-qa-CallbackTable-[A-Z0-9]{13}$/,
    );
    expect(generatedName(long, 'SchedulerFunction', { maxLength: 64 })).toHaveLength(64);
    expect(generatedName(long, 'SchedulerFunction', { maxLength: 64 })).toMatch(/-Schedul[a-zA-Z]*-[A-Z0-9]{13}$/);
    expect(generatedName('Edd-Stack', 'Bucket', { maxLength: 63, lowercase: true })).toMatch(
      /^edd-stack-bucket-[a-z0-9]{13}$/,
    );
  });
});
