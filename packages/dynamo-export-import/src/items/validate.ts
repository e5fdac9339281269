import { isCanonicalBase64 } from './binary.js';
import { decimalProblem, normalizeNumber } from './number.js';
import { ATTRIBUTE_TYPES, type AttributeType, type Item } from './types.js';

/** DynamoDB's limit on nested maps and lists. */
export const MAX_DEPTH = 32;

export interface ItemProblem {
  /** Attribute path: `config.hours[2]`. */
  path?: string;
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const memberPath = (parent: string, name: string): string => (parent ? `${parent}.${name}` : name);

function checkSet(path: string, type: 'SS' | 'NS' | 'BS', members: unknown, problems: ItemProblem[]): void {
  if (!Array.isArray(members)) {
    problems.push({ path, message: `${type} must be a list` });
    return;
  }
  if (members.length === 0) {
    problems.push({ path, message: `${type} is empty; DynamoDB sets cannot be empty (remove the attribute instead)` });
    return;
  }
  const seen = new Set<string>();
  members.forEach((member, index) => {
    const at = `${path}[${index}]`;
    if (typeof member !== 'string') {
      problems.push({ path: at, message: `${type} members must be strings` });
      return;
    }
    let identity = member;
    if (type === 'NS') {
      const problem = decimalProblem(member);
      if (problem) {
        problems.push({ path: at, message: problem });
        return;
      }
      identity = normalizeNumber(member);
    } else if (type === 'BS' && !isCanonicalBase64(member)) {
      problems.push({ path: at, message: 'is not standard base64 with padding' });
      return;
    }
    if (seen.has(identity))
      problems.push({
        path: at,
        message: `duplicate member ${JSON.stringify(member)}; DynamoDB refuses sets with duplicates`,
      });
    seen.add(identity);
  });
}

function checkValue(path: string, value: unknown, depth: number, problems: ItemProblem[]): void {
  if (!isObject(value)) {
    problems.push({ path, message: 'must be a typed value such as {"S":"text"} or {"N":"1"}' });
    return;
  }
  const tags = Object.keys(value);
  if (tags.length !== 1) {
    problems.push({
      path,
      message:
        tags.length === 0
          ? 'has no type: use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL'
          : `has more than one type (${tags.join(', ')})`,
    });
    return;
  }
  const type = tags[0] as AttributeType;
  const content = value[type];
  if (!ATTRIBUTE_TYPES.includes(type)) {
    problems.push({ path, message: `unknown type '${type}'; use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL` });
    return;
  }
  switch (type) {
    case 'S':
      if (typeof content !== 'string') problems.push({ path, message: 'S must be a string' });
      return;
    case 'N':
      if (typeof content !== 'string')
        problems.push({ path, message: 'N must be a string of digits, e.g. {"N":"12.5"} (never a JSON number)' });
      else {
        const problem = decimalProblem(content);
        if (problem) problems.push({ path, message: problem });
      }
      return;
    case 'B':
      if (typeof content !== 'string' || !isCanonicalBase64(content))
        problems.push({ path, message: 'B must be standard base64 with padding' });
      return;
    case 'SS':
    case 'NS':
    case 'BS':
      checkSet(path, type, content, problems);
      return;
    case 'NULL':
      if (content !== true) problems.push({ path, message: 'NULL must be true' });
      return;
    case 'BOOL':
      if (typeof content !== 'boolean') problems.push({ path, message: 'BOOL must be true or false' });
      return;
    case 'M':
    case 'L':
      if (depth >= MAX_DEPTH) {
        problems.push({ path, message: `nested deeper than ${MAX_DEPTH} levels, DynamoDB's limit` });
        return;
      }
      if (type === 'M') {
        if (!isObject(content)) problems.push({ path, message: 'M must be an object' });
        else
          for (const name of Object.keys(content))
            checkValue(memberPath(path, name), content[name], depth + 1, problems);
      } else if (!Array.isArray(content)) {
        problems.push({ path, message: 'L must be a list' });
      } else {
        content.forEach((element, index) => checkValue(`${path}[${index}]`, element, depth + 1, problems));
      }
  }
}

/** Checks that a parsed JSON value is an item in typed DynamoDB JSON that DynamoDB would store unchanged. */
export function checkItem(value: unknown): { item?: Item; problems: ItemProblem[] } {
  if (!isObject(value))
    return { problems: [{ message: 'each line must be one item: a JSON object of typed attributes' }] };
  const problems: ItemProblem[] = [];
  for (const name of Object.keys(value)) {
    if (name === '') problems.push({ message: 'an attribute name is empty' });
    else checkValue(name, value[name], 1, problems);
  }
  return problems.length === 0 ? { item: value as Item, problems } : { problems };
}
