import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources; dependencies resolve the way Node resolves them (the
// bundler-only `module` entry points of the AWS SDK are not valid Node ESM). Vitest hands the SSR conditions to
// Node as --conditions for the dependencies it leaves to Node, so `import` must not be among them: Node's
// require() of a dual package would then return its ES module (dynalite's require('big.js') breaks).
const conditions = ['@edd/source', 'node'];

/** Test settings shared by every package: resolve workspace packages to their sources, quiet the SDK. */
export function packageTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    define: { __EDD_PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
    resolve: { conditions, mainFields: ['main'] },
    ssr: { resolve: { conditions } },
    test: {
      include: ['tests/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      ...overrides,
    },
  });
}
