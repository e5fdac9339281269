/**
 * The numbered versions to delete: all but the newest `keep` and those an alias uses. DRAFT is never a candidate.
 * Lex allows 100 versions per bot, after which CreateBotVersion fails.
 */
export function versionsToPrune(versions: readonly string[], inUse: ReadonlySet<string>, keep: number): string[] {
  const numbered = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return numbered
    .slice(keep)
    .filter((v) => !inUse.has(v))
    .sort((a, b) => Number(a) - Number(b));
}

export const MAX_VERSIONS_PER_BOT = 100;
