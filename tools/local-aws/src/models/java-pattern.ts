// AWS model patterns are Java regular expressions, and AWS matches them against the whole value. JavaScript reads
// most of them the same way, but not all: identity escapes such as `\_` are errors in Unicode mode, which `\p{L}`
// needs; Java has possessive quantifiers, `\A`/`\z`, POSIX classes (`\p{Print}` is ASCII in Java, unknown in JS) and
// inline flags. The translation below covers what the models use; whatever it cannot express yields `undefined`,
// and the caller then leaves that pattern unchecked rather than failing the request or the emulator.

/** Java's POSIX classes, which are ASCII-only by default; written as the inside of a character class. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

const HORIZONTAL_WHITESPACE = ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000';

/** Java Unicode property names that JavaScript spells differently. */
const UNICODE_PROPERTY_ALIASES: Readonly<Record<string, string>> = {
  IsAlphabetic: 'Alphabetic',
  IsLetter: 'L',
  IsLowercase: 'Lowercase',
  IsUppercase: 'Uppercase',
  IsDigit: 'Nd',
  IsWhite_Space: 'White_Space',
  IsWhiteSpace: 'White_Space',
  IsPunctuation: 'P',
  IsControl: 'Cc',
  javaLowerCase: 'Lowercase',
  javaUpperCase: 'Uppercase',
  javaWhitespace: 'White_Space',
  javaLetter: 'L',
  javaDigit: 'Nd',
};

const GENERAL_CATEGORY = /^(?:[LMNPSZC]|L[ultmo]|M[nce]|N[dlo]|P[cdseifo]|S[mcko]|Z[slp]|C[cfson])$/;

/** Characters JavaScript's Unicode mode accepts escaped outside a character class. */
const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/');
/** ... and inside one. */
const CLASS_SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/-');

class UntranslatablePattern extends Error {}

interface Translation {
  source: string;
  flags: string;
}

function unicodePropertyName(javaName: string): string {
  const alias = UNICODE_PROPERTY_ALIASES[javaName];
  if (alias) return alias;
  if (GENERAL_CATEGORY.test(javaName)) return javaName;
  if (javaName.startsWith('Is') && GENERAL_CATEGORY.test(javaName.slice(2))) return javaName.slice(2);
  // Java's script names (`IsLatin`) map to JS scripts; blocks (`InGreek`) and the rest have no JS equivalent.
  if (/^Is[A-Z][A-Za-z_]*$/.test(javaName)) return `Script=${javaName.slice(2)}`;
  throw new UntranslatablePattern(javaName);
}

/** A class of characters as JS source: `content` is the inside of a bracket expression. */
function classEscape(content: string, negated: boolean, inClass: boolean): string {
  if (!inClass) return `[${negated ? '^' : ''}${content}]`;
  // A negated class nested in another cannot be written without the `v` flag's set syntax.
  if (negated) throw new UntranslatablePattern(content);
  return content;
}

function translatePropertyEscape(negated: boolean, name: string, inClass: boolean): string {
  const posix = POSIX_CLASSES[name];
  if (posix) return classEscape(posix, negated, inClass);
  return `\\${negated ? 'P' : 'p'}{${unicodePropertyName(name)}}`;
}

function escapeLiteral(char: string, inClass: boolean): string {
  const needsEscape = inClass ? CLASS_SYNTAX_CHARACTERS.has(char) : SYNTAX_CHARACTERS.has(char);
  return needsEscape ? `\\${char}` : char;
}

class JavaPatternReader {
  private position = 0;
  private inClass = false;
  private output = '';

  constructor(private readonly pattern: string) {}

  translate(): Translation {
    const flags = this.readLeadingFlags();
    while (this.position < this.pattern.length) {
      const char = this.pattern[this.position] as string;
      this.position += 1;
      if (char === '\\') this.output += this.readEscape();
      else if (this.inClass) this.output += this.readClassCharacter(char);
      else this.output += this.readCharacter(char);
    }
    if (this.inClass) throw new UntranslatablePattern('unclosed character class');
    return { source: this.output, flags };
  }

  private peek(offset = 0): string | undefined {
    return this.pattern[this.position + offset];
  }

  private readLeadingFlags(): string {
    const match = /^\(\?([a-zA-Z]+)\)/.exec(this.pattern);
    if (!match) return '';
    const javaFlags = match[1] as string;
    if (/[^imsu]/.test(javaFlags)) throw new UntranslatablePattern(javaFlags);
    this.position = match[0].length;
    // Java's `u` only widens case-insensitive matching to Unicode, which the `u` flag JS needs anyway does.
    return javaFlags.replace('u', '');
  }

  private readEscape(): string {
    const char = this.peek();
    if (char === undefined) throw new UntranslatablePattern('trailing backslash');
    this.position += 1;
    switch (char) {
      case 'p':
      case 'P':
        return translatePropertyEscape(char === 'P', this.readPropertyName(), this.inClass);
      case 'Q':
        return this.readQuotedLiteral();
      case 'A':
        return this.anchor('^');
      case 'z':
      case 'Z':
        return this.anchor('$');
      case 'h':
      case 'H':
        return classEscape(HORIZONTAL_WHITESPACE, char === 'H', this.inClass);
      case 'e':
        return '\\x1B';
      case 'a':
        return '\\x07';
      case 'u':
        return `\\u${this.readHex(4)}`;
      case 'x':
        return this.readHexEscape();
      case '0':
        return this.readOctalEscape();
      default:
        break;
    }
    if (/[dDsSwWbBnrtfvck1-9]/.test(char)) return `\\${char}`;
    if (/[A-Za-z0-9]/.test(char)) throw new UntranslatablePattern(`\\${char}`);
    return escapeLiteral(char, this.inClass);
  }

