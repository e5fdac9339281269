import { resolve as resolvePath } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AssociatePhoneNumberContactFlowCommand,
  DescribeContactFlowCommand,
  DescribeInstanceAttributeCommand,
  DescribeQueueCommand,
  paginateListFlowAssociations,
} from '@aws-sdk/client-connect';
import {
  ConnectApi,
  ExternalNames,
  ExternalResolver,
  applyPlan,
  isNoop,
  planDeployment,
  planDocument,
  printPlan,
  readSource,
  readTarget,
  resolveInstance,
  resourceKey,
  targetIndex,
  validateSource,
  type NameRule,
  type Plan,
  type TargetState,
} from '@edd/connect-deploy/engine';
import { describeTable } from '@edd/dynamo-export-import';
import {
  ApplyProgress,
  AwsOperationError,
  PlanBlockedError,
  UsageError,
  countPlan,
  ValidationError,
  expandPlaceholders,
  requireTarget,
  toAwsOperationError,
  type Problem,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport } from '@edd/plan-report';
import type { DeployOptions } from '../cli.js';
import { planConfigTable, resolveItem, verifyItems, type ConfigTableWrite } from '../config-table.js';
import { resourcesFromSpec } from '../sources.js';
import { loadSpec, type LoadedSpec } from '../spec.js';

/** Lambda names come from the spec (given, or read from the backend stack's outputs), not from a template. */
function lambdaRule(names: Map<string, string>): NameRule {
  return {
    toEnvironment: (logical) => names.get(logical) ?? logical,
    toLogical: (name) => [...names].find(([, n]) => n === name)?.[0] ?? name,
    exportName: (name) => {
      const logical = [...names].find(([, n]) => n === name)?.[0];
      return logical !== undefined ? { logical } : { literal: name };
    },
  };
}

interface NumberChange {
  id: string;
  number: string;
  flow: string;
  /** The flow it points at now, when it is not the callback flow. */
  current?: string;
}

