import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The messages of the layer rule for one import written in a file at `path` (relative to the repository). */
async function refusal(path: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, {
    filePath: join(root, path),
  });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layers of the workspace (lint)', () => {
  it('let a step import core and environments, and nothing of another step but its public entry', async () => {
    expect(await refusal('packages/lex-deploy/src/x.ts', '@edd/core')).toEqual([]);
    expect(await refusal('packages/lex-deploy/src/x.ts', '@edd/core/cli')).toEqual([]);
    expect(await refusal('packages/lex-deploy/src/x.ts', '@edd/environments')).toEqual([]);
    expect(await refusal('packages/lex-deploy/src/x.ts', '@edd/connect-deploy')).toHaveLength(1);
    expect(await refusal('packages/virtual-callback-deploy/src/x.ts', '@edd/connect-deploy')).toEqual([]);
    expect(await refusal('packages/virtual-callback-deploy/src/x.ts', '@edd/connect-deploy/engine')).toEqual([]);
    expect(await refusal('packages/lex-deploy/src/x.ts', '@edd/connect-deploy/engine')).toHaveLength(1);
    expect(
      await refusal('packages/virtual-callback-deploy/src/x.ts', '@edd/connect-deploy/src/plan/apply.js'),
    ).not.toEqual([]);
    expect(
      await refusal('packages/virtual-callback-deploy/src/x.ts', '../../connect-deploy/src/plan/apply.js'),
    ).toHaveLength(1);
  });

  it('keep tools out of packages, and the product out of local-aws', async () => {
    expect(await refusal('packages/connect-deploy/src/x.ts', '@edd/local-aws')).toHaveLength(1);
    expect(await refusal('packages/core/src/x.ts', '@edd/connect-deploy')).toHaveLength(1);
    expect(await refusal('packages/cli/src/x.ts', '@edd/environments')).toHaveLength(1);
    expect(await refusal('tools/local-aws/src/x.ts', '@edd/cli')).toEqual([]);
    expect(await refusal('tools/local-aws/src/x.ts', '@edd/core')).toHaveLength(1);
    expect(await refusal('tools/local-aws/src/x.ts', '@edd/environments')).toHaveLength(1);
  });
});
