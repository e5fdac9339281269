import { describe, expect, it } from 'vitest';
import { createLogger, redact, registerSecret } from '../src/index.js';

describe('redact', () => {
  it('masks a registered secret wherever it appears', () => {
    registerSecret('my-very-secret-value-123');
    expect(redact('token=abc my-very-secret-value-123 done')).not.toContain('my-very-secret-value-123');
  });

  it('masks unregistered values shaped like secret keys and session tokens', () => {
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'IQoJb3JpZ2luX2VjEJr' + 'A'.repeat(120) + 'xyz==';
    const out = redact(`key ${secretKey} and token ${token}`);
    expect(out).not.toContain(secretKey);
    expect(out).not.toContain(token);
  });

  it('masks labelled values in JSON and ini forms', () => {
    expect(redact('"SecretAccessKey": "short-but-secret"')).not.toContain('short-but-secret');
    expect(redact('aws_session_token = abcdef123')).not.toContain('abcdef123');
  });

  it('leaves hex digests, account numbers and access key ids alone', () => {
    const text = 'sha 3f786850e387550fdab836ed7e6dc881de23001b account 640079793484 key ASIAXXXXXXXXXXXXXXXX';
    expect(redact(text)).toBe(text);
  });
});

describe('createLogger', () => {
  it('writes one redacted line per message to its sink', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: { write: (c: string) => lines.push(c) } });
    logger.info('assumed with SecretAccessKey=abcdefgh12345678');
    logger.action('create', 'queue', 'EDD Billing', '(12 ms)');
    logger.debug('hidden');
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain('abcdefgh12345678');
    expect(lines[1]).toMatch(/^create\s+queue\s+EDD Billing {2}\(12 ms\)\n$/);
  });
});
