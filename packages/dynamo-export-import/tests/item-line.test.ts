import { describe, expect, it } from 'vitest';
import { parseItemLine } from '../src/items/line.js';

describe('parseItemLine', () => {
  it('reads typed DynamoDB JSON as it is', () => {
    expect(parseItemLine('{"pk":{"S":"a"},"n":{"N":"1"}}')).toEqual({ pk: { S: 'a' }, n: { N: '1' } });
  });

  it("unwraps a line of DynamoDB's export to S3", () => {
    expect(parseItemLine('{"Item":{"pk":{"S":"a"},"tags":{"SS":["x"]}}}')).toEqual({
      pk: { S: 'a' },
      tags: { SS: ['x'] },
    });
  });

  it('keeps an item whose only attribute is named Item', () => {
    expect(parseItemLine('{"Item":{"S":"a"}}')).toEqual({ Item: { S: 'a' } });
  });

  it('lets invalid JSON fail as JSON', () => {
    expect(() => parseItemLine('{"pk":')).toThrow(SyntaxError);
  });
});
