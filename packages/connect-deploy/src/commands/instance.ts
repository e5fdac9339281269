import { randomUUID } from 'node:crypto';
import {
  AssociateApprovedOriginCommand,
  CreateInstanceCommand,
  UpdateInstanceAttributeCommand,
} from '@aws-sdk/client-connect';
import {
  ApplyProgress,
  AwsOperationError,
  InputRoot,
  ValidationError,
  countPlan,
  expandPlaceholders,
  hasChanges,
  parseJsonStrict,
  planTargetOf,
  poll,
  printPlanDocument,
  type PlanDocument,
  type PlannedResource,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport, type ReportKind } from '@edd/plan-report';
import {
  describeInstance,
  findInstanceByAlias,
  readApprovedOrigins,
  readInstanceAttributes,
  type InstanceRef,
} from '../aws/instance.js';
import { instanceSchema, type InstanceFile } from '../model/schemas.js';
import type { InstanceOptions } from '../cli.js';
import { connectApi } from './shared.js';

/**
 * instance.json comes from the repository like every other input: read through its folder (no link out of it, no
 * device or system file), parsed strictly (a key given twice is refused, a syntax error never quotes the content),
 * and checked against its schema, all before any AWS call.
 */
async function readInstanceConfig(file: string): Promise<InstanceFile> {
  const { root, name } = await InputRoot.openFile(file, { what: '--config' });
  const text = (await root.readText(name, {
    maxBytes: MAX_INSTANCE_FILE_BYTES,
    tooLarge: (size) => `is ${size} bytes; an instance configuration is at most ${MAX_INSTANCE_FILE_BYTES}`,
  }))!;
  const json = parseJsonStrict(text);
  if (!json.ok)
    throw new ValidationError(`${file} cannot be read`, [
      {
        file,
        line: json.problem.line,
        ...(json.problem.path ? { path: json.problem.path } : {}),
        message: json.problem.message,
      },
    ]);
  const parsed = instanceSchema.safeParse(json.value);
  if (!parsed.success) {
    throw new ValidationError(
      `${file} is not a valid instance configuration`,
      parsed.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** An alias, a few attributes and origins: anything larger is not an instance configuration. */
const MAX_INSTANCE_FILE_BYTES = 256 * 1024;

interface InstanceState {
  alias: string;
  spec: InstanceFile;
  exists: boolean;
  desiredAttributes: Record<string, string>;
  current: Record<string, string>;
  newOrigins: string[];
}

/**
 * The instance's plan in the shared grammar: the instance (created, or there), each attribute the configuration
 * names (old -> new where it differs), each approved origin (added, or there). Nothing is ever deleted.
 */
function instancePlan(ctx: StepContext, file: string, state: InstanceState): PlanDocument {
  const { alias, spec, exists, desiredAttributes, current, newOrigins } = state;
  const resources: PlannedResource[] = [
    {
      kind: 'instance',
      name: alias,
      file,
      action: exists ? 'unchanged' : 'create',
      ...(exists
        ? {}
        : {
            fields: [
              { path: 'IdentityManagementType', after: spec.IdentityManagementType ?? 'CONNECT_MANAGED' },
              { path: 'InboundCallsEnabled', after: spec.InboundCallsEnabled ?? true },
              { path: 'OutboundCallsEnabled', after: spec.OutboundCallsEnabled ?? true },
            ],
          }),
    },
    ...Object.entries(desiredAttributes).map(([name, value]): PlannedResource => {
      const before = current[name];
      const same = before?.toLowerCase() === value.toLowerCase();
      return {
        kind: 'instance attribute',
        name,
        file,
        action: same ? 'unchanged' : 'update',
        ...(same ? {} : { fields: [{ path: 'Value', ...(before !== undefined ? { before } : {}), after: value }] }),
      };
    }),
    ...(spec.ApprovedOrigins ?? []).map((origin): PlannedResource => ({
      kind: 'approved origin',
      name: origin,
      file,
      action: newOrigins.includes(origin) ? 'create' : 'unchanged',
    })),
  ];
  const target = planTargetOf(ctx);
  return {
    format: 'edd-plan/1',
    step: ctx.step,
    version: ctx.version,
    subject: `instance ${alias}`,
    ...(target ? { target } : {}),
    createdAt: new Date().toISOString(),
    resources,
    counts: countPlan(resources),
    blockers: [],
  };
}

/**
 * The edd-connect pipeline: the instance exists with its alias, identity management type, calling, attributes and
 * approved origins. Creates it when missing and waits until it is active; never deletes anything.
 */
export async function instanceCommand(options: InstanceOptions, ctx: StepContext): Promise<number> {
  const file = options.config;
  const spec = await readInstanceConfig(file);
  const alias = expandPlaceholders(spec.InstanceAlias, ctx.placeholders(), `${file} InstanceAlias`);
  const api = connectApi(ctx, {}, {});
  const desiredAttributes: Record<string, string> = { ...(spec.Attributes ?? {}) };
  if (spec.InboundCallsEnabled !== undefined) desiredAttributes.INBOUND_CALLS = String(spec.InboundCallsEnabled);
  if (spec.OutboundCallsEnabled !== undefined) desiredAttributes.OUTBOUND_CALLS = String(spec.OutboundCallsEnabled);

  let instance = await findInstanceByAlias(api, alias);
  if (
    instance?.identityManagementType &&
    spec.IdentityManagementType &&
    instance.identityManagementType !== spec.IdentityManagementType
  ) {
    throw new ValidationError(`instance ${alias} cannot be changed to the configuration`, [
      {
        file,
        path: 'IdentityManagementType',
        message: `the instance uses ${instance.identityManagementType}; identity management cannot change after creation`,
      },
    ]);
  }
  const current = instance ? await readInstanceAttributes(api, instance.id) : {};
  const attributeChanges = Object.entries(desiredAttributes).filter(
    ([k, v]) => current[k]?.toLowerCase() !== v.toLowerCase(),
  );
  const origins = instance ? await readApprovedOrigins(api, instance.id) : [];
  const newOrigins = (spec.ApprovedOrigins ?? []).filter((o) => !origins.includes(o));

  const document = instancePlan(ctx, file, {
    alias,
    spec,
    exists: Boolean(instance),
    desiredAttributes,
    current,
    newOrigins,
  });
  printPlanDocument(document, ctx.logger, { verbose: options.verbose });
  ctx.report.set('plan', document);
  ctx.report.set('instance', {
    alias,
    exists: Boolean(instance),
    attributeChanges: attributeChanges.map(([k]) => k),
    newOrigins,
  });
  const page = (kind: ReportKind, outcome?: string) =>
    writeRequestedReport(options.report, [document], { kind, ...(outcome ? { outcome } : {}), logger: ctx.logger });
  if (ctx.dryRun) {
    await page('plan');
    ctx.logger.info('dry run: nothing was written');
    return 0;
  }
  if (!hasChanges(document)) {
    await page('deploy', 'Nothing to do: the instance already matched the configuration.');
    ctx.logger.info(`instance ${alias} (${instance!.id}) is as configured`);
    ctx.report.set('instanceId', instance!.id);
    return 0;
  }
  const progress = new ApplyProgress(ctx.logger);
  try {
    instance = await apply();
  } catch (error) {
    // Its own failure to be written must not hide why the apply stopped.
    await page('stopped', progress.stopped(error)).catch((e: unknown) => ctx.logger.warn((e as Error).message));
    throw error;
  }
  await page('deploy', progress.finish());
  ctx.report.set('instanceId', instance.id);
  ctx.logger.info(`instance ${alias} (${instance.id}) is as configured`);
  return 0;

  async function apply(): Promise<InstanceRef> {
    if (!instance) {
      const created = await api.send<{ Id: string }>(
        new CreateInstanceCommand({
          ClientToken: randomUUID(),
          InstanceAlias: alias,
          IdentityManagementType: spec.IdentityManagementType ?? 'CONNECT_MANAGED',
          ...(spec.DirectoryId ? { DirectoryId: spec.DirectoryId } : {}),
          InboundCallsEnabled: spec.InboundCallsEnabled ?? true,
          OutboundCallsEnabled: spec.OutboundCallsEnabled ?? true,
          ...(spec.Tags ? { Tags: spec.Tags } : {}),
        }),
        `instance ${alias}`,
      );
      instance = await poll<InstanceRef, InstanceRef>({
        what: `instance ${alias} to become active`,
        read: () => describeInstance(api, created.Id),
        evaluate: (i) =>
          i.status === 'ACTIVE'
            ? { state: 'done', value: i }
            : i.status === 'CREATION_FAILED'
              ? {
                  state: 'failed',
                  error: new AwsOperationError(
                    `instance ${alias} failed to create; see the Connect console for the reason`,
                  ),
                }
              : { state: 'pending', detail: i.status },
        timeoutMs: options.waitTimeout * 1000,
        intervalMs: 2000,
        onPending: (detail, elapsed) =>
          ctx.logger.info(`waiting for instance ${alias}: ${detail ?? 'pending'} (${Math.round(elapsed / 1000)} s)`),
      });
      progress.line('create', 'instance', alias, instance.id);
      const fresh = await readInstanceAttributes(api, instance.id);
      attributeChanges.splice(
        0,
        attributeChanges.length,
        ...Object.entries(desiredAttributes).filter(([k, v]) => fresh[k]?.toLowerCase() !== v.toLowerCase()),
      );
    }
    for (const [AttributeType, Value] of attributeChanges) {
      await api.sendAfterCreate(
        new UpdateInstanceAttributeCommand({ InstanceId: instance.id, AttributeType: AttributeType as never, Value }),
        `instance ${alias} attribute ${AttributeType}`,
      );
      progress.line('update', 'instance attribute', AttributeType, Value);
    }
    for (const Origin of newOrigins) {
      await api.sendAfterCreate(
        new AssociateApprovedOriginCommand({ InstanceId: instance.id, Origin }),
        `instance ${alias} approved origin ${Origin}`,
      );
      progress.line('create', 'approved origin', Origin);
    }
    return instance;
  }
}
