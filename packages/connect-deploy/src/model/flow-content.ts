import { formatPath, type JsonPath } from '../references/json-path.js';

/** Connect's limit on a flow's or module's `Content`, in characters. */
export const MAX_CONTENT_CHARS = 256_000;

export interface ContentProblem {
  path: JsonPath;
  message: string;
}

/** The console's pre-2019 export format, which the flow language API cannot take. */
export function isLegacyConsoleExport(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as { modules?: unknown }).modules) &&
    'version' in value
  );
}

/** Structural checks Connect makes when it publishes: a start action, unique identifiers, transitions that land. */
export function flowStructureProblems(content: Record<string, unknown>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (typeof content.Version !== 'string')
    problems.push({ path: ['Version'], message: 'missing the flow language Version (e.g. "2019-10-30")' });
  const actions = content.Actions;
  if (!Array.isArray(actions)) {
    problems.push({ path: ['Actions'], message: 'missing the Actions list' });
    return problems;
  }
  const ids = new Set<string>();
  actions.forEach((action: unknown, i) => {
    const a = action as Record<string, unknown> | null;
    if (!a || typeof a !== 'object' || typeof a.Identifier !== 'string' || typeof a.Type !== 'string') {
      problems.push({ path: ['Actions', i], message: 'each action needs a string Identifier and Type' });
      return;
    }
    if (ids.has(a.Identifier))
      problems.push({ path: ['Actions', i, 'Identifier'], message: `duplicate action identifier ${a.Identifier}` });
    ids.add(a.Identifier);
  });
  if (typeof content.StartAction !== 'string' || !ids.has(content.StartAction)) {
    problems.push({
      path: ['StartAction'],
      message: `StartAction ${JSON.stringify(content.StartAction)} is not an action of the flow`,
    });
  }
  actions.forEach((action: unknown, i) => {
    const transitions = (action as { Transitions?: Record<string, unknown> } | null)?.Transitions;
    if (!transitions || typeof transitions !== 'object') return;
    const targets: { path: JsonPath; next: unknown }[] = [];
    if ('NextAction' in transitions)
      targets.push({ path: ['Transitions', 'NextAction'], next: transitions.NextAction });
    for (const list of ['Errors', 'Conditions'] as const) {
      const entries = transitions[list];
      if (Array.isArray(entries)) {
        entries.forEach((entry: unknown, j) => {
          if (entry && typeof entry === 'object' && 'NextAction' in entry) {
            targets.push({
              path: ['Transitions', list, j, 'NextAction'],
              next: (entry as { NextAction: unknown }).NextAction,
            });
          }
        });
      }
    }
    for (const t of targets) {
      // An empty NextAction is a branch left unconnected in the designer; real exports contain them.
      if (t.next === '') continue;
      if (typeof t.next !== 'string' || !ids.has(t.next)) {
        problems.push({
          path: ['Actions', i, ...t.path],
          message: `transition to ${JSON.stringify(t.next)}, which is not an action of the flow`,
        });
      }
    }
  });
  return problems;
}

/**
 * Where a problem sits, in the words a flow author uses: `action <Identifier> Parameters.QueueId` for the
 * actions and their metadata, the JSON path otherwise.
 */
export function describeContentPath(content: Record<string, unknown>, path: JsonPath): string {
  if (path[0] === 'Actions' && typeof path[1] === 'number') {
    const action = (content.Actions as Record<string, unknown>[] | undefined)?.[path[1]];
    const id = typeof action?.Identifier === 'string' ? action.Identifier : `#${path[1]}`;
    const rest = formatPath(path.slice(2));
    return `action ${id}${rest ? ` ${rest}` : ''}`;
  }
  if (path[0] === 'Metadata' && path[1] === 'ActionMetadata' && typeof path[2] === 'string') {
    const rest = formatPath(path.slice(3));
    return `action ${path[2]} Metadata${rest ? `.${rest}` : ''}`;
  }
  return formatPath(path);
}
