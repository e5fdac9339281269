import type { IncomingHttpHeaders } from 'node:http';

/** The credential scope a SigV4-signed request names: whose key, and for which region and service. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const SCOPE = /^([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/;

function parseScope(credential: string): CredentialScope | undefined {
  const match = SCOPE.exec(credential.trim());
  if (!match) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
}

/**
 * Reads the scope from the Authorization header, or from `X-Amz-Credential` of a presigned URL. Signatures are
 * not verified: local-aws trusts whoever holds a key.
 */
export function credentialScope(headers: IncomingHttpHeaders, query: URLSearchParams): CredentialScope | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
    return credential ? parseScope(credential) : undefined;
  }
  const presigned = query.get('X-Amz-Credential');
  return presigned ? parseScope(presigned) : undefined;
}
