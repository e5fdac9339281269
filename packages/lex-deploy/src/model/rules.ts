import { UsageError, expandPlaceholders, type PlaceholderValues } from '@edd/core';
import { environmentKey, type EnvironmentRecord } from '@edd/environments';
import { CONFIG_FILE, type LexDeployConfig } from './config.js';

// How a bot's environment-specific strings travel between accounts. Export writes them environment-neutral:
// `${ref:<name>}` where a reference's value for the source environment stood, and `${AccountNumber}`, `${Region}`,
// `${Environment}` inside strings that follow an ARN template. Deploy writes the target's values back, and also
// rewrites literal values of other environments (a console export dropped into the repository as it came).

/** An environment as the rules see it: its placeholder values and its registry entry. */
export interface RuleEnvironment {
  values: PlaceholderValues;
  record: EnvironmentRecord;
}

const KNOWN = ['Environment', 'AccountNumber', 'Region'] as const;
type Known = (typeof KNOWN)[number];
const REFERENCE = /\$\{ref:([^}]*)\}/g;
const TEMPLATE_PART = /(\$\{(?:Environment|AccountNumber|Region)\}|\*)/;
const BEFORE = '(?<![A-Za-z0-9_.-])';
const AFTER = '(?![A-Za-z0-9_.-])';
const WILDCARD = `([^\\s"']*?)`;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces `${Environment}`, `${AccountNumber}` and `${Region}` and leaves every other `${...}` as it is. */
function expandKnown(text: string, values: PlaceholderValues): string {
  return text.replace(/\$\{(Environment|AccountNumber|Region)\}/g, (_, name: Known) => values[name]);
}

/** Replaces whole occurrences of a value: `edd-kb` inside `edd-kb-qa` is another name, not the value. */
function replaceToken(text: string, value: string, replacement: string): string {
  return text.replace(new RegExp(`${BEFORE}${escapeRegex(value)}${AFTER}`, 'g'), () => replacement);
}

type Segment = { literal: string } | { placeholder: Known } | { wildcard: true };

class ArnTemplate {
  private readonly segments: Segment[];

  constructor(readonly text: string) {
    this.segments = text
      .split(TEMPLATE_PART)
      .filter((part) => part !== '')
      .map((part): Segment => {
        if (part === '*') return { wildcard: true };
        const name = /^\$\{(\w+)\}$/.exec(part)?.[1] as Known | undefined;
        return name && KNOWN.includes(name) ? { placeholder: name } : { literal: part };
      });
  }

  /** Finds the template's strings, the placeholders standing for `pattern(name)`, and rewrites them. */
  private rewrite(text: string, pattern: (name: Known) => string, fill: (name: Known) => string): string {
    const body = this.segments
      .map((s) =>
        'literal' in s ? escapeRegex(s.literal) : 'wildcard' in s ? WILDCARD : `(${pattern(s.placeholder)})`,
      )
      .join('');
    return text.replace(new RegExp(`${BEFORE}${body}${AFTER}`, 'g'), (...match: unknown[]) => {
      let group = 1;
      return this.segments
        .map((s) => {
          if ('literal' in s) return s.literal;
          const captured = match[group++] as string;
          return 'wildcard' in s ? captured : fill(s.placeholder);
        })
        .join('');
    });
  }

  /** The source environment's values become placeholders. */
  neutralize(text: string, source: PlaceholderValues): string {
    return this.rewrite(
      text,
      (name) => escapeRegex(source[name]),
      (name) => `\${${name}}`,
    );
  }

  /** Any environment's values become the target's. */
  retarget(text: string, target: PlaceholderValues, environmentPattern: string): string {
    return this.rewrite(
      text,
      (name) =>
        name === 'AccountNumber' ? '\\d{12}' : name === 'Region' ? '[a-z]{2}(?:-[a-z]+)+-\\d' : environmentPattern,
      (name) => target[name],
    );
  }
}

/** One value of a reference, in one environment. */
interface ReferenceValue {
  record: EnvironmentRecord;
  value: string;
}

/** The rules of `lex-deploy.json` (references, ARN templates, shared accounts) against the account registry. */
export class EnvironmentRules {
  private readonly templates: ArnTemplate[];
  private readonly environmentPattern: string;
  private readonly shared: Set<string>;
  private readonly accounts: Map<string, EnvironmentRecord>;

