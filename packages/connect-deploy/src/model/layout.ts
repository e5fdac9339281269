import type { InstanceResourceType } from '../references/types.js';

/** Resource types written to an export, in deployment (dependency) order, with their folders. */
export const EXPORTED_TYPES = [
  'hours-of-operation',
  'agent-status',
  'security-profile',
  'hierarchy-group',
  'prompt',
  'flow-module',
  'flow',
  'queue',
  'quick-connect',
  'routing-profile',
] as const satisfies readonly InstanceResourceType[];
export type ExportedType = (typeof EXPORTED_TYPES)[number];

export const FOLDER: Record<ExportedType, string> = {
  'hours-of-operation': 'hours-of-operation',
  'agent-status': 'agent-statuses',
  'security-profile': 'security-profiles',
  'hierarchy-group': 'hierarchy-groups',
  prompt: 'prompts',
  'flow-module': 'flow-modules',
  flow: 'flows',
  queue: 'queues',
  'quick-connect': 'quick-connects',
  'routing-profile': 'routing-profiles',
};

export const TYPE_OF_FOLDER: Record<string, ExportedType> = Object.fromEntries(
  Object.entries(FOLDER).map(([type, folder]) => [folder, type as ExportedType]),
);

/** Types that are exported only when something exported references them. */
export const EXPORTED_WHEN_REFERENCED = new Set<ExportedType>(['agent-status', 'security-profile', 'hierarchy-group']);

export const LABEL: Record<InstanceResourceType, string> = {
  'hours-of-operation': 'hours of operation',
  'agent-status': 'agent status',
  'security-profile': 'security profile',
  'hierarchy-group': 'hierarchy group',
  prompt: 'prompt',
  'flow-module': 'flow module',
  flow: 'flow',
  queue: 'queue',
  'quick-connect': 'quick connect',
  'routing-profile': 'routing profile',
  user: 'user',
};

/**
 * File name for a resource name: letters, digits, `.`, `_` and `-` are kept, a space becomes `+`, every other byte
 * is percent-encoded (`+` and `%` too, so the mapping is reversible). Names differing only by case are refused
 * before this is used, so exports are safe on case-insensitive file systems.
 */
export function fileNameFor(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_-]/.test(ch) || (ch === '.' && out.length > 0)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function nameOfFile(fileName: string): string {
  return decodeURIComponent(fileName.replace(/\+/g, ' '));
}

/** `flows/Main IVR`: the key include/exclude patterns match. */
export function selectorKey(type: ExportedType, name: string): string {
  return `${FOLDER[type]}/${name}`;
}
