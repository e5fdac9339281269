/**
 * DynamoDB numbers as exact decimals. A JS number holds about 16 significant digits; DynamoDB holds 38, so numbers
 * are never converted: they are parsed into digits and an exponent, compared and printed from those.
 */
export interface Decimal {
  negative: boolean;
  /** Significant digits without leading or trailing zeros; empty for zero. */
  digits: string;
  /** Power of ten of the first digit: value = d1.d2d3... x 10^exponent. */
  exponent: number;
}

/** DynamoDB's limits: 38 significant digits, magnitude from 1E-130 to just under 1E+126. */
export const MAX_DIGITS = 38;
export const MAX_EXPONENT = 125;
export const MIN_EXPONENT = -130;

const SYNTAX = /^(-?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** Parses a number as DynamoDB JSON writes it; undefined when the text is not a number at all. */
export function parseDecimal(text: string): Decimal | undefined {
  const match = SYNTAX.exec(text);
  if (!match) return undefined;
  const [, sign, intPart = '', fracPart = '', fracOnly, exp = '0'] = match;
  const whole = fracOnly === undefined ? intPart : '';
  const fraction = fracOnly ?? fracPart;
  const all = whole + fraction;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  if (start === all.length) return { negative: false, digits: '', exponent: 0 };
  let end = all.length;
  while (all.charCodeAt(end - 1) === 48) end--;
  return {
    negative: sign === '-',
    digits: all.slice(start, end),
    exponent: Number(exp) + whole.length - 1 - start,
  };
}

/** Why DynamoDB would refuse the number, or undefined when it is storable. */
export function decimalProblem(text: string): string | undefined {
  const value = parseDecimal(text);
  if (!value) return `'${text}' is not a number`;
  if (value.digits.length > MAX_DIGITS)
    return `'${text}' has ${value.digits.length} significant digits; DynamoDB keeps at most ${MAX_DIGITS}`;
  if (value.digits && value.exponent > MAX_EXPONENT)
    return `'${text}' is too large for DynamoDB (at most 38 digits x 10^125)`;
  if (value.digits && value.exponent < MIN_EXPONENT) return `'${text}' is too small for DynamoDB (at least 1E-130)`;
  return undefined;
}

/** Plain decimal notation (no exponent, no leading or trailing zeros, no negative zero): one text per value. */
export function formatDecimal({ negative, digits, exponent }: Decimal): string {
  if (digits === '') return '0';
  const sign = negative ? '-' : '';
  if (exponent >= digits.length - 1) return sign + digits + '0'.repeat(exponent - digits.length + 1);
  if (exponent >= 0) return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

// Already canonical: most numbers DynamoDB returns, which then need no parsing.
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** The canonical text of a valid DynamoDB number. */
export function normalizeNumber(text: string): string {
  if (CANONICAL.test(text) && text !== '-0') return text;
  const value = parseDecimal(text);
  if (!value) throw new Error(`not a number: '${text}'`);
  return formatDecimal(value);
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.exponent !== b.exponent) return a.exponent < b.exponent ? -1 : 1;
  // Same exponent: digit strings without trailing zeros compare like the numbers ('12' < '123').
  return a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
}

/** Numeric order, exactly. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const signA = a.digits === '' ? 0 : a.negative ? -1 : 1;
  const signB = b.digits === '' ? 0 : b.negative ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  const magnitude = compareMagnitude(a, b);
  return signA < 0 ? -magnitude : magnitude;
}

/**
 * Bytes DynamoDB counts for a number: one exponent byte, one byte per pair of digits aligned to the decimal point
 * (base-100 digits), and one more for negative numbers.
 */
export function decimalSize({ negative, digits, exponent }: Decimal): number {
  if (digits === '') return 1;
  const lowest = exponent - digits.length + 1;
  const pairs = Math.floor(exponent / 2) - Math.floor(lowest / 2) + 1;
  return 1 + pairs + (negative ? 1 : 0);
}