  private anchor(js: string): string {
    if (this.inClass) throw new UntranslatablePattern('anchor in class');
    return js;
  }

  private readPropertyName(): string {
    if (this.peek() !== '{') {
      const single = this.peek();
      if (single === undefined) throw new UntranslatablePattern('\\p');
      this.position += 1;
      return single;
    }
    const end = this.pattern.indexOf('}', this.position);
    if (end < 0) throw new UntranslatablePattern('unclosed \\p{');
    const name = this.pattern.slice(this.position + 1, end);
    this.position = end + 1;
    return name;
  }

  private readQuotedLiteral(): string {
    const end = this.pattern.indexOf('\\E', this.position);
    const literal = this.pattern.slice(this.position, end < 0 ? undefined : end);
    this.position = end < 0 ? this.pattern.length : end + 2;
    return [...literal].map((char) => escapeLiteral(char, this.inClass)).join('');
  }

  private readHex(length: number): string {
    const digits = this.pattern.slice(this.position, this.position + length);
    if (digits.length !== length || !/^[0-9a-fA-F]+$/.test(digits)) throw new UntranslatablePattern('bad hex escape');
    this.position += length;
    return digits;
  }

  private readHexEscape(): string {
    if (this.peek() !== '{') return `\\x${this.readHex(2)}`;
    const end = this.pattern.indexOf('}', this.position);
    const digits = this.pattern.slice(this.position + 1, end);
    if (end < 0 || !/^[0-9a-fA-F]{1,6}$/.test(digits)) throw new UntranslatablePattern('bad \\x{} escape');
    this.position = end + 1;
    return `\\u{${digits}}`;
  }

  private readOctalEscape(): string {
    const digits = /^[0-7]{1,3}/.exec(this.pattern.slice(this.position))?.[0];
    if (!digits) throw new UntranslatablePattern('bad octal escape');
    this.position += digits.length;
    return `\\u{${parseInt(digits, 8).toString(16)}}`;
  }

  private readClassCharacter(char: string): string {
    if (char === ']') {
      this.inClass = false;
      return ']';
    }
    // Java's class union (`[a[b]]`) and intersection (`[a&&b]`) have no Unicode-mode equivalent.
    if (char === '[' || (char === '&' && this.peek() === '&')) throw new UntranslatablePattern('class set operation');
    return char;
  }

  private readCharacter(char: string): string {
    switch (char) {
      case '[': {
        this.inClass = true;
        if (this.peek() !== '^') return '[';
        this.position += 1;
        return '[^';
      }
      case '(':
        return this.readGroupOpening();
      case '*':
      case '+':
      case '?':
        return char + this.readQuantifierSuffix();
      case '{': {
        const quantifier = /^\d+(?:,\d*)?\}/.exec(this.pattern.slice(this.position))?.[0];
        if (!quantifier) return '\\{';
        this.position += quantifier.length;
        return `{${quantifier}${this.readQuantifierSuffix()}`;
      }
      case '}':
      case ']':
        return `\\${char}`;
      default:
        return char;
    }
  }

  /** Keeps a lazy `?`; drops Java's possessive `+`, which only changes backtracking, not what a full match accepts. */
  private readQuantifierSuffix(): string {
    const next = this.peek();
    if (next === '+') {
      this.position += 1;
      return '';
    }
    if (next === '?') {
      this.position += 1;
      return '?';
    }
    return '';
  }

  private readGroupOpening(): string {
    if (this.peek() !== '?') return '(';
    const rest = this.pattern.slice(this.position + 1);
    if (/^(?::|=|!|<=|<!|<[A-Za-z][A-Za-z0-9]*>)/.test(rest)) return '(';
    if (rest.startsWith('>')) {
      // An atomic group matches a subset of what the plain group matches; close enough for validation.
      this.position += 2;
      return '(?:';
    }
    throw new UntranslatablePattern('inline flags inside the pattern');
  }
}

/** Undoes a quirk of some models, whose patterns escape backslashes twice (`\\S` meaning `\S`). */
function undoDoubleEscaping(pattern: string): string {
  return /\\\\[pPdDsSwW.+]/.test(pattern) ? pattern.replaceAll('\\\\', '\\') : pattern;
}

/** Some models write a pattern as a JavaScript literal, slashes included. */
function stripLiteralDelimiters(pattern: string): string {
  return pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/') ? pattern.slice(1, -1) : pattern;
}

/**
 * Compiles a Java pattern from an AWS model into a RegExp that tests whether the pattern matches a whole value,
 * as AWS does, or returns `undefined` when JavaScript cannot express it.
 */
export function compileJavaPattern(pattern: string): RegExp | undefined {
  try {
    const { source, flags } = new JavaPatternReader(undoDoubleEscaping(stripLiteralDelimiters(pattern))).translate();
    return new RegExp(`^(?:${source})$`, `u${flags}`);
  } catch {
    // Untranslatable, or a construct JS rejects (an unknown script name): reading it in JS's legacy syntax instead
    // would silently give it another meaning, so the pattern goes unchecked.
    return undefined;
  }
}
