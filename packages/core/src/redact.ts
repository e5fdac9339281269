/**
 * Secrets must never reach CodeBuild logs. Values registered here are masked wherever they appear, and anything
 * shaped like a secret access key or a session token is masked even when nobody registered it.
 */
const MASK = '****';
const known = new Set<string>();

// 40 characters of the secret-key alphabet with both letter cases (so hex digests such as SHA-1 are left alone).
const SECRET_KEY =
  /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
// Session tokens are long base64 runs.
const LONG_TOKEN = /[A-Za-z0-9/+]{100,}={0,2}/g;
// `secret=...`, `"SessionToken": "..."`, `aws_secret_access_key = ...`
const LABELLED =
  /((?:secret[_-]?access[_-]?key|session[_-]?token|secretaccesskey|sessiontoken|password|x-amz-security-token)["']?\s*[:=]\s*["']?)([^\s"'&,;]+)/gi;

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join(MASK);
  return out.replace(LABELLED, `$1${MASK}`).replace(LONG_TOKEN, MASK).replace(SECRET_KEY, MASK);
}
