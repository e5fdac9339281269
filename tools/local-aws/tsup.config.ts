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

// The API models are large; as JSON.parse of a string literal they load several times faster than as the object
// literal esbuild makes of an imported JSON file, which keeps start-up as fast with every Connect and Lex operation.
const modelsAsJsonText: EsbuildPlugin = {
  name: 'models-as-json-text',
  setup(build) {
    build.onLoad({ filter: /[\\/]models[\\/][\w-]+\.json$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      return {
        contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`,
        loader: 'js',
      };
    });
  },
};

export default defineConfig(
  packageBuild({ dir: import.meta.dirname, executable: EXECUTABLE, kind: 'tool' }).map((build) => ({
    ...build,
    esbuildPlugins: [
      ...(build.esbuildPlugins ?? []),
      modelsAsJsonText,
      ...(build.entry && EXECUTABLE in build.entry ? [bundleDynalite] : []),
    ],
  })),
);
