import { findDuplicateKey, type PlaceholderValues, type Problem } from '@edd/core';
import { readLines } from './files/lines.js';
import { formatKey, keyProblems } from './items/keys.js';
import { parseItemLine } from './items/line.js';
import { expandValuePlaceholders } from './items/placeholders.js';
import { itemSize, MAX_ITEM_BYTES } from './items/size.js';
import { mapStrings } from './items/transform.js';
import type { Item, KeySchema } from './items/types.js';
import { checkItem } from './items/validate.js';

/** Problems listed per file; the rest are counted. */
export const MAX_PROBLEMS = 100;
export const MAX_WARNINGS = 5;

/** Expands the target's placeholders in every string of an item; without values, items are kept as written. */
export function expander(
  placeholders: PlaceholderValues | undefined,
  onUnknown?: (name: string) => void,
): (item: Item) => Item {
  if (!placeholders) return (item) => item;
  return (item) => mapStrings(item, (s) => expandValuePlaceholders(s, placeholders, onUnknown));
}

export function unreadableLine(problem: string | undefined): string {
  return problem === 'not-utf8'
    ? 'the line is not valid UTF-8; save the file as UTF-8'
    : 'the line is longer than 16 MB; no DynamoDB item is that large';
}

/** What one line of an import file holds, and what is wrong with it, before its key is compared with others. */
export interface LineCheck {
  /** The item, placeholders expanded; absent when the line cannot be used at all. */
  item?: Item;
  /** `formatKey` of the item, when a key schema was given and the key is valid. */
  key?: string;
  problems: Omit<Problem, 'file' | 'line'>[];
}

/**
 * Checks one line of an import file: JSON, no attribute given twice, typed DynamoDB JSON, then (placeholders
 * expanded) the key attributes against the table's schema when there is one, and the 400 KB item limit. Without a
 * schema (offline validation) the key is not checked.
 */
export function checkLine(text: string, expand: (item: Item) => Item, schema?: KeySchema): LineCheck {
  let json: unknown;
  try {
    json = parseItemLine(text);
  } catch (error) {
    return { problems: [{ message: `invalid JSON: ${(error as Error).message}` }] };
  }
  // JSON.parse keeps the last of two equal keys: the reviewed line would not be the written item.
  const duplicate = findDuplicateKey(text);
  if (duplicate) return { problems: [{ message: duplicate.message }] };
  const checked = checkItem(json);
  if (!checked.item) return { problems: checked.problems };
  const item = expand(checked.item);
  let key: string | undefined;
  if (schema) {
    const keyIssues = keyProblems(item, schema);
    if (keyIssues.length > 0) return { problems: keyIssues };
    key = formatKey(item, schema);
  }
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES)
    return {
      item,
      ...(key !== undefined ? { key } : {}),
      problems: [
        {
          ...(key !== undefined ? { resource: key } : {}),
          message: `the item is ${size} bytes (attribute names count); DynamoDB's limit is 400 KB (${MAX_ITEM_BYTES} bytes) and it would refuse it: ValidationException: Item size has exceeded the maximum allowed size`,
        },
      ],
    };
  return { item, ...(key !== undefined ? { key } : {}), problems: [] };
}

/** What offline validation found in one file. */
export interface FileCheck {
  file: string;
  items: number;
  problems: Problem[];
  warnings: string[];
}

/**
 * Validates a file without its table: every line as {@link checkLine} checks it without a key schema. With
 * placeholder values, `${Environment}` etc. are expanded first (sizes then count as they will be stored).
 */
export async function validateFile(file: string, placeholders?: PlaceholderValues): Promise<FileCheck> {
  const problems: Problem[] = [];
  let extraProblems = 0;
  const warnings: string[] = [];
  let currentLine = 0;
  let unknownPlaceholders = 0;
  const expand = expander(placeholders, (name) => {
    unknownPlaceholders++;
    if (warnings.length < MAX_WARNINGS)
      warnings.push(`${file}:${currentLine}: ${name} is not a placeholder this tool knows; imported as written`);
  });
  const problem = (p: Omit<Problem, 'file'>) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, ...p });
    else extraProblems++;
  };
  let items = 0;
  for await (const { number, text, problem: lineProblem } of readLines(file)) {
    currentLine = number;
    if (text === undefined) {
      problem({ line: number, message: unreadableLine(lineProblem) });
      continue;
    }
    if (text.trim() === '') continue;
    const checked = checkLine(text, expand);
    for (const p of checked.problems) problem({ line: number, ...p });
    if (checked.item) items++;
  }
  if (extraProblems > 0) problems.push({ file, message: `... and ${extraProblems} more problems` });
  if (unknownPlaceholders > warnings.length)
    warnings.push(`${file}: ${unknownPlaceholders - warnings.length} more unknown placeholders left as written`);
  return { file, items, problems, warnings };
}
