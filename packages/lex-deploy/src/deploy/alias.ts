import { stableStringify } from '@edd/core';

/** A locale's settings in an alias: whether it is on, and the Lambda function Lex calls for it. */
export interface AliasLocaleSettings {
  enabled: boolean | undefined;
  codeHookSpecification?: {
    lambdaCodeHook: { lambdaARN: string | undefined; codeHookInterfaceVersion: string | undefined } | undefined;
  };
}

/** Everything UpdateBotAlias takes besides the ids: it replaces the whole alias, so all of it is sent every time. */
export interface AliasSettings {
  botAliasName: string;
  description?: string;
  botVersion?: string;
  botAliasLocaleSettings?: Record<string, AliasLocaleSettings>;
  conversationLogSettings?: unknown;
  sentimentAnalysisSettings?: unknown;
}

/** Lex's only code hook interface version. */
const CODE_HOOK_INTERFACE_VERSION = '1.0';

/**
 * The alias as it should be: the current alias (conversation logs, sentiment analysis, description, settings of
 * each locale) with the new version and the configured code hooks merged in. Locales the version lacks are left
 * out, since Lex refuses settings for them; a locale without a configured code hook keeps the one it has.
 */
export function desiredAlias(
  current: AliasSettings | undefined,
  {
    name,
    botVersion,
    locales,
    codeHooks,
  }: { name: string; botVersion: string; locales: readonly string[]; codeHooks: Record<string, string> },
): AliasSettings {
  const settings: Record<string, AliasLocaleSettings> = {};
  for (const locale of locales) {
    const existing = current?.botAliasLocaleSettings?.[locale];
    const lambdaARN = codeHooks[locale];
    const hook = existing?.codeHookSpecification?.lambdaCodeHook;
    settings[locale] = {
      enabled: existing?.enabled ?? true,
      ...(lambdaARN
        ? {
            codeHookSpecification: {
              lambdaCodeHook: {
                lambdaARN,
                codeHookInterfaceVersion: hook?.codeHookInterfaceVersion ?? CODE_HOOK_INTERFACE_VERSION,
              },
            },
          }
        : existing?.codeHookSpecification
          ? { codeHookSpecification: existing.codeHookSpecification }
          : {}),
    };
  }
  return {
    botAliasName: name,
    ...(current?.description !== undefined ? { description: current.description } : {}),
    botVersion,
    botAliasLocaleSettings: settings,
    ...(current?.conversationLogSettings !== undefined
      ? { conversationLogSettings: current.conversationLogSettings }
      : {}),
    ...(current?.sentimentAnalysisSettings !== undefined
      ? { sentimentAnalysisSettings: current.sentimentAnalysisSettings }
      : {}),
  };
}

function show(value: unknown): string {
  return value === undefined
    ? '(none)'
    : typeof value === 'string'
      ? value
      : stableStringify(value).replace(/\s+/g, ' ').trim();
}

/** What differs between the alias and how it should be, one readable line each; empty when nothing does. */
export function aliasDifferences(current: AliasSettings, desired: AliasSettings): string[] {
  const differences: string[] = [];
  if (current.botVersion !== desired.botVersion)
    differences.push(`version ${show(current.botVersion)} -> ${show(desired.botVersion)}`);
  const locales = [
    ...new Set([
      ...Object.keys(current.botAliasLocaleSettings ?? {}),
      ...Object.keys(desired.botAliasLocaleSettings ?? {}),
    ]),
  ].sort();
  for (const locale of locales) {
    const before = current.botAliasLocaleSettings?.[locale];
    const after = desired.botAliasLocaleSettings?.[locale];
    if (stableStringify(before ?? null) === stableStringify(after ?? null)) continue;
    if (!after) differences.push(`${locale} removed (not in the new version)`);
    else if (!before)
      differences.push(
        `${locale} added${after.codeHookSpecification ? ` with code hook ${show(after.codeHookSpecification.lambdaCodeHook?.lambdaARN)}` : ''}`,
      );
    else {
      const [from, to] = [
        before.codeHookSpecification?.lambdaCodeHook?.lambdaARN,
        after.codeHookSpecification?.lambdaCodeHook?.lambdaARN,
      ];
      differences.push(
        from !== to
          ? `${locale} code hook ${show(from)} -> ${show(to)}`
          : `${locale} settings ${show(before)} -> ${show(after)}`,
      );
    }
  }
  return differences;
}
