import { UsageError } from './errors.js';

/** The values a pipeline knows about its target: `$Environment`, `$AccountNumber` and the region. */
export interface PlaceholderValues {
  Environment: string;
  AccountNumber: string;
  Region: string;
}

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;
const KNOWN = ['Environment', 'AccountNumber', 'Region'] as const;

/** Replaces `${Environment}`, `${AccountNumber}` and `${Region}`; any other `${Name}` is a configuration error. */
export function expandPlaceholders(text: string, values: PlaceholderValues, where = 'value'): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if ((KNOWN as readonly string[]).includes(name)) return values[name as keyof PlaceholderValues];
    throw new UsageError(
      `${where}: unknown placeholder ${whole}; the supported ones are ${KNOWN.map((k) => `\${${k}}`).join(', ')}`,
    );
  });
}

export function hasPlaceholders(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/**
 * The reverse of {@link expandPlaceholders} for exports: the account number (only where it stands as a whole
 * 12-digit run, never inside a longer number) becomes `${AccountNumber}`, so files stay environment-neutral.
 */
export function templatize(text: string, values: Pick<PlaceholderValues, 'AccountNumber'>): string {
  return text.replace(new RegExp(`(?<!\\d)${values.AccountNumber}(?!\\d)`, 'g'), '${AccountNumber}');
}

/** Expands placeholders in every string of a JSON-like value (object keys are left alone). */
export function expandDeep<T>(value: T, values: PlaceholderValues, where = 'value'): T {
  if (typeof value === 'string') return expandPlaceholders(value, values, where) as T;
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, values, where)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, values, `${where}.${k}`)])) as T;
  }
  return value;
}
