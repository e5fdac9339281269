import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readWorkspace } from '../src/index.js';
import { policyParts, policySize } from '../src/iam/statements.js';
import { policyDeclarations } from '../src/stacks/target-roles.js';
import { ROOT } from './support.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A workspace with the repository's buildspecs and one step package declaring `edd`. */
function workspaceWith(step: string, edd: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'edd-declarations-'));
  roots.push(root);
  cpSync(join(ROOT, 'buildspecs'), join(root, 'buildspecs'), { recursive: true });
  mkdirSync(join(root, 'packages', step), { recursive: true });
  writeFileSync(
    join(root, 'packages', step, 'package.json'),
    JSON.stringify({ name: `@edd/${step}`, version: '0.1.0', edd }),
  );
  return root;
}

describe('readWorkspace', () => {
  it('reads the actions a step calls only when it prunes apart from the others', () => {
    const root = workspaceWith('connect-deploy', {
      iamActions: ['connect:ListQueues', 'connect:CreateQueue'],
      pruneIamActions: ['connect:DeleteQueue'],
    });
    expect(readWorkspace(root).steps.find((s) => s.step === 'connect-deploy')).toMatchObject({
      iamActions: ['connect:CreateQueue', 'connect:ListQueues'],
      pruneIamActions: ['connect:DeleteQueue'],
    });
  });

  it('refuses an action declared both for every run and for pruning', () => {
    const root = workspaceWith('connect-deploy', {
      iamActions: ['connect:DeleteQueue', 'connect:ListQueues'],
      pruneIamActions: ['connect:DeleteQueue'],
    });
    expect(() => readWorkspace(root)).toThrow(
      /connect-deploy\/package.json: connect:DeleteQueue in both edd.iamActions and edd.pruneIamActions/,
    );
  });

  it('refuses a declaration that is not a list of IAM actions', () => {
    const root = workspaceWith('lex-deploy', { pruneIamActions: ['DeleteBot'] });
    expect(() => readWorkspace(root)).toThrow(/edd.pruneIamActions must be a list of IAM actions/);
  });
});

describe('policy parts', () => {
  const actions = policyDeclarations(readWorkspace(ROOT).steps).flatMap((d) => d.iamActions.map((a) => [d.name, a]));
  const connectActions = actions.filter(([name]) => name === 'connect-deploy').map(([, a]) => a!);

  it('keep a step in one policy while it fits, and split it, losing no action, when it does not', () => {
    expect(policyParts('connect-deploy', connectActions.slice(0, 10))).toEqual([
      [...connectActions.slice(0, 10)].sort(),
    ]);
    const parts = policyParts('connect-deploy', connectActions, 2000);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(policySize('connect-deploy', part)).toBeLessThanOrEqual(2000);
    expect(parts.flat()).toEqual([...connectActions].sort());
  });

  it('count the characters of the longest partition, whitespace left out', () => {
    const size = policySize('connect-deploy', ['connect:CreateQueue']);
    expect(size).toBe(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ConnectDeployOnConnectInstanceConnectPhoneNumber',
            Effect: 'Allow',
            Action: 'connect:CreateQueue',
            Resource: [
              'arn:aws-us-gov:connect:*:123456789012:instance/*',
              'arn:aws-us-gov:connect:*:123456789012:phone-number/*',
            ],
          },
        ],
      }).length,
    );
  });
});
