import { describe, expect, it } from 'vitest';
import { BuildspecError, globToRegExp, parseBuildspec } from '../src/index.js';

function problemsOf(text: string): string[] {
  try {
    parseBuildspec(text);
  } catch (error) {
    if (error instanceof BuildspecError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseBuildspec', () => {
  it('reads phases, finally blocks, variables, exported variables and artifacts', () => {
    const spec = parseBuildspec(`version: 0.2
env:
  variables:
    EDD_TOOLS: '@edd/assume-role@0.1.0'
    RETRIES: 3
  exported-variables: [DEPLOYED]
  git-credential-helper: yes
phases:
  install:
    runtime-versions:
      nodejs: 20
    commands: [npm install --global $EDD_TOOLS]
  build:
    on-failure: CONTINUE
    commands: [make]
    finally: [echo done]
artifacts:
  files: [reports/**/*]
`);
    expect(spec).toEqual({
      variables: { EDD_TOOLS: '@edd/assume-role@0.1.0', RETRIES: '3' },
      exportedVariables: ['DEPLOYED'],
      phases: {
        install: { commands: ['npm install --global $EDD_TOOLS'], finally: [], onFailure: 'ABORT' },
        build: { commands: ['make'], finally: ['echo done'], onFailure: 'CONTINUE' },
      },
      artifacts: { files: ['reports/**/*'], discardPaths: false },
    });
  });

  it('refuses what CodeBuild would not run or would run differently, listing every problem', () => {
    expect(
      problemsOf(`version: 0.1
env:
  shell: sh
  parameter-store:
    TOKEN: /edd/token
phases:
  postbuild:
    commands: [echo]
  build:
    command: [echo]
    on-failure: RETRY
`),
    ).toEqual([
      'version must be 0.2 (got 0.1)',
      "env.shell 'sh': only bash is run here",
      'env.parameter-store: not available locally; pass the value as a variable',
      "phases: unknown key 'postbuild' (known: install, pre_build, build, post_build)",
      "phases.build: unknown key 'command' (known: commands, finally, on-failure, runas)",
      'phases.build.on-failure must be ABORT or CONTINUE',
    ]);
  });

  it('refuses commands that are not strings (an unquoted "key: value" command is a YAML map)', () => {
    expect(problemsOf('version: 0.2\nphases:\n  build:\n    commands:\n      - echo a: b\n')).toEqual([
      'phases.build.commands must be a list of strings',
    ]);
  });
});

describe('globToRegExp', () => {
  it.each([
    ['reports/**/*', 'reports/build.json', true],
    ['reports/**/*', 'reports/steps/deploy.json', true],
    ['reports/**/*', 'other/build.json', false],
    ['*.json', 'a.json', true],
    ['*.json', 'dir/a.json', false],
    ['**/*.json', 'a.json', true],
    ['./reports/?.json', 'reports/a.json', true],
  ])('%s matches %s: %s', (pattern, path, matches) => {
    expect(globToRegExp(pattern).test(path)).toBe(matches);
  });
});
