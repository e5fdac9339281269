import type { PlaceholderValues } from '@edd/core';

const KNOWN_PLACEHOLDER = /\$\{(Environment|AccountNumber|Region)\}/g;
const ANY_PLACEHOLDER = /\$\{[A-Za-z][A-Za-z0-9]*\}/g;

/**
 * Expands `${Environment}`, `${AccountNumber}` and `${Region}` in a string value. Unlike option values, item data
 * may hold `${...}` text of its own (message templates), so other names are left as written; `unknown` hears about
 * them so a typo like `${Enviroment}` can be reported as a warning.
 */
export function expandValuePlaceholders(
  text: string,
  values: PlaceholderValues,
  unknown?: (name: string) => void,
): string {
  if (!text.includes('${')) return text;
  if (unknown) {
    for (const match of text.matchAll(ANY_PLACEHOLDER)) {
      if (!/^\$\{(Environment|AccountNumber|Region)\}$/.test(match[0])) unknown(match[0]);
    }
  }
  return text.replace(KNOWN_PLACEHOLDER, (_whole, name: keyof PlaceholderValues) => values[name]);
}
