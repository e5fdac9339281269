import { z } from 'zod';
import type { PlanDocument } from './model.js';

/**
 * The shape of a `PlanDocument`, for plans read back from a file: a saved plan comes from wherever the pipeline kept
 * it, so it is checked like any other input before anything trusts it.
 */

const fieldChange = z
  .object({
    path: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    display: z.object({ before: z.string().optional(), after: z.string().optional() }).strict().optional(),
  })
  .strict();

const blockStatus = z.enum(['added', 'removed', 'changed', 'unchanged']);

const blockChange = z
  .object({
    id: z.string(),
    type: z.string(),
    label: z.string().optional(),
    change: z.enum(['added', 'removed', 'changed']),
    fields: z.array(fieldChange).optional(),
  })
  .strict();

const flowGraph = z
  .object({
    start: z.string().optional(),
    nodes: z.array(
      z.object({ id: z.string(), type: z.string(), label: z.string().optional(), status: blockStatus }).strict(),
    ),
    edges: z.array(
      z
        .object({
          from: z.string(),
          to: z.string(),
          label: z.string().optional(),
          status: z.enum(['added', 'removed', 'unchanged']).optional(),
        })
        .strict(),
    ),
  })
  .strict();

const plannedResource = z
  .object({
    kind: z.string().min(1),
    name: z.string(),
    action: z.enum(['create', 'update', 'delete', 'unchanged']),
    file: z.string().optional(),
    fields: z.array(fieldChange).optional(),
    blocks: z.array(blockChange).optional(),
    layoutOnly: z.boolean().optional(),
    note: z.string().optional(),
    graph: flowGraph.optional(),
    group: z.string().optional(),
  })
  .strict();

const count = z.number().int().min(0);

const problem = z
  .object({
    file: z.string().optional(),
    line: z.number().int().optional(),
    resource: z.string().optional(),
    path: z.string().optional(),
    message: z.string(),
  })
  .strict();

export const planDocumentSchema: z.ZodType<PlanDocument> = z
  .object({
    format: z.literal('edd-plan/1'),
    step: z.string().min(1),
    version: z.string().min(1),
    subject: z.string(),
    target: z.object({ environment: z.string(), account: z.string(), region: z.string() }).strict().optional(),
    createdAt: z.string(),
    resources: z.array(plannedResource),
    counts: z.object({ create: count, update: count, delete: count, unchanged: count }).strict(),
    blockers: z.array(problem),
  })
  .strict() as z.ZodType<PlanDocument>;
