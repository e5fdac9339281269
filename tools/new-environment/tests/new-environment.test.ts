import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runNewEnvironment } from '../src/cli.js';
import { REGISTRY_FILE } from '../src/new-environment.js';

const ROOT = join(import.meta.dirname, '../../..');
const SANDBOX4 = [
  '--name',
  'Sandbox4',
  '--edd-name',
  'Sandbox4',
  '--account',
  '012345678901',
  '--purpose',
  'R&D environment for the IT department',
  '--branch',
  'sandbox4',
];

/** The parts of the repository the tool reads and writes, copied so a test can change them. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'edd-new-environment-'));
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    if (!existsSync(join(ROOT, 'packages', dir, 'package.json'))) continue;
    mkdirSync(join(root, 'packages', dir), { recursive: true });
    cpSync(join(ROOT, 'packages', dir, 'package.json'), join(root, 'packages', dir, 'package.json'));
  }
  cpSync(join(ROOT, REGISTRY_FILE), join(root, REGISTRY_FILE));
  cpSync(join(ROOT, 'buildspecs'), join(root, 'buildspecs'), { recursive: true });
  cpSync(join(ROOT, 'tools/templates/generated'), join(root, 'tools/templates/generated'), { recursive: true });
  cpSync(join(ROOT, '.prettierrc.json'), join(root, '.prettierrc.json'));
  return root;
}

async function run(argv: string[], root = workspace()) {
  let out = '';
  let err = '';
  const code = await runNewEnvironment(argv, { root, output: { out: (t) => (out += t), err: (t) => (err += t) } });
  return { code, out, err, root };
}

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');

describe('new-environment', () => {
  it('adds the registry entry and regenerates TargetAccount AllowedValues and the assumable roles', async () => {
    const { code, err, root } = await run(SANDBOX4);
    expect(code, err).toBe(0);
    const registry = JSON.parse(read(root, REGISTRY_FILE)) as { environments: Record<string, unknown>[] };
    expect(registry.environments.at(-1)).toEqual({
      ivName: 'Sandbox4',
      eddName: 'Sandbox4',
      account: '012345678901',
      purpose: 'R&D environment for the IT department',
      branch: 'sandbox4',
      defaultRegion: 'us-east-1',
      confirmed: true,
    });
    expect(err).toContain('regenerated tools/templates/generated/: pipeline-product.yaml, shared-account.yaml');
    const product = parse(read(root, 'tools/templates/generated/pipeline-product.yaml')) as {
      Parameters: { TargetAccount: { AllowedValues: string[] }; Branch: { AllowedValues: string[] } };
    };
    expect(product.Parameters.TargetAccount.AllowedValues.at(-1)).toBe('sandbox4/012345678901');
    expect(product.Parameters.Branch.AllowedValues).toContain('sandbox4');
    expect(read(root, 'tools/templates/generated/shared-account.yaml')).toContain(
      'iam::012345678901:role/codebuild-connect',
    );
  });

  it('prints the role template parameters for the new account and the pipelines to create, in order', async () => {
    const { out } = await run(SANDBOX4);
    expect(out).toContain(
      '--parameter-overrides SharedAccountId=318484875904 CodeBuildRoleName=codebuild-shared-service-role CreateLexServiceLinkedRole=true',
    );
    const pipelines = out.split('\n').filter((line) => /^ {5}\d\. edd-/.test(line));
    expect(pipelines.map((line) => line.trim().split(' ')[1])).toEqual([
      'edd-connect',
      'edd-infrastructure-backend-common',
      'edd-dynamod-export-data',
      'edd-infrastructure-frontend-common',
      'edd-virtual-callback-queue',
    ]);
    expect(pipelines[3]).toMatch(
      /PipelineKind=frontend-common TargetAccount=sandbox4\/012345678901 Branch=sandbox4 DeploymentType=full$/,
    );
  });

  it('refuses an entry the registry cannot take, with every reason, and changes nothing', async () => {
    const root = workspace();
    const before = read(root, REGISTRY_FILE);
    const { code, err } = await run(
      ['--name', 'QA', '--account', '90541811021', '--purpose', 'again', '--branch', 'prod'],
      root,
    );
    expect(code).toBe(2);
    expect(err).toContain("account '90541811021' must be exactly 12 digits");
    expect(err).toContain("branch 'prod' already deploys into Prod, account 559550955475");
    expect(err).toContain("IV name 'qa' is also used by environment 'QA'");
    expect(read(root, REGISTRY_FILE)).toBe(before);
  });

  it('with --dry-run checks and prints the steps without changing a file', async () => {
    const root = workspace();
    const before = read(root, REGISTRY_FILE);
    const product = read(root, 'tools/templates/generated/pipeline-product.yaml');
    const { code, out } = await run([...SANDBOX4, '--dry-run'], root);
    expect(code).toBe(0);
    expect(out).toMatch(/^Would add Sandbox4, account 012345678901/);
    expect(read(root, REGISTRY_FILE)).toBe(before);
    expect(read(root, 'tools/templates/generated/pipeline-product.yaml')).toBe(product);
  });

  it('lists every missing option at once', async () => {
    const { code, err } = await run(['--name', 'Sandbox4']);
    expect(code).toBe(2);
    expect(err).toBe(
      'error: --account is required (or set $EDD_NEW_ENVIRONMENT_ACCOUNT); --purpose is required (or set $EDD_NEW_ENVIRONMENT_PURPOSE); --branch is required (or set $EDD_NEW_ENVIRONMENT_BRANCH)\n',
    );
  });

  it('shows the same help layout as every executable', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: new-environment [options]');
    expect(out).toMatch(
      /--account <12 digits>\s+The AWS account number \(env \$EDD_NEW_ENVIRONMENT_ACCOUNT; required\)/,
    );
    expect(out).toContain('Exit codes: 0 success, 1 internal error, 2 usage or configuration error');
  });

  it('refuses a malformed region and suggests the flag meant', async () => {
    const bad = await run([...SANDBOX4, '--region', 'eu_west_2']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: --region must be an AWS region name such as eu-west-2 or us-gov-west-1\n');
    const typo = await run([...SANDBOX4, '--dryrun']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('unknown option --dryrun (did you mean --dry-run?)');
  });
});

describe('the built command', () => {
  it('runs with node alone, without the AWS SDK', async () => {
    const exe = join(import.meta.dirname, '../dist/new-environment.js');
    const { stdout } = await promisify(execFile)(process.execPath, [exe, ...SANDBOX4, '--dry-run']);
    expect(stdout).toMatch(/^Would add Sandbox4/);
    for (const dir of [join(import.meta.dirname, '../dist'), join(import.meta.dirname, '../../templates/dist')]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
        expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain('@aws-sdk');
      }
    }
  });
});
