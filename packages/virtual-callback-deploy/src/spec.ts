import { dirname, join } from 'node:path';
import { FOLDER } from '@edd/connect-deploy/engine';
import { itemSize, MAX_ITEM_BYTES } from '@edd/dynamo-export-import';
import {
  InputRoot,
  UsageError,
  ValidationError,
  expandDeep,
  findDuplicateKey,
  normaliseRelativePath,
  parseJsonStrict,
  type PlaceholderValues,
  type Problem,
} from '@edd/core';
import { z } from 'zod';
import { toTyped } from './config-table.js';

const name = z.string().min(1).max(127);
const e164OrLogical = z.string().min(1);

const routingProfileMembership = z
  .object({
    name,
    channel: z.enum(['VOICE', 'CHAT', 'TASK']).default('VOICE'),
    priority: z.number().int().min(1).max(99).default(1),
    delay: z.number().int().min(0).max(9999).default(0),
  })
  .strict();

const queueSpec = z
  .object({
    name,
    description: z.string().max(250).optional(),
    hoursOfOperation: name,
    maxContacts: z.number().int().min(0).optional(),
    outboundCallerId: z.object({ name: z.string().min(1).max(255), number: e164OrLogical }).strict(),
    outboundWhisperFlow: name.optional(),
    routingProfiles: z.array(routingProfileMembership).default([]),
    quickConnect: z
      .object({ name, flow: name, description: z.string().max(250).optional() })
      .strict()
      .optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const lambdaSpec = z.union([
  z.object({ name: z.string().min(1).max(140) }).strict(),
  z.object({ stackOutputs: z.string().min(1), output: z.string().min(1) }).strict(),
]);

/** A value of a configuration item: plain JSON, or a reference resolved in the target after the deploy. */
const itemValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(itemValue), z.record(z.string(), itemValue)]),
);

/**
 * `callback.json`: the scheduled-callback setup of an application, declared once for every environment
 * (`${Environment}`, `${AccountNumber}` and `${Region}` are expanded for the target).
 */
export const callbackSpecSchema = z
  .object({
    instanceAlias: z.string().min(1).optional(),
    /** Logical phone number name -> environment -> E.164 number claimed in that environment. */
    phoneNumbers: z.record(z.string(), z.record(z.string(), z.string().regex(/^\+\d{6,15}$/))).default({}),
    queues: z.array(queueSpec).min(1),
    /** Logical Lambda name (as flows reference it) -> function name, or the stack output that holds it. */
    lambdas: z.record(z.string(), lambdaSpec).default({}),
    /** The loopback/callback number and the flow it must point at; no other number is ever touched. */
    callbackNumber: z.object({ number: e164OrLogical, flow: name }).strict(),
    configTable: z
      .object({
        table: z.string().min(3).max(255),
        items: z.array(z.record(z.string(), itemValue)).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CallbackSpec = z.infer<typeof callbackSpecSchema>;
export type QueueSpec = CallbackSpec['queues'][number];

export interface LoadedSpec {
  file: string;
  dir: string;
  /** The spec's folder: everything the step reads from the repository is read through it. */
  root: InputRoot;
  spec: CallbackSpec;
  /** Lambda logical name -> function name in the target environment. */
  lambdaNames: Map<string, string>;
}

/** A spec or flow file larger than this is not a callback setup. */
const MAX_JSON_BYTES = 1024 * 1024;

async function readJson(root: InputRoot, path: string): Promise<unknown> {
  const shown = root.display(path);
  const text = await root.readText(path, { maxBytes: MAX_JSON_BYTES });
  if (text === undefined) throw new UsageError(`${shown} does not exist; check --config and the files it names`);
  const parsed = parseJsonStrict(text);
  if (!parsed.ok)
    throw new ValidationError(`${shown} cannot be read`, [
      {
        file: shown,
        line: parsed.problem.line,
        ...(parsed.problem.path ? { path: parsed.problem.path } : {}),
        message: parsed.problem.message,
      },
    ]);
  return parsed.value;
}

/**
 * Checks the folders connect-deploy reads next to the spec before anything reads them: a link that leaves the
 * spec's folder, a device or a FIFO stops the step naming the file, and a JSON file that gives a key twice is a
 * problem (the flow a reviewer read would not be the flow deployed).
 */
export async function checkSourceFolders(root: InputRoot, problems: Problem[]): Promise<void> {
  await root.list('');
  for (const folder of new Set(Object.values(FOLDER))) {
    for (const entry of await root.walk(folder)) {
      if (!entry.path.endsWith('.json')) continue;
      const text = await root.readText(entry.path, { maxBytes: MAX_JSON_BYTES });
      const duplicate = text === undefined ? undefined : findDuplicateKey(text);
      if (duplicate)
        problems.push({
          file: root.display(entry.path),
          line: duplicate.line,
          ...(duplicate.path ? { path: duplicate.path } : {}),
          message: duplicate.message,
        });
    }
  }
}

/** The size a configuration item can reach once its references are resolved (an ARN is at most this long). */
const RESOLVED_REFERENCE = 'x'.repeat(256);

function configItemProblems(spec: CallbackSpec, file: string): Problem[] {
  const problems: Problem[] = [];
  const resolvedLength = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolvedLength);
    if (value !== null && typeof value === 'object')
      return typeof (value as { $ref?: unknown }).$ref === 'string'
        ? RESOLVED_REFERENCE
        : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvedLength(v)]));
    return value;
  };
  spec.configTable?.items.forEach((item, i) => {
    const typed = Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toTyped(resolvedLength(v))]));
    const size = itemSize(typed as never);
    if (size > MAX_ITEM_BYTES)
      problems.push({
        file,
        path: `configTable.items[${i}]`,
        message: `the item is ${size} bytes; DynamoDB's limit is 400 KB (${MAX_ITEM_BYTES} bytes) and it would refuse it: ValidationException: Item size has exceeded the maximum allowed size`,
      });
  });
  return problems;
}

