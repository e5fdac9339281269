import type { OperationContext } from '../service.js';
import { regionState, type ConnectEnvironment, type ConnectHandlers } from './environment.js';
import { invalidParameter, notFound } from './errors.js';
import type { Tags } from './store.js';

const CONNECT_ARN = /^arn:(aws|aws-cn|aws-us-gov):connect:([a-z0-9-]+):(\d{12}):(.+)$/;

/**
 * The tags of the resource an ARN names: an instance, a resource of one (modelled by hand or kept by the generic
 * engine), or a phone number.
 */
function tagsOfResource(env: ConnectEnvironment, context: OperationContext, arn: string): Tags {
  const match = CONNECT_ARN.exec(arn);
  if (!match) throw invalidParameter(`${arn} is not an Amazon Connect ARN.`);
  const [, , region, account, resource = ''] = match;
  const missing = notFound(`Resource not found: ${arn}`);
  if (region !== context.region || account !== context.account) throw missing;
  const state = regionState(env, context);
  const [type, id = '', kind, resourceId] = resource.split('/');
  if (type === 'phone-number') {
    const number = state.phoneNumbers.get(id);
    if (!number || number.arn !== arn) throw missing;
    return number.tags;
  }
  if (type !== 'instance') {
    // Resources outside instances that the generic engine keeps (traffic distribution groups).
    const stored = env.generic.findByArn(context.account, context.region, arn);
    if (!stored) throw missing;
    stored.tags ??= {};
    return stored.tags;
  }
  const instance = state.findInstance(id);
  if (!instance || instance.visibleAt > env.clock.now()) throw missing;
  if (kind === undefined) return instance.details.tags;
  const found = instance.tableForArnKind(kind)?.find(resourceId ?? '');
  if (found && found.arn === arn) return found.tags;
  const stored = env.generic.findByArn(context.account, context.region, arn);
  if (!stored) throw missing;
  stored.tags ??= {};
  return stored.tags;
}

export function tagOperations(env: ConnectEnvironment): ConnectHandlers {
  return {
    TagResource: (input, context) => {
      Object.assign(tagsOfResource(env, context, input.resourceArn as string), input.tags as Tags);
      return { output: {} };
    },

    UntagResource: (input, context) => {
      const tags = tagsOfResource(env, context, input.resourceArn as string);
      for (const key of input.tagKeys as string[]) delete tags[key];
      return { output: {} };
    },

    ListTagsForResource: (input, context) => ({
      output: { tags: { ...tagsOfResource(env, context, input.resourceArn as string) } },
    }),
  };
}
