import { isObject } from '../model/json.js';

export const LEX_PRINCIPAL = 'lexv2.amazonaws.com';
export const INVOKE_ACTION = 'lambda:InvokeFunction';

/** The statement id of an alias's permission: derived from the alias ARN, so every run finds its own statement. */
export function statementIdFor(aliasArn: string): string {
  const ids = /bot-alias\/([0-9A-Za-z]+)\/([0-9A-Za-z]+)$/.exec(aliasArn);
  if (!ids) throw new Error(`not a Lex V2 bot alias ARN: ${aliasArn}`);
  return `lexv2-${ids[1]}-${ids[2]}`;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * Whether a function policy (GetPolicy's JSON) already lets Lex invoke the function for this alias: our statement
 * id, or any statement granting lexv2.amazonaws.com invoke with the alias ARN as source.
 */
export function policyAllows(policy: string | undefined, aliasArn: string): boolean {
  if (!policy) return false;
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return false;
  }
  const sid = statementIdFor(aliasArn);
  return listOf(isObject(document) ? document.Statement : undefined).some((statement) => {
    if (!isObject(statement)) return false;
    if (statement.Sid === sid) return true;
    const principal = isObject(statement.Principal) ? listOf(statement.Principal.Service) : [];
    const condition = isObject(statement.Condition) ? statement.Condition : {};
    const sources = Object.values(condition).flatMap((test) => (isObject(test) ? listOf(test['AWS:SourceArn']) : []));
    return (
      statement.Effect === 'Allow' &&
      principal.includes(LEX_PRINCIPAL) &&
      listOf(statement.Action).some((a) => a === INVOKE_ACTION || a === 'lambda:*') &&
      sources.includes(aliasArn)
    );
  });
}
