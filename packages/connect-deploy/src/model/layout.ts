import { EXPORTED, RESOURCES, type InstanceResourceType } from '../resources/index.js';

/** Resource types written to an export, in deployment (dependency) order. */
export const EXPORTED_TYPES: readonly InstanceResourceType[] = EXPORTED.map((r) => r.type);
export type ExportedType = InstanceResourceType;

/** The folder of each type in an export. */
export const FOLDER: Readonly<Record<InstanceResourceType, string>> = Object.fromEntries(
  RESOURCES.map((r) => [r.type, r.folder]),
) as Record<InstanceResourceType, string>;

export const TYPE_OF_FOLDER: Readonly<Record<string, InstanceResourceType>> = Object.fromEntries(
  RESOURCES.map((r) => [r.folder, r.type]),
);

/** Singular names for messages and plans. */
export const LABEL: Readonly<Record<InstanceResourceType, string>> = Object.fromEntries(
  RESOURCES.map((r) => [r.type, r.label]),
) as Record<InstanceResourceType, string>;

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
