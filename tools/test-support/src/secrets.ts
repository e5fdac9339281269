import { redact } from '@edd/core';

/** A secret found where it must not be. */
export interface SecretFinding {
  /** Where: `stderr`, `stdout`, `s3://bucket/key`. */
  where: string;
  /** What was found, shortened so the failure message does not print the secret whole. */
  what: string;
}

const shorten = (value: string): string => (value.length > 12 ? `${value.slice(0, 4)}…(${value.length} chars)` : value);

/** The secret values of a step's environment: its secret key and session token. */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((v): v is string => !!v && v.length >= 8);
}

/**
 * Secrets in a text: any of the given values, and anything the log redaction would mask (a string shaped like a
 * secret access key or session token, a labelled secret), which is what a leak of an environment looks like.
 */
export function secretsIn(text: string, secrets: readonly string[], where: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const secret of secrets) if (text.includes(secret)) found.push({ where, what: shorten(secret) });
  const masked = redact(text);
  if (masked !== text) {
    const lines = text.split('\n');
    const maskedLines = masked.split('\n');
    lines.forEach((line, i) => {
      if (line !== maskedLines[i]) found.push({ where, what: `a line redaction would mask: ${shorten(line)}` });
    });
  }
  return found;
}