export async function deployCommand(options: DeployOptions, ctx: StepContext): Promise<number> {
  const target = requireTarget(ctx);
  const placeholders = ctx.placeholders();
  const specFile = resolvePath(options.config);
  const loaded = await loadSpec(specFile, placeholders);
  const { spec } = loaded;
  const aliasTemplate = options.instanceAlias ?? spec.instanceAlias;
  if (!aliasTemplate) throw new UsageError(`name the instance with --instance-alias or "instanceAlias" in ${specFile}`);
  const alias = expandPlaceholders(aliasTemplate, placeholders, '--instance-alias');

  // Offline first: the flows next to the spec must be a valid export before AWS is asked anything.
  const problems: Problem[] = [];
  const flows = await readSource(loaded.dir, problems);
  validateSource(flows, problems, { referencesMayBeInTarget: true });
  if (problems.length > 0)
    throw new ValidationError(`${loaded.dir} does not hold valid callback flows; nothing was written`, problems);

  const api = new ConnectApi(ctx.aws, {
    ratePerSecond: options.rate ?? 2,
    burst: options.burst ?? 5,
    concurrency: options.concurrency ?? 10,
  });
  const instance = await resolveInstance(api, { alias }, target.label);
  const outbound = await api.send<{ Attribute?: { Value?: string } }>(
    new DescribeInstanceAttributeCommand({ InstanceId: instance.id, AttributeType: 'OUTBOUND_CALLS' }),
    `instance ${alias}`,
  );
  if (outbound.Attribute?.Value?.toLowerCase() !== 'true') {
    problems.push({
      resource: `instance ${alias}`,
      path: 'OUTBOUND_CALLS',
      message:
        'outbound calling is disabled, and scheduled callbacks are outbound calls: enable the OUTBOUND_CALLS instance attribute (connect-deploy instance, OutboundCallsEnabled: true)',
    });
  }

  const state = await readTarget(api, instance);
  const names = new ExternalNames({ phoneNumbers: spec.phoneNumbers }, placeholders, {
    lambda: lambdaRule(loaded.lambdaNames),
  });
  const resolver = new ExternalResolver(api, ctx.aws, state, names);
  const index = await targetIndex(api, state, resolver);
  const declared = await resourcesFromSpec(loaded, api, state, index, problems);

  const callbackPhone = resolver.phone({ $ref: 'phone-number', number: spec.callbackNumber.number });
  if (!callbackPhone) {
    const number = names.phones.toEnvironment(spec.callbackNumber.number);
    const shown =
      number && number !== spec.callbackNumber.number
        ? `${spec.callbackNumber.number} (${number} in ${target.environment})`
        : spec.callbackNumber.number;
    problems.push({
      file: specFile,
      path: 'callbackNumber.number',
      message: `${shown} is not a number claimed by instance ${alias}; claim it or fix phoneNumbers`,
    });
  }
  for (const [logical, name] of loaded.lambdaNames) {
    if (!(await resolver.lambdaFound({ $ref: 'lambda', function: logical }))) {
      problems.push({
        file: specFile,
        path: `lambdas.${logical}`,
        message: `Lambda function ${name} does not exist in ${target.label}; deploy the callback stack first (backend-common)`,
      });
    }
  }
  const flowNames = new Set(flows.resources.filter((r) => r.type === 'flow').map((r) => r.name.toLowerCase()));
  if (
    !flowNames.has(spec.callbackNumber.flow.toLowerCase()) &&
    !state.byKey.has(resourceKey('flow', spec.callbackNumber.flow))
  ) {
    problems.push({
      file: specFile,
      path: 'callbackNumber.flow',
      message: `flow "${spec.callbackNumber.flow}" is neither in ${loaded.dir}/flows nor in the target instance`,
    });
  }
  let table: Awaited<ReturnType<typeof describeTable>>;
  if (spec.configTable) {
    table = await describeTable(ctx.aws.get(DynamoDBClient), spec.configTable.table);
    if (!table)
      problems.push({
        file: specFile,
        path: 'configTable.table',
        message: `table ${spec.configTable.table} does not exist in ${target.label}; the callback stack creates it`,
      });
  }
  if (problems.length > 0)
    throw new ValidationError(`the callback setup cannot be deployed to ${alias}; nothing was written`, problems);

  const plan: Plan = await planDeployment(api, resolver, [...flows.resources, ...declared]);
  // Functions the spec lists are associated even when no flow here invokes them (the scheduler's own flows may).
  for (const logical of loaded.lambdaNames.keys()) {
    const arn = resolver.lambdaArn({ $ref: 'lambda', function: logical });
    if (!state.lambdaAssociations.has(arn) && !plan.associations.some((a) => a.arn === arn)) {
      const name = loaded.lambdaNames.get(logical)!;
      plan.associations.push({ kind: 'lambda', arn, name, label: `Lambda function ${name}` });
    }
  }
  const numberChange = await plannedNumber(api, state, callbackPhone!, spec.callbackNumber.flow);

  const document = planDocument(plan, {
    step: ctx.step,
    version: ctx.version,
    target: { environment: target.environment, account: target.account, region: target.region },
  });
  document.resources.push({
    kind: 'phone number',
    name: callbackPhone!.number,
    action: numberChange ? 'update' : 'unchanged',
    ...(numberChange
      ? {
          fields: [
            {
              path: 'ContactFlow',
              ...(numberChange.current ? { before: numberChange.current } : {}),
              after: `flow "${numberChange.flow}"`,
              display: {
                ...(numberChange.current ? { before: `flow ${numberChange.current}` } : {}),
                after: `flow "${numberChange.flow}"`,
              },
            },
          ],
        }
      : {}),
  });
  document.counts = countPlan(document.resources);
  printPlan(document, ctx.logger);
  const report = (kind: 'plan' | 'deploy', outcome?: string) =>
    writeRequestedReport(options.report, [document], { kind, ...(outcome ? { outcome } : {}), logger: ctx.logger });
  if (document.blockers.length > 0) {
    await report('plan');
    throw new PlanBlockedError(document);
  }
  ctx.report.set('instance', { id: instance.id, alias });
  ctx.report.set('plan', document);
  if (ctx.dryRun)
    for (const c of plan.changes) ctx.report.addResource({ type: c.type, name: c.name, action: c.action });

  let tableWrite: ConfigTableWrite | undefined;
  const dryRun = ctx.dryRun;
  if (dryRun) {
    if (spec.configTable) {
      const pending = plan.changes.some((c) => c.action === 'create');
      ctx.logger.info(
        `config table ${spec.configTable.table}: ${spec.configTable.items.length} item(s) seeded with the resolved ids${pending ? ' of the resources this deploy creates' : ''}`,
      );
      if (!pending) {
        tableWrite = await seedPlan(ctx, loaded, state, resolver);
        reportTable(ctx, tableWrite);
        await tableWrite.cleanup();
      }
    }
    await report('plan');
    ctx.logger.info('dry run: nothing was written');
    return 0;
  }

  const progress = new ApplyProgress(ctx.logger);
  if (!isNoop(plan))
    await applyPlan(api, plan, {
      logger: ctx.logger,
      report: ctx.report,
      config: { phoneNumbers: spec.phoneNumbers },
      placeholders,
      clients: ctx.aws,
      progress,
    });
  const after = isNoop(plan) ? state : await readTarget(api, instance);

  if (numberChange) {
    const flowId = after.byKey.get(resourceKey('flow', spec.callbackNumber.flow))!.id;
    await api.send(
      new AssociatePhoneNumberContactFlowCommand({
        PhoneNumberId: numberChange.id,
        InstanceId: instance.id,
        ContactFlowId: flowId,
      }),
      `phone number ${numberChange.number}`,
    );
    progress.line('update', 'phone number', numberChange.number, `-> flow "${spec.callbackNumber.flow}"`);
    ctx.report.addResource({ type: 'phone-number', name: numberChange.number, action: 'associate' });
  }
  const applied = !isNoop(plan) || numberChange ? progress.finish() : undefined;

  if (spec.configTable) {
    tableWrite = await seedPlan(ctx, loaded, after, resolver);
    reportTable(ctx, tableWrite);
    // An item left unwritten after every retry throws: exit 4, each listed by key.
    await tableWrite.plan.apply().finally(() => tableWrite!.cleanup());
  }

  await verify(ctx, api, loaded, after, tableWrite, table);
  await report('deploy', applied ?? 'Nothing to do: the target already matched the callback setup.');
  ctx.logger.info(`callback setup of ${alias} is in place`);
  return 0;
}

