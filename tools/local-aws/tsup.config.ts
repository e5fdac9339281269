import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

const EXECUTABLE = 'local-aws';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

// Two things stop dynalite from being inlined into the single-file executable as it is:
// - it loads its actions with `require('./actions/' + name)`, which esbuild can only bundle with the file extension
//   in the expression;
// - it loads `level` (LevelDB, a native addon) even though, as here, it only ever keeps tables in memory; the
//   executable gets a stand-in. The library build leaves dynalite external, where `level` loads its prebuilt binary
//   without any install script.
const DYNAMIC_REQUIRES = ["require('./actions/' + action)", "require('./validations/' + action)"];

const bundleDynalite: EsbuildPlugin = {
  name: 'bundle-dynalite',
  setup(build) {
    build.onResolve({ filter: /^level$/ }, () => ({
      path: join(import.meta.dirname, 'src/services/dynamodb/level-in-memory-only.ts'),
    }));
    build.onLoad({ filter: /[\\/]dynalite[\\/]index\.js$/ }, async ({ path }) => {
      let contents = await readFile(path, 'utf8');
      for (const dynamicRequire of DYNAMIC_REQUIRES) {
        if (!contents.includes(dynamicRequire)) throw new Error(`dynalite changed: ${dynamicRequire} not found`);
        contents = contents.replace(dynamicRequire, dynamicRequire.replace(' + action)', " + action + '.js')"));
      }
      return { contents, loader: 'js' };
    });
  },
};

// The API models are large. As JSON.parse of string literals they load several times faster than as the object
// literals esbuild makes of imported JSON, and their shapes (most of each model) are parsed only when first used,
// so start-up does not grow with every Connect and Lex operation the models hold.
const modelsAsJsonText: EsbuildPlugin = {
  name: 'models-as-json-text',
  setup(build) {
    build.onLoad({ filter: /[\\/]models[\\/][\w-]+\.json$/ }, async ({ path }) => {
      const { shapes, ...rest } = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      const literal = (value: unknown) => JSON.stringify(JSON.stringify(value));
      const contents = [
        `const model = JSON.parse(${literal(rest)});`,
        'let shapes;',
        `Object.defineProperty(model, 'shapes', { enumerable: true, get: () => (shapes ??= JSON.parse(${literal(shapes)})) });`,
        'export default model;',
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

export default defineConfig(
  packageBuild({ dir: import.meta.dirname, executable: EXECUTABLE, kind: 'tool' }).map((build) => ({
    ...build,
    esbuildPlugins: [
      ...(build.esbuildPlugins ?? []),
      modelsAsJsonText,
      ...(build.entry && `${EXECUTABLE}.program` in build.entry ? [bundleDynalite] : []),
    ],
  })),
);