/** Reads a stack output file: `describe-stacks` outputs (`[{OutputKey, OutputValue}]`, or the whole answer) or a plain map. */
function stackOutput(document: unknown, key: string): string | undefined {
  const stacks = (document as { Stacks?: { Outputs?: unknown }[] })?.Stacks;
  const outputs = Array.isArray(stacks) ? stacks[0]?.Outputs : document;
  if (Array.isArray(outputs)) {
    const found = outputs.find((o: { OutputKey?: string }) => o?.OutputKey === key) as
      { OutputValue?: string } | undefined;
    return found?.OutputValue;
  }
  const value = (outputs as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the spec through its folder (`--config` missing, a folder, a FIFO or a system file: exit 2), checks it and
 * the folders beside it offline (exit 3), and resolves the Lambda names, reading stack outputs only from inside the
 * spec's folder.
 */
export async function loadSpec(file: string, placeholders: PlaceholderValues): Promise<LoadedSpec> {
  const { root, name } = await InputRoot.openFile(file, { what: '--config' });
  const raw = await readJson(root, name);
  const parsed = callbackSpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      `${file} is not a valid callback specification`,
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.') || undefined, message: i.message })),
    );
  }
  const spec = expandDeep(parsed.data, placeholders, file);
  const dir = dirname(file);
  const problems: Problem[] = configItemProblems(spec, file);
  await checkSourceFolders(root, problems);
  const lambdaNames = new Map<string, string>();
  for (const [logical, source] of Object.entries(spec.lambdas)) {
    if ('name' in source) {
      lambdaNames.set(logical, source.name);
      continue;
    }
    const normal = normaliseRelativePath(source.stackOutputs);
    if ('reason' in normal) {
      problems.push({
        file,
        path: `lambdas.${logical}.stackOutputs`,
        message: `${JSON.stringify(source.stackOutputs)}: ${normal.reason} (the folder of ${file})`,
      });
      continue;
    }
    const outputsFile = join(dir, normal.path);
    const value = stackOutput(await readJson(root, normal.path), source.output);
    if (value === undefined) {
      problems.push({
        file,
        path: `lambdas.${logical}`,
        message: `stack output ${source.output} is not in ${outputsFile}; deploy the backend stack first or fix the output name`,
      });
    } else {
      // Outputs may hold the function's ARN or its name.
      lambdaNames.set(logical, value.includes(':function:') ? value.split(':function:')[1]!.split(':')[0]! : value);
    }
  }
  if (problems.length > 0) throw new ValidationError(`${file}: the callback setup cannot be used`, problems);
  return { file, dir, root, spec, lambdaNames };
}