async function seedPlan(
  ctx: StepContext,
  loaded: LoadedSpec,
  state: TargetState,
  resolver: ExternalResolver,
): Promise<ConfigTableWrite> {
  const configTable = loaded.spec.configTable!;
  const problems: Problem[] = [];
  const items = configTable.items.map((item, i) =>
    resolveItem(item, state, resolver, `${loaded.file} configTable.items[${i}]`, problems),
  );
  if (problems.length > 0) throw new ValidationError(`config table items do not resolve in the target`, problems);
  return planConfigTable(ctx.aws, configTable.table, items, ctx.logger);
}

function reportTable(ctx: StepContext, write: ConfigTableWrite): void {
  const p = write.plan;
  ctx.logger.info(`config table ${p.table}: ${p.added} to add, ${p.changed} to change, ${p.unchanged} unchanged`);
  for (const key of [...p.keys.added, ...p.keys.changed])
    ctx.logger.action(p.keys.added.includes(key) ? 'add' : 'update', 'config item', key);
  ctx.report.set('configTable', { table: p.table, added: p.added, changed: p.changed, unchanged: p.unchanged });
}

/** The designated number points at the callback flow; undefined when it already does. */
async function plannedNumber(
  api: ConnectApi,
  state: TargetState,
  phone: { id: string; number: string },
  flow: string,
): Promise<NumberChange | undefined> {
  let current: string | undefined;
  try {
    for await (const page of paginateListFlowAssociations(
      { client: api.client, pageSize: 100 },
      { InstanceId: state.instance.id, ResourceType: 'VOICE_PHONE_NUMBER' },
    )) {
      for (const a of page.FlowAssociationSummaryList ?? []) {
        if (a.ResourceId === phone.id || a.ResourceId?.endsWith(`/${phone.id}`)) current = a.FlowId;
      }
    }
  } catch (error) {
    throw toAwsOperationError(error, 'ListFlowAssociations', `instance ${state.instance.alias}`);
  }
  const wanted = state.byKey.get(resourceKey('flow', flow));
  if (wanted && current && (current === wanted.id || current === wanted.arn || current.endsWith(`/${wanted.id}`)))
    return undefined;
  const currentName = current
    ? ([...state.byKey.values()].find((s) => s.type === 'flow' && (s.id === current || s.arn === current))?.name ??
      current)
    : undefined;
  return { id: phone.id, number: phone.number, flow, ...(currentName ? { current: `"${currentName}"` } : {}) };
}

