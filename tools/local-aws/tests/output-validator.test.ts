import { describe, expect, it } from 'vitest';
import { compileJavaPattern } from '../src/models/java-pattern.js';
import { ServiceModel, type ServiceModelJson, type StringShape } from '../src/models/model.js';
import { validateJsonOutput } from '../src/models/output-validator.js';
import { sampleString, sampleValue } from '../src/models/sample.js';
import { ModelValidator } from '../src/models/validator.js';
import connectJson from '../models/connect.json' with { type: 'json' };
import lexJson from '../models/lex.json' with { type: 'json' };

const model = new ServiceModel({
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'sample', protocol: 'rest-json', serviceId: 'Sample' },
  operations: {},
  shapes: {
    Output: {
      type: 'structure',
      required: ['Id'],
      members: {
        Id: { shape: 'String' },
        Status: { shape: 'Status' },
        Count: { shape: 'Integer' },
        When: { shape: 'Timestamp' },
        Items: { shape: 'Items' },
        RequestId: { shape: 'String', location: 'header', locationName: 'x-request-id' },
        Wire: { shape: 'String', locationName: 'wireName' },
      },
    },
    Items: { type: 'list', member: { shape: 'Item' } },
    Item: { type: 'structure', members: { Name: { shape: 'String' } } },
    String: { type: 'string' },
    Status: { type: 'string', enum: ['ACTIVE', 'INACTIVE'] },
    Integer: { type: 'integer' },
    Timestamp: { type: 'timestamp' },
  },
});

describe('output validation', () => {
  it('accepts a body the SDKs can read', () => {
    expect(
      validateJsonOutput(
        model,
        { shape: 'Output' },
        {
          Id: 'a',
          Status: 'ACTIVE',
          Count: 2,
          When: 1700000000.5,
          Items: [{ Name: 'x' }],
          wireName: 'y',
        },
      ),
    ).toEqual([]);
  });

  it('names every member outside the shape, of the wrong type, out of its enum, or missing', () => {
    const problems = validateJsonOutput(
      model,
      { shape: 'Output' },
      {
        Status: 'GONE',
        Count: 1.5,
        When: 'yesterday',
        Items: [{ Name: 3, Extra: true }],
        RequestId: 'header members are not in the body',
        Wire: 'the member name instead of its locationName',
      },
    );

    expect(problems.map(({ path, problem }) => `${path}: ${problem}`)).toEqual([
      "Status: 'GONE' is not one of Status's values",
      'Count: expected an integer, got a number',
      'When: expected a timestamp, got "yesterday"',
      'Items[0].Name: expected a string, got a number',
      'Items[0]: member Extra is not in Item',
      '(body): member RequestId is not in Output',
      '(body): member Wire is not in Output',
      '(body): required member Id of Output is missing',
    ]);
  });
});

describe('smallest valid values', () => {
  for (const [name, json] of [
    ['connect', connectJson],
    ['lex', lexJson],
  ] as const) {
    it(`satisfy every pattern and length of the ${name} model's strings`, () => {
      const serviceModel = new ServiceModel(json as ServiceModelJson);
      const validator = new ModelValidator(serviceModel);
      const shapes = Object.entries((json as ServiceModelJson).shapes).filter(
        (entry): entry is [string, StringShape] =>
          entry[1].type === 'string' && compileJavaPattern(entry[1].pattern ?? '.*') !== undefined,
      );
      const failing = shapes
        .filter(
          ([shape]) =>
            validator.validateValue({ shape }, sampleString(serviceModel.shape(shape) as StringShape), '').length > 0,
        )
        .map(([shape, definition]) => `${shape}: ${definition.pattern ?? ''} -> ${sampleString(definition)}`);

      expect(shapes.length).toBeGreaterThan(100);
      expect(failing).toEqual([]);
    });
  }

  it('give every input structure its required members', () => {
    const serviceModel = new ServiceModel(connectJson as ServiceModelJson);
    const validator = new ModelValidator(serviceModel);
    const invalid = Object.keys(serviceModel.operations).filter((operation) => {
      const ref = serviceModel.operation(operation)?.input;
      return ref !== undefined && validator.validateValue(ref, sampleValue(serviceModel, ref), '').length > 0;
    });

    expect(invalid).toEqual([]);
  });
});
