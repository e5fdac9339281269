import { randomUUID } from 'node:crypto';
import type { Plan, PlannedResource } from './planner.js';
import type { ResourceProvider } from './resources/provider.js';
import { isInProgress, RegionStacks, type ChangeSet, type Export, type Stack, type StackResource } from './stacks.js';

// Stacks and the plans of their change sets share resource records: a plan's `previous` and `removals` are the
// stack's own records, and a deployment that forgets a removed resource checks that identity. A state file therefore
// keeps each record once per region, and stacks and plans refer to it by its index.

interface PlannedResourceState extends Omit<PlannedResource, 'provider' | 'previous'> {
  previous?: number;
}

interface PlanState extends Omit<Plan, 'resources' | 'removals'> {
  resources: PlannedResourceState[];
  removals: number[];
}

interface ChangeSetState extends Omit<ChangeSet, 'stack' | 'outcome'> {
  stackId: string;
  outcome: { plan: PlanState } | { failure: string };
}

interface StackState extends Omit<Stack, 'resources'> {
  resources: [logicalId: string, record: number][];
}

export interface RegionStacksState {
  account: string;
  region: string;
  records: StackResource[];
  stacks: StackState[];
  changeSets: ChangeSetState[];
  exports: Export[];
}

/** Why a stack operation that was running when local-aws stopped ended as it did. */
const INTERRUPTED = 'local-aws stopped while this operation was in progress';
const STACK_RESOURCE_TYPE = 'AWS::CloudFormation::Stack';

export function snapshotRegion(region: RegionStacks): RegionStacksState {
  const records: StackResource[] = [];
  const indexes = new Map<StackResource, number>();
  const index = (record: StackResource): number => {
    let found = indexes.get(record);
    if (found === undefined) {
      found = records.push(record) - 1;
      indexes.set(record, found);
    }
    return found;
  };
  const planState = ({ resources, removals, ...plan }: Plan): PlanState => ({
    ...plan,
    resources: resources.map(({ provider: _, previous, ...resource }) => ({
      ...resource,
      previous: previous && index(previous),
    })),
    removals: removals.map(index),
  });
  return {
    account: region.account,
    region: region.region,
    records,
    stacks: region.stacks.map(({ resources, ...stack }) => ({
      ...stack,
      resources: [...resources].map(([logicalId, record]) => [logicalId, index(record)]),
    })),
    changeSets: [...region.changeSets.values()].map(({ stack, outcome, ...changeSet }) => ({
      ...changeSet,
      stackId: stack.id,
      outcome: 'plan' in outcome ? { plan: planState(outcome.plan) } : outcome,
    })),
    exports: [...region.exports.values()],
  };
}

/**
 * Nothing runs a restored stack's operation any more: one that was in progress ends as it does when it fails for an
 * internal reason (ROLLBACK_FAILED, UPDATE_ROLLBACK_FAILED, DELETE_FAILED), which leaves the stack deletable, and so
 * do its resources still in progress.
 */
function interrupt(stack: Stack): void {
  const timestamp = new Date();
  for (const record of stack.resources.values()) {
    if (!record.status.endsWith('_IN_PROGRESS')) continue;
    record.status = record.status.replace(/_IN_PROGRESS$/, '_FAILED');
    record.reason = INTERRUPTED;
    record.timestamp = timestamp;
    stack.events.push({
      eventId: `${record.logicalId}-${record.status}-${timestamp.toISOString()}`,
      logicalId: record.logicalId,
      physicalId: record.physicalId,
      resourceType: record.type,
      timestamp,
      status: record.status,
      reason: INTERRUPTED,
    });
  }
  stack.status = stack.status.startsWith('DELETE_')
    ? 'DELETE_FAILED'
    : stack.status.startsWith('UPDATE_')
      ? 'UPDATE_ROLLBACK_FAILED'
      : 'ROLLBACK_FAILED';
  stack.reason = INTERRUPTED;
  stack.events.push({
    eventId: randomUUID(),
    logicalId: stack.name,
    physicalId: stack.id,
    resourceType: STACK_RESOURCE_TYPE,
    timestamp,
    status: stack.status,
    reason: INTERRUPTED,
  });
}

export function restoreRegion(
  state: RegionStacksState,
  providers: ReadonlyMap<string, ResourceProvider>,
): RegionStacks {
  const region = new RegionStacks(state.account, state.region);
  const records = state.records.map((record) => ({ ...record }));
  const record = (index: number): StackResource => {
    const found = records[index];
    if (!found) throw new Error(`CloudFormation in ${state.account}/${state.region} has no resource record ${index}`);
    return found;
  };
  const provider = (type: string): ResourceProvider => {
    const found = providers.get(type);
    if (!found) throw new Error(`CloudFormation has no resource type ${type}`);
    return found;
  };
  const restoredPlan = ({ resources, removals, ...plan }: PlanState): Plan => ({
    ...plan,
    resources: resources.map(({ previous, ...resource }) => ({
      ...resource,
      provider: provider(resource.type),
      previous: previous === undefined ? undefined : record(previous),
    })),
    removals: removals.map(record),
  });
  for (const { resources, ...stack } of state.stacks) {
    region.stacks.push({
      ...stack,
      resources: new Map(resources.map(([logicalId, index]) => [logicalId, record(index)])),
    });
  }
  for (const { stackId, outcome, ...changeSet } of state.changeSets) {
    const stack = region.stacks.find((candidate) => candidate.id === stackId);
    if (!stack) throw new Error(`change set ${changeSet.id} belongs to no stack`);
    region.changeSets.set(changeSet.id, {
      ...changeSet,
      stack,
      outcome: 'plan' in outcome ? { plan: restoredPlan(outcome.plan) } : outcome,
      executionStatus:
        changeSet.executionStatus === 'EXECUTE_IN_PROGRESS' ? 'EXECUTE_FAILED' : changeSet.executionStatus,
    });
  }
  for (const entry of state.exports) region.exports.set(entry.name, entry);
  for (const stack of region.stacks) if (isInProgress(stack)) interrupt(stack);
  return region;
}