/** Reads back what the step is responsible for: flows published, queues' outbound config, configuration items. */
async function verify(
  ctx: StepContext,
  api: ConnectApi,
  loaded: LoadedSpec,
  state: TargetState,
  tableWrite: ConfigTableWrite | undefined,
  table: Awaited<ReturnType<typeof describeTable>>,
): Promise<void> {
  const failures: string[] = [];
  const phones = new ExternalNames({ phoneNumbers: loaded.spec.phoneNumbers }, ctx.placeholders()).phones;
  const flows = (await readSource(loaded.dir, [])).resources.filter((r) => r.type === 'flow');
  for (const flow of flows) {
    if (flow.body.Status === 'SAVED') continue;
    const id = state.byKey.get(resourceKey('flow', flow.name))?.id;
    const out = id
      ? await api.send<{ ContactFlow?: { Status?: string } }>(
          new DescribeContactFlowCommand({ InstanceId: state.instance.id, ContactFlowId: id }),
          `flow "${flow.name}"`,
        )
      : undefined;
    if (out?.ContactFlow?.Status?.toUpperCase() !== 'PUBLISHED') failures.push(`flow "${flow.name}" is not published`);
  }
  for (const q of loaded.spec.queues) {
    const id = state.byKey.get(resourceKey('queue', q.name))?.id;
    const out = id
      ? await api.send<{
          Queue?: { OutboundCallerConfig?: { OutboundCallerIdNumberId?: string; OutboundFlowId?: string } };
        }>(new DescribeQueueCommand({ InstanceId: state.instance.id, QueueId: id }), `queue "${q.name}"`)
      : undefined;
    const config = out?.Queue?.OutboundCallerConfig;
    const numberId = state.phones.find((p) => p.number === phones.toEnvironment(q.outboundCallerId.number))?.id;
    if (!config?.OutboundCallerIdNumberId || config.OutboundCallerIdNumberId !== numberId)
      failures.push(`queue "${q.name}": outbound caller id number does not resolve to ${q.outboundCallerId.number}`);
    if (
      q.outboundWhisperFlow &&
      config?.OutboundFlowId !== state.byKey.get(resourceKey('flow', q.outboundWhisperFlow))?.id
    )
      failures.push(`queue "${q.name}": outbound whisper flow is not "${q.outboundWhisperFlow}"`);
  }
  if (tableWrite && table) {
    const keyNames = [table.schema.partitionKey.name, ...(table.schema.sortKey ? [table.schema.sortKey.name] : [])];
    for (const key of await verifyItems(ctx.aws, table.name, tableWrite.items, keyNames))
      failures.push(`config item ${key} does not read back as written`);
  }
  if (failures.length > 0)
    throw new AwsOperationError(`verification of the callback setup failed (${failures.length})`, { items: failures });
  ctx.logger.info(
    `verified: ${flows.length} flow(s) published, ${loaded.spec.queues.length} queue(s) with their outbound caller config${tableWrite ? `, ${tableWrite.items.length} config item(s) read back` : ''}`,
  );
}
