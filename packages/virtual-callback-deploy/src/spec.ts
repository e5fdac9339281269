import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { UsageError, ValidationError, expandDeep, type PlaceholderValues } from '@edd/core';
import { z } from 'zod';

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
  spec: CallbackSpec;
  /** Lambda logical name -> function name in the target environment. */
  lambdaNames: Map<string, string>;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`${what} ${file} cannot be read; check --config`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON`, [{ file, message: (error as Error).message }]);
  }
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

export async function loadSpec(file: string, placeholders: PlaceholderValues): Promise<LoadedSpec> {
  const raw = await readJson(file, 'callback specification');
  const parsed = callbackSpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      `${file} is not a valid callback specification`,
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.') || undefined, message: i.message })),
    );
  }
  const spec = expandDeep(parsed.data, placeholders, file);
  const dir = dirname(file);
  const lambdaNames = new Map<string, string>();
  const problems: { file: string; path: string; message: string }[] = [];
  for (const [logical, source] of Object.entries(spec.lambdas)) {
    if ('name' in source) {
      lambdaNames.set(logical, source.name);
      continue;
    }
    const outputsFile = isAbsolute(source.stackOutputs) ? source.stackOutputs : join(dir, source.stackOutputs);
    const value = stackOutput(await readJson(outputsFile, 'stack output file'), source.output);
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
  if (problems.length > 0) throw new ValidationError(`${file}: Lambda functions cannot be resolved`, problems);
  return { file, dir, spec, lambdaNames };
}
