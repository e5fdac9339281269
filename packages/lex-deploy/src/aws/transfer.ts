import { AwsOperationError } from '@edd/core';

// Lex hands archives over through presigned S3 URLs; these are plain HTTP calls, outside the SDK's retries.

function s3Error(body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return [code, message].filter(Boolean).join(': ') || body.slice(0, 200);
}

/** Downloads an export archive from its presigned URL, failing on any status but 200. */
export async function download(url: string, what: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new AwsOperationError(`download of ${what} failed: ${(error as Error).message}`, { operation: 'GET' });
  }
  if (!response.ok) {
    const detail = s3Error(await response.text());
    throw new AwsOperationError(`download of ${what} failed: HTTP ${response.status} ${detail}`, {
      operation: 'GET',
      code: String(response.status),
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Outcome of one upload attempt: transient failures (network, 5xx) are worth another try with a fresh URL. */
export type UploadOutcome = { ok: true } | { ok: false; transient: boolean; message: string };

/** Uploads an archive with an HTTP PUT to a presigned URL and reports the status, which a silent PUT would hide. */
export async function upload(url: string, body: Uint8Array): Promise<UploadOutcome> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'PUT', body });
  } catch (error) {
    return { ok: false, transient: true, message: (error as Error).message };
  }
  if (response.ok) {
    await response.arrayBuffer();
    return { ok: true };
  }
  const detail = s3Error(await response.text());
  return { ok: false, transient: response.status >= 500, message: `HTTP ${response.status} ${detail}` };
}
