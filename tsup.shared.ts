import { readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { build } from 'esbuild';
import type { Options } from 'tsup';

const SOURCE_CONDITIONS = ['@edd/source'];

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface PackageBuild {
  /** Package directory (pass `import.meta.dirname`). */
  dir: string;
  /** Library entries (name -> source), built as ESM + types with dependencies left external. */
  library?: Record<string, string>;
  /**
   * Name of the single-file executable `dist/<name>.js`: for steps, built from `src/cli.ts` exporting `definition`
   * (a CliDefinition of @edd/core/cli); for tools, a plain bundle of `src/bin.ts`.
   */
  executable?: string;
  kind?: 'step' | 'tool';
}

/** The two builds every package needs: a reusable library and, for steps, one self-contained executable. */
export function packageBuild({
  dir,
  library = { index: 'src/index.ts' },
  executable,
  kind = 'step',
}: PackageBuild): Options[] {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const version = packageVersion(dir);
  return [
    {
      entry: library,
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      dts: true,
      sourcemap: true,
      splitting: true,
      clean: false,
      silent: true,
      define: { __EDD_PACKAGE_VERSION__: JSON.stringify(version) },
      esbuildOptions(options) {
        options.conditions = SOURCE_CONDITIONS;
      },
      ...(executable && kind === 'step'
        ? { onSuccess: () => buildExecutable({ dir, name: executable, version }) }
        : {}),
    },
    ...(executable && kind === 'tool' ? [toolExecutable(dir, executable, version)] : []),
  ];
}

// Node reads source maps only for code compiled after they are enabled, and reading them costs start-up time:
// executables enable them before loading their program, and only for --debug (or $EDD_DEBUG).
const debugRequested = `(process.argv.includes('--debug') || /^(1|true|yes|on)$/i.test(process.env.EDD_DEBUG ?? ''))`;

// Tools (local-aws) start a server; start-up time does not matter, so a plain bundle of src/bin.ts will do, behind
// a launcher that enables source maps first.
function toolExecutable(dir: string, name: string, version: string): Options {
  return {
    entry: { [`${name}.program`]: 'src/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/.*/],
    splitting: false,
    sourcemap: true,
    clean: false,
    dts: false,
    silent: true,
    define: { __EDD_PACKAGE_VERSION__: JSON.stringify(version) },
    banner: {
      js: [
        '#!/usr/bin/env node',
        "import { createRequire as __eddCreateRequire } from 'node:module';",
        'const require = __eddCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    esbuildOptions(options) {
      options.conditions = SOURCE_CONDITIONS;
    },
    onSuccess: async () => {
      const out = join(dir, 'dist', `${name}.js`);
      writeFileSync(
        out,
        [
          '#!/usr/bin/env node',
          `// ${name} ${version}: the program is ${name}.program.js; this file only enables source maps for --debug.`,
          `if ${debugRequested} process.setSourceMapsEnabled(true);`,
          `await import('./${name}.program.js');`,
          '',
        ].join('\n'),
      );
      chmodSync(out, 0o755);
    },
  };
}

interface HelpIndex {
  version: string;
  defaultVerb?: string;
  texts: Record<string, string>;
}

/**
 * Builds `dist/<name>.js`: one file, every dependency inlined, runs on Node 20 and 22.
 *
 * Compiling a megabyte of bundled AWS SDK costs Node more than starting up, so the program is stored as a string
 * and compiled only when it runs: `--help` and `--version` are answered from texts rendered at build time by the
 * same runner, and never load the SDK.
 */
async function buildExecutable({ dir, name, version }: { dir: string; name: string; version: string }) {
  const entry = [
    "import { runCli, renderHelpIndex } from '@edd/core/cli';",
    "import { definition } from './src/cli.ts';",
    'export const run = (argv) => runCli(definition, argv);',
    'export const helpIndex = () => renderHelpIndex(definition);',
  ].join('\n');
  const out = join(dir, 'dist', `${name}.js`);
  const result = await build({
    stdin: { contents: entry, resolveDir: dir, sourcefile: `${name}-entry.ts`, loader: 'ts' },
    bundle: true,
    write: false,
    outfile: out,
    sourcemap: 'external',
    sourcesContent: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    conditions: SOURCE_CONDITIONS,
    mainFields: ['main', 'module'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __EDD_PACKAGE_VERSION__: JSON.stringify(version), 'import.meta.url': '__eddImportMetaUrl' },
  });
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!;
  const program = `${result.outputFiles.find((f) => f.path === out)!.text}//# sourceMappingURL=${name}.js.map\n`;
  const help = evaluate(program, out).helpIndex() as HelpIndex;
  const launcher = [
    '#!/usr/bin/env node',
    `// ${name} ${version}: single-file executable (see the package README).`,
    "import { Module } from 'node:module';",
    "import { fileURLToPath } from 'node:url';",
    "import { dirname, join } from 'node:path';",
    `const HELP = ${JSON.stringify(help)};`,
    `const PROGRAM = ${JSON.stringify(program)};`,
    quickAnswerSource,
    'const argv = process.argv.slice(2);',
    'const answer = quickAnswer(argv, HELP);',
    'if (answer !== undefined) {',
    '  process.stdout.write(answer);',
    '} else {',
    `  if ${debugRequested} process.setSourceMapsEnabled(true);`,
    // Compiled as a CommonJS module of its own (Node's loader reads its source map, vm does not), named .cjs so that
    // no Node version takes it for an ES module.
    "  const filename = join(dirname(fileURLToPath(import.meta.url)), 'program.cjs');",
    '  globalThis.__eddImportMetaUrl = import.meta.url;',
    '  const program = new Module(filename);',
    '  program.filename = filename;',
    '  program.paths = Module._nodeModulePaths(dirname(filename));',
    '  program._compile(PROGRAM, filename);',
    '  process.exitCode = await program.exports.run(argv);',
    '}',
    '',
  ].join('\n');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(out, launcher);
  writeFileSync(`${out}.map`, map.contents);
  chmodSync(out, 0o755);
}

function evaluate(program: string, filename: string): { helpIndex: () => unknown } {
  const module = { exports: {} as { helpIndex: () => unknown } };
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${program}\n})`, {
    filename,
  }) as (...args: unknown[]) => void;
  (globalThis as { __eddImportMetaUrl?: string }).__eddImportMetaUrl = `file://${filename}`;
  wrapper(module.exports, createRequire(filename), module, filename, join(filename, '..'));
  return module.exports;
}

// Answers exactly `[verb] --help|-h` and `--version` from the pre-rendered texts; anything else runs the program.
const quickAnswerSource = `function quickAnswer(argv, help) {
  const args = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (args.length === 1 && args[0] === '--version') return help.version + '\\n';
  if (args.length === 1 && ['--help', '-h', 'help'].includes(args[0])) return help.texts[''];
  if (args.length === 2 && Object.hasOwn(help.texts, args[0]) && args[0] !== '') {
    if (['--help', '-h'].includes(args[1])) return help.texts[args[0]];
    if (args[1] === '--version') return help.version + '\\n';
  }
  return undefined;
}`;
