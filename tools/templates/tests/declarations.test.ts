import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readWorkspace } from '../src/index.js';
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
