// Lint: typescript-eslint's strict rules, plus the import boundaries between runtimes.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'events',
  'stream',
]

const boundary = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
})

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.tsbuild/',
      'release/',
      'test-results/',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unified-signatures': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundary('shared/ is pure TypeScript: it imports nothing outside itself but zod', [
      ...nodeBuiltins,
      'electron',
      '../electron/*',
      '../renderer/*',
      '**/electron/**',
      '**/renderer/**',
      'react',
    ]),
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts'],
    rules: boundary('the engine, server and CLI never import electron or the renderer', [
      'electron',
      '**/renderer/**',
      '**/electron/main/**',
      '**/electron/preload/**',
    ]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/e2e/**', 'renderer/vite.config.ts'],
    rules: boundary('the renderer knows the engine only through the contract in shared/', [
      ...nodeBuiltins,
      'electron',
      '**/electron/**',
    ]),
  },
)
