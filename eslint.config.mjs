import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of the workspace (DESIGN.md §1): environments <- cli <- core <- steps; a step uses another step only
// through its public entry; packages never import tools; local-aws imports nothing of the product but @edd/cli.
const STEPS = ['assume-role', 'connect-deploy', 'dynamo-export-import', 'lex-deploy', 'virtual-callback-deploy'];

/** `no-restricted-imports` allowing exactly these workspace packages (public entries only). */
function workspaceImports(layer, allowed) {
  const allow = allowed.map((name) => name.replace(/\./g, '\\.')).join('|');
  return [
    'error',
    {
      patterns: [
        {
          regex: allowed.length ? `^@edd/(?!(${allow})$)` : '^@edd/',
          message: `${layer} may import ${allowed.length ? allowed.map((a) => `@edd/${a}`).join(', ') : 'no workspace package'} (DESIGN.md §1).`,
        },
        {
          regex: '(^|/)(packages|tools)/|^@edd/[^/]+/(src|dist)(/|$)|^(\\.\\./)+[^./][^/]*/src/',
          message: 'Import a workspace package through its public entry (@edd/<name>), never through its files.',
        },
      ],
    },
  ];
}

const boundaries = [
  { files: ['packages/environments/src/**'], layer: '@edd/environments', allowed: [] },
  { files: ['packages/cli/src/**'], layer: '@edd/cli', allowed: [] },
  { files: ['packages/core/src/**'], layer: '@edd/core', allowed: ['cli', 'environments'] },
  { files: ['packages/plan-report/src/**'], layer: '@edd/plan-report', allowed: ['core'] },
  ...STEPS.map((step) => ({
    files: [`packages/${step}/src/**`],
    layer: `A step (@edd/${step})`,
    allowed: [
      'core',
      'core/cli',
      'environments',
      'plan-report',
      ...(step === 'virtual-callback-deploy'
        ? ['connect-deploy', 'connect-deploy/engine', 'dynamo-export-import']
        : []),
    ],
  })),
  { files: ['tools/local-aws/src/**', 'tools/local-aws/tests/**'], layer: '@edd/local-aws', allowed: ['cli'] },
].map(({ files, layer, allowed }) => ({
  files,
  rules: { 'no-restricted-imports': workspaceImports(layer, allowed) },
}));

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', 'tools/local-aws/models/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.mjs', '**/tests/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
  {
    files: ['**/src/**/*.ts'],
    rules: { 'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
);
