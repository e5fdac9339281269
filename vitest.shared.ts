import { defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const conditions = ['@edd/source', ...defaultServerConditions];

/** Test settings shared by every package: resolve workspace packages to their sources, quiet the SDK. */
export function packageTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    define: { __EDD_PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
    resolve: { conditions },
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