  constructor(
    private readonly config: LexDeployConfig,
    private readonly records: readonly EnvironmentRecord[],
  ) {
    this.templates = (config.arnTemplates ?? []).map((t) => new ArnTemplate(t));
    const names = records
      .flatMap((r) => [r.ivName, r.eddName, environmentKey(r), r.eddName?.toLowerCase()])
      .filter((n): n is string => typeof n === 'string');
    this.environmentPattern = [...new Set(names)]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegex)
      .join('|');
    this.shared = new Set(config.sharedAccounts ?? []);
    this.accounts = new Map(records.filter((r) => r.confirmed).map((r) => [r.account, r]));
    this.checkReferenceKeys();
  }

  private recordFor(key: string): EnvironmentRecord | undefined {
    if (/^\d{12}$/.test(key)) return this.records.find((r) => r.account === key);
    const wanted = key.toLowerCase();
    const matches = this.records.filter((r) => [r.ivName, r.eddName].some((n) => n?.toLowerCase() === wanted));
    return matches.length === 1 ? matches[0] : undefined;
  }

  private checkReferenceKeys(): void {
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(this.config.references ?? {})) {
      if (typeof entry === 'string') continue;
      for (const key of Object.keys(entry)) {
        if (!this.recordFor(key))
          problems.push(
            `references.${name}.${key}: not an environment of the registry (or an ambiguous name: use the account number)`,
          );
      }
    }
    if (problems.length > 0) throw new UsageError(`${CONFIG_FILE} is invalid: ${problems.join('; ')}`);
  }

  private placeholdersOf(record: EnvironmentRecord, known: RuleEnvironment[], key?: string): PlaceholderValues {
    const same = known.find((e) => e.record.account === record.account);
    if (same) return same.values;
    return {
      Environment: key && !/^\d{12}$/.test(key) ? key : environmentKey(record),
      AccountNumber: record.account,
      Region: record.defaultRegion,
    };
  }

  /** Every environment's value of a reference (placeholders expanded for each), the known environments' first. */
  private values(name: string, known: RuleEnvironment[]): ReferenceValue[] {
    const entry = this.config.references?.[name];
    if (entry === undefined) return [];
    const where = `${CONFIG_FILE} references.${name}`;
    if (typeof entry === 'string') {
      const records = [...known.map((e) => e.record), ...this.records.filter((r) => r.confirmed)];
      const unique = [...new Map(records.map((r) => [r.account, r])).values()];
      return unique.map((record) => ({
        record,
        value: expandPlaceholders(entry, this.placeholdersOf(record, known), where),
      }));
    }
    return Object.entries(entry).map(([key, value]) => {
      const record = this.recordFor(key)!;
      return { record, value: expandPlaceholders(value, this.placeholdersOf(record, known, key), where) };
    });
  }

  private valueIn(name: string, environment: RuleEnvironment): string | undefined {
    return this.values(name, [environment]).find((v) => v.record.account === environment.record.account)?.value;
  }

  /** A string of the source environment, written environment-neutral for the repository. */
  neutralize(text: string, source: RuleEnvironment): string {
    let result = text;
    for (const name of Object.keys(this.config.references ?? {})) {
      const value = this.valueIn(name, source);
      if (value) result = replaceToken(result, value, `\${ref:${name}}`);
    }
    for (const template of this.templates) result = template.neutralize(result, source.values);
    return result;
  }

  /**
   * A string of the repository (neutral, or as another environment exported it) for the target environment.
   * `problems` receives every reference that has no value there.
   */
  retarget(text: string, target: RuleEnvironment, problems: string[]): string {
    let result = text.replace(REFERENCE, (whole, name: string) => {
      if (this.config.references?.[name] === undefined) {
        problems.push(`${whole} is not among the references of ${CONFIG_FILE}`);
        return whole;
      }
      const value = this.valueIn(name, target);
      if (value === undefined) {
        problems.push(`${whole} has no value for ${target.values.Environment} in ${CONFIG_FILE} references.${name}`);
        return whole;
      }
      return value;
    });
    result = expandKnown(result, target.values);
    for (const name of Object.keys(this.config.references ?? {})) {
      const wanted = this.valueIn(name, target);
      if (wanted === undefined) continue;
      for (const { value } of this.values(name, [target])) {
        if (value !== wanted && value !== '') result = replaceToken(result, value, wanted);
      }
    }
    for (const template of this.templates) result = template.retarget(result, target.values, this.environmentPattern);
    return result;
  }

  /**
   * What in a string still names another account than `account`: ARNs whose account field is another account,
   * and any registry account number standing alone (inside an S3 ARN or a bucket name). Shared accounts pass.
   */
  foreignAccounts(text: string, account: string): string[] {
    const found: string[] = [];
    for (const match of text.matchAll(/arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):[^\s"']*/g)) {
      const other = match[1]!;
      if (other !== account && !this.shared.has(other))
        found.push(`${match[0]} names the account ${this.label(other)}`);
    }
    for (const other of this.accounts.keys()) {
      if (other === account || this.shared.has(other) || found.some((f) => f.includes(other))) continue;
      if (new RegExp(`(?<!\\d)${other}(?!\\d)`).test(text)) found.push(`names the account ${this.label(other)}`);
    }
    return found;
  }

  private label(account: string): string {
    const record = this.accounts.get(account);
    return record ? `${account} (${record.ivName})` : `${account}, which is not in the registry`;
  }
}
