import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { UsageError } from '@edd/cli';
import { parseCommandLine } from '../src/cli-options.js';

const EXECUTABLE = join(import.meta.dirname, '../dist/local-aws.js');
const built = existsSync(EXECUTABLE);
if (!built) console.warn('command line: dist/local-aws.js is not built (run pnpm exec tsup); skipping its tests');

function problemsOf(argv: string[]): readonly string[] {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message.split('; ');
    throw error;
  }
  throw new Error('expected the command line to be refused');
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

async function runExecutable(args: string[]): Promise<Finished> {
  const child = spawn(process.execPath, [EXECUTABLE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('command line', () => {
  it('reads port, host, seed, call log size and fault rules from flags and a rules file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-aws-'));
    const rulesFile = join(dir, 'faults.json');
    writeFileSync(rulesFile, JSON.stringify([{ service: 'sts', latencyMs: 20 }]));

    const command = parseCommandLine([
      '--port',
      '4570',
      '--host',
      '0.0.0.0',
      '--seed',
      '42',
      '--call-log-size',
      '10',
      '--faults-file',
      rulesFile,
      '--fault',
      'service=dynamodb,operation=BatchWriteItem,unprocessedRate=0.3',
      '--fault',
      'service=dynamodb,throttleRate=1,throttleError=ThrottlingException',
    ]);

    expect(command).toEqual({
      port: 4570,
      host: '0.0.0.0',
      seed: 42,
      callLogSize: 10,
      quotas: true,
      faults: [
        { service: 'sts', latencyMs: 20 },
        { service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 0.3 },
        { service: 'dynamodb', throttleRate: 1, throttleError: 'ThrottlingException' },
      ],
    });
  });

  it('listens on 127.0.0.1:4566 by default', () => {
    expect(parseCommandLine([])).toEqual({
      port: 4566,
      host: '127.0.0.1',
      seed: undefined,
      callLogSize: undefined,
      faults: [],
      quotas: true,
    });
    expect(parseCommandLine([], { EDD_LOCAL_AWS_PORT: '4599' })).toMatchObject({ port: 4599 });
  });

  it('reads the time scale, the consistency delay and --no-quotas', () => {
    expect(parseCommandLine(['--time-scale', '12.5', '--consistency-delay-ms', '1500', '--no-quotas'])).toMatchObject({
      timeScale: 12.5,
      consistencyDelayMs: 1500,
      quotas: false,
    });
    expect(problemsOf(['--time-scale', 'fast', '--consistency-delay-ms', 'soon'])).toEqual([
      "--time-scale must be a number, got 'fast'",
      "--consistency-delay-ms must be a whole number, got 'soon'",
    ]);
  });

  it('lists every problem of a command line', () => {
    expect(problemsOf(['--port', 'http', '--seed', '1.5', '--faults-file', '/nonexistent/rules.json'])).toEqual([
      "--port must be a whole number, got 'http'",
      "--seed must be a whole number, got '1.5'",
      "--faults-file: '/nonexistent/rules.json' does not exist",
    ]);
    expect(problemsOf(['--fault', 'service', '--fault', 'a=1=2'])).toEqual([
      "--fault 'service': 'service' is not key=value",
      "--fault 'a=1=2': 'a=1=2' is not key=value",
    ]);
    expect(() => parseCommandLine(['--prot', '1'])).toThrow(
      "unknown option --prot (did you mean --port?); run 'local-aws --help' for the options",
    );
  });

  it.skipIf(!built)('the executable prints its address on stderr, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [EXECUTABLE, '--port', '0', '--seed', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [firstLine] = (await once(child.stderr, 'data')) as [Buffer];
    const url = /^local-aws listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(firstLine.toString())?.[1];
    const health = url ? await (await fetch(`${url}/_local/health`)).json() : undefined;
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];

    expect(url).toBeDefined();
    expect(health).toEqual({
      status: 'ok',
      services: ['sts', 'dynamodb', 's3', 'lambda', 'lex', 'connect', 'cloudformation'],
      seed: 3,
    });
    expect(code).toBe(0);
  });

  it.skipIf(!built)('the executable shows its flags with --help', async () => {
    const { code, stdout } = await runExecutable(['--help']);

    expect(code).toBe(0);
    expect(stdout).toContain('Usage: local-aws [options]');
    expect(stdout).toContain('Exit codes: 0 success, 1 internal error, 2 usage or configuration error');
    for (const flag of ['--port', '--host', '--seed', '--fault', '--faults-file', '--call-log-size']) {
      expect(stdout).toContain(flag);
    }
  });

  it.skipIf(!built)('the executable refuses a bad fault rule with exit code 2 and one line', async () => {
    const { code, stderr } = await runExecutable(['--port', '0', '--fault', 'service=dynamodb,errorRate=3']);

    expect(code).toBe(2);
    expect(stderr).toBe('error: fault rules: rule 1 errorRate must be a number from 0 to 1 (got 3)\n');
  });
});
