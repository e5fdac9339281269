import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

const SOURCE_CONDITIONS = ['@edd/source'];

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

// The executable's own require() for the CommonJS dependencies esbuild inlines into an ES module.
const EXECUTABLE_BANNER = [
  '#!/usr/bin/env node',
  "import { createRequire as __eddCreateRequire } from 'node:module';",
  'const require = __eddCreateRequire(import.meta.url);',
].join('\n');

export interface PackageBuild {
  /** Package directory (pass `import.meta.dirname`). */
  dir: string;
  /** Library entries (name -> source), built as ESM + types with dependencies left external. */
  library?: Record<string, string>;
  /** Name of the single-file executable `dist/<name>.js`, built from `src/bin.ts` with everything inlined. */
  executable?: string;
}

/** The two builds every package needs: a reusable library and, for steps, one self-contained executable. */
export function packageBuild({ dir, library = { index: 'src/index.ts' }, executable }: PackageBuild): Options[] {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const define = { __EDD_PACKAGE_VERSION__: JSON.stringify(packageVersion(dir)) };
  const builds: Options[] = [
    {
      entry: library,
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      dts: true,
      sourcemap: true,
      splitting: true,
      clean: false,
      define,
      esbuildOptions(options) {
        options.conditions = SOURCE_CONDITIONS;
      },
    },
  ];
  if (executable) {
    builds.push({
      entry: { [executable]: 'src/bin.ts' },
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      noExternal: [/.*/],
      splitting: false,
      minify: true,
      sourcemap: false,
      clean: false,
      dts: false,
      define,
      banner: { js: EXECUTABLE_BANNER },
      esbuildOptions(options) {
        options.conditions = SOURCE_CONDITIONS;
        options.legalComments = 'none';
      },
    });
  }
  return builds;
}
