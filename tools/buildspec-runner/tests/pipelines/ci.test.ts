import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/index.js';
import { ROOT, git } from './support.js';

const REGISTRY = 'https://edd-318484875904.d.codeartifact.us-east-1.amazonaws.com/npm/npm/';

/**
 * The toolkit's CI on a small repository, with stand-ins for npm, pnpm and the AWS CLI that record how they are
 * called: the real ones would install, test and publish the whole monorepo.
 */
async function ci({ tagged, testsFail = false }: { tagged: boolean; testsFail?: boolean }) {
  const work = mkdtempSync(join(tmpdir(), 'edd-ci-'));
  const repo = join(work, 'repo');
  mkdirSync(repo);
  await git(repo, 'init', '--quiet', '--initial-branch', 'main');
  const commits: string[] = [];
  for (const message of ['Release', 'Fix', 'Feature']) {
    writeFileSync(join(repo, 'CHANGES'), `${message}\n`);
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '--quiet', '-m', message);
    commits.push((await git(repo, 'rev-parse', 'HEAD')).trim());
    if (tagged && message === 'Release') await git(repo, 'tag', '@edd/core@0.1.0');
  }
  const stubs = join(work, 'stubs');
  mkdirSync(stubs);
  const calls = join(work, 'calls.log');
  const stub = (name: string, body: string) => {
    writeFileSync(
      join(stubs, name),
      `#!/bin/bash\necho "${name} $* token=\${CODEARTIFACT_AUTH_TOKEN:-unset}" >> '${calls}'\n${body}\n`,
    );
    chmodSync(join(stubs, name), 0o755);
  };
  stub('npm', '');
  stub('pnpm', testsFail ? '[[ "$*" != *affected* ]]' : '');
  stub(
    'aws',
    `case "$2" in
  get-authorization-token) echo secret-token ;;
  get-repository-endpoint) echo '${REGISTRY}' ;;
esac`,
  );
  const result = await runBuild({
    buildspecFile: join(ROOT, 'buildspecs/ci.yml'),
    sourceDir: repo,
    workspaceRoot: ROOT,
    localAwsUrl: 'http://127.0.0.1:9',
    extraPath: [stubs],
    projectVariables: {
      EDD_CODEARTIFACT_DOMAIN: 'edd',
      EDD_CODEARTIFACT_OWNER: '318484875904',
      EDD_CODEARTIFACT_REPOSITORY: 'npm',
    },
  });
  return { result, commits, repo, calls: readFileSync(calls, 'utf8').trim().split('\n') };
}

describe('ci.yml', () => {
  it('tests what changed since the last release tag, builds, and publishes through a token kept off the disk', async () => {
    const { result, repo, calls } = await ci({ tagged: true });
    expect(result.succeeded, result.log).toBe(true);
    expect(calls).toEqual([
      'npm install --global --no-audit --no-fund pnpm@10.34.9 token=unset',
      'pnpm install --frozen-lockfile token=unset',
      'pnpm exec nx affected -t typecheck lint test --base=@edd/core@0.1.0 --head=HEAD token=unset',
      'pnpm exec nx run-many -t build token=unset',
      'aws codeartifact get-authorization-token --domain edd --domain-owner 318484875904 --query authorizationToken --output text token=unset',
      'aws codeartifact get-repository-endpoint --domain edd --domain-owner 318484875904 --repository npm --format npm --query repositoryEndpoint --output text token=secret-token',
      `pnpm exec nx release publish --registry ${REGISTRY} token=secret-token`,
    ]);
    expect(readFileSync(join(repo, '.npmrc'), 'utf8')).toBe(
      `@edd:registry=${REGISTRY}\n//${REGISTRY.slice('https://'.length)}:_authToken=\${CODEARTIFACT_AUTH_TOKEN}\n`,
    );
  });

  it('compares with the previous commit when nothing was released yet', async () => {
    const { result, commits, calls } = await ci({ tagged: false });
    expect(result.succeeded, result.log).toBe(true);
    expect(calls).toContain(
      `pnpm exec nx affected -t typecheck lint test --base=${commits[1]} --head=HEAD token=unset`,
    );
  });

  it('publishes nothing when the tests fail', async () => {
    const { result, calls } = await ci({ tagged: true, testsFail: true });
    expect(result.succeeded).toBe(false);
    expect(result.log).toContain('tests failed: nothing is published');
    expect(calls.filter((call) => call.includes('publish') || call.startsWith('aws'))).toEqual([]);
  });
});
