import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../src/index.js';

/** A workspace with one built package, @edd/greeter 1.2.0, whose executable says hello. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'edd-workspace-'));
  mkdirSync(join(root, 'packages/greeter/dist'), { recursive: true });
  writeFileSync(
    join(root, 'packages/greeter/package.json'),
    JSON.stringify({ name: '@edd/greeter', version: '1.2.0', bin: { greeter: './dist/greeter.js' } }),
  );
  writeFileSync(
    join(root, 'packages/greeter/dist/greeter.js'),
    'console.log("hello", process.argv.slice(2).join(" "))',
  );
  mkdirSync(join(root, 'packages/unbuilt'), { recursive: true });
  writeFileSync(
    join(root, 'packages/unbuilt/package.json'),
    JSON.stringify({ name: '@edd/unbuilt', version: '0.1.0', bin: { unbuilt: './dist/unbuilt.js' } }),
  );
  return root;
}

async function install(command: string) {
  const root = workspace();
  const source = mkdtempSync(join(tmpdir(), 'edd-shim-src-'));
  writeFileSync(
    join(source, 'buildspec.yml'),
    `version: 0.2\nphases:\n  install:\n    commands:\n      - ${command}\n`,
  );
  return runBuild({
    buildspecFile: join(source, 'buildspec.yml'),
    sourceDir: source,
    localAwsUrl: 'http://127.0.0.1:9',
    workspaceRoot: root,
  });
}

describe('npm shim', () => {
  it('installs a pinned @edd package from the workspace build and puts its executable on the PATH', async () => {
    const result = await install(
      'npm install --global --no-audit --no-fund @edd/greeter@1.2.0 && greeter from the build',
    );
    expect(result.succeeded).toBe(true);
    expect(result.log).toContain('hello from the build');
  });

  it('refuses a pin that is not the workspace version: the buildspec has drifted from the code', async () => {
    const result = await install('npm install -g @edd/greeter@1.1.9');
    expect(result.succeeded).toBe(false);
    expect(result.log).toContain(
      "@edd/greeter@1.1.9 is pinned but the workspace has @edd/greeter@1.2.0: update the buildspec's pin",
    );
  });

  it('refuses a package that is not built and one the workspace does not have', async () => {
    expect((await install('npm install -g @edd/unbuilt@0.1.0')).log).toMatch(/@edd\/unbuilt is not built/);
    expect((await install('npm install -g @edd/missing@0.1.0')).log).toContain(
      '@edd/missing is not a package of this workspace',
    );
  });

  it('hands everything else to the real npm', async () => {
    const result = await install('npm --version');
    expect(result.succeeded).toBe(true);
    expect(result.log).toMatch(/\n\d+\.\d+\.\d+\n/);
  });
});
