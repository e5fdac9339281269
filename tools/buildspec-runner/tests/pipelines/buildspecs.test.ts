import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBuildspec, type Buildspec } from '../../src/index.js';
import { ROOT } from './support.js';

const DIR = join(ROOT, 'buildspecs');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const PIPELINES = [
  'connect',
  'backend-common',
  'frontend-common',
  'virtual-callback-queue',
  'dynamodb-export-data',
  'export',
  'drift',
];
const specs = new Map<string, Buildspec>(
  PIPELINES.map((kind) => [kind, parseBuildspec(read(`${kind}.yml`), `${kind}.yml`)]),
);

describe('the standard buildspecs', () => {
  it('are all valid buildspecs of version 0.2', () => {
    const files = readdirSync(DIR).filter((file) => file.endsWith('.yml'));
    expect(files.sort()).toEqual(
      [...PIPELINES.map((kind) => `${kind}.yml`), 'assume-role-example.yml', 'ci.yml'].sort(),
    );
    for (const file of files) expect(() => parseBuildspec(read(file), file)).not.toThrow();
  });

  it('obtain the executables the same way and end with the same JSON report', () => {
    const [first, ...others] = [...specs.values()];
    for (const spec of others) {
      expect(spec.phases.install).toEqual(first!.phases.install);
      expect(spec.phases.post_build).toEqual(first!.phases.post_build);
      expect(spec.artifacts?.files).toContain('reports/**/*');
    }
  });

  it('assume the target role in profile form before any step, without eval hiding a failure', () => {
    for (const [kind, spec] of specs) {
      const preBuild = spec.phases.pre_build!.commands;
      const assume = preBuild.findIndex((command) => command.includes('assume-role --format profile'));
      expect(preBuild[assume], kind).toBe('profile="$(assume-role --format profile)" && eval "$profile"');
      const stepCommands = [...preBuild.slice(0, assume), ...spec.phases.install!.commands].join('\n');
      expect(stepCommands, kind).not.toMatch(
        /connect-deploy|lex-deploy|dynamo-export-import|virtual-callback-deploy|aws (?!codeartifact)/,
      );
    }
    for (const file of readdirSync(DIR).filter((name) => name.endsWith('.yml'))) {
      const phases = Object.values(parseBuildspec(read(file), file).phases);
      const commands = phases.flatMap((phase) => [...phase.commands, ...phase.finally]);
      expect(commands.join('\n'), file).not.toMatch(/eval "\$\(/);
    }
  });

  it('run every step as a plan in EDD_MODE=plan, and export the link the manual approval shows', () => {
    const writes = /(connect-deploy|lex-deploy|dynamo-export-import|virtual-callback-deploy) (deploy|instance|import) /;
    for (const [kind, spec] of specs) {
      // Neither pipeline has an approval: the export commits what it read, the drift check only plans.
      if (kind === 'export' || kind === 'drift') continue;
      expect(spec.exportedVariables, kind).toContain('EDD_REPORT_URL');
      const commands = spec.phases.build!.commands;
      const steps = commands.filter((c) => writes.test(c));
      const stacks = commands.filter((c) => c.includes('aws cloudformation deploy '));
      expect(steps.length + stacks.length, kind).toBeGreaterThan(0);
      for (const command of steps) {
        if (command.includes(' $dry_run ')) continue;
        // A step that saves its plan: EDD_MODE=plan runs its plan verb, which writes nothing and saves the plan.
        const step = writes.exec(command)![1]!;
        expect(command, kind).toMatch(
          new RegExp(`if \\[ -n "\\$dry_run" \\]; then\\s+${step} plan (?:[^\\n]*\\\\\\n)*[^\\n]*--out "?plans/`),
        );
      }
      for (const command of stacks) expect(command, kind).toContain('${dry_run:+--no-execute-changeset}');
    }
  });

  it('apply after an approval exactly the plan each step saved before it, under the same name', () => {
    const saved: string[] = [];
    for (const [kind, spec] of specs) {
      if (kind === 'export' || kind === 'drift') continue;
      for (const command of spec.phases.build!.commands) {
        const out = [...command.matchAll(/ plan (?:[^\n]*\\\n)*[^\n]*--out "?plans\/([^"\s]+)/g)].map((m) => m[1]);
        const applied = [...command.matchAll(/\$\{approved:\+--plan "\$approved\/([^"\s]+)"\}/g)].map((m) => m[1]);
        expect(applied, `${kind}: ${command}`).toEqual(out);
        saved.push(...out.map((file) => `${kind}: ${file}`));
      }
      if (saved.some((entry) => entry.startsWith(`${kind}: `)))
        expect(spec.artifacts?.files, kind).toContain('plans/**/*');
    }
    expect(saved.sort()).toEqual([
      'dynamodb-export-data: dynamo-export-import.json',
      'frontend-common: connect-deploy.json',
      'frontend-common: lex-deploy-$bot.json',
    ]);
  });

  it('after an approval, execute exactly the change set the plan created, the same way for every stack', () => {
    const stacks = ['backend-common', 'virtual-callback-queue'].map((kind) => {
      const commands = specs.get(kind)!.phases.build!.commands;
      return {
        kind,
        definition: commands.find((c) => c.startsWith('deploy_stack() {')),
        calls: commands.filter((c) => /^deploy_stack "[^"]+" [\w-]+\.txt /.test(c)),
        deploys: commands.filter((c) => c.includes('aws cloudformation deploy ')),
      };
    });
    for (const { kind, definition, calls, deploys } of stacks) {
      expect(definition, kind).toContain('aws cloudformation execute-change-set --change-set-name "$arn"');
      expect(calls, kind).toHaveLength(1);
      expect(deploys, kind).toEqual([definition]);
    }
    expect(stacks[1]!.definition).toBe(stacks[0]!.definition);
  });

  it('have every step that writes review pages put its page in reports/, where post_build publishes it', () => {
    const STEP = /\b(connect-deploy|virtual-callback-deploy|lex-deploy|dynamo-export-import) (deploy|plan|instance) /g;
    const pages: string[] = [];
    for (const [kind, spec] of specs)
      for (const command of spec.phases.build!.commands) {
        // A step's arguments run on over continued lines; the page is named among them.
        const invocations = [...command.matchAll(STEP)].map((m) =>
          command
            .slice(m.index)
            .split(/(?<!\\)\n/, 1)[0]!
            .replace(/\\\n/g, ' '),
        );
        for (const invocation of invocations) {
          const page = /--report (\S+)/.exec(invocation)?.[1]?.replace(/^"(.*)"$/, '$1');
          expect(page, `${kind}: ${invocation}`).toMatch(/^reports\/[^/]+\.html$/);
          pages.push(`${kind}: ${page}`);
        }
      }
    // A step that saves its plan names its page twice, in its plan and its deploy: the same page.
    expect([...new Set(pages)].sort()).toEqual([
      'connect: reports/connect-instance.html',
      'drift: reports/drift-connect.html',
      'drift: reports/drift-data.html',
      'drift: reports/drift-lex-$bot.html',
      'dynamodb-export-data: reports/dynamo-import.html',
      'frontend-common: reports/connect-deploy.html',
      'frontend-common: reports/lex-deploy-$bot.html',
      'virtual-callback-queue: reports/virtual-callback-deploy.html',
    ]);
  });

  it('pin every step to the version of its package in this workspace', () => {
    for (const [kind, spec] of specs) {
      for (const pin of spec.variables.EDD_TOOLS!.split(/\s+/)) {
        const [, name, version] = /^@edd\/([a-z-]+)@(\S+)$/.exec(pin)!;
        const manifest = join(ROOT, 'packages', name!, 'package.json');
        expect(existsSync(manifest), `${kind}: ${pin}`).toBe(true);
        expect((JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version, `${kind}: ${pin}`).toBe(
          version,
        );
      }
    }
  });
});
