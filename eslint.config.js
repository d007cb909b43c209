// ESLint flat config. Syntax-only (no type information) so `npm run lint` stays fast.
// The process boundaries of the app are enforced here with no-restricted-imports.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_MESSAGE =
  'This code runs in the browser/renderer (or a sandboxed preload): Node built-ins are not available. Ask the engine through window.medscribe instead.';
const ELECTRON_MESSAGE = 'Only src/main and src/preload may import electron.';
const LAYER_MESSAGE = 'The renderer may not import the engine, main or CLI: go through window.medscribe and src/shared.';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** The no-restricted-imports options for one area of the code. */
function boundaries({ node = false, electron = false, layers = false }) {
  const paths = [];
  const patterns = [];
  if (node) {
    paths.push(...nodeBuiltins.map((name) => ({ name, message: NODE_MESSAGE })));
    patterns.push({ group: ['node:*'], message: NODE_MESSAGE });
  }
  if (electron) {
    paths.push({ name: 'electron', message: ELECTRON_MESSAGE });
    patterns.push({ group: ['electron/*'], message: ELECTRON_MESSAGE });
  }
  if (layers) {
    // A relative import that climbs out of the renderer into src/engine, src/main or src/cli.
    patterns.push({ regex: '^(\\.\\./)+(src/)?(engine|main|cli)(/|$)', message: LAYER_MESSAGE });
  }
  return ['error', { paths, patterns }];
}

export default defineConfig(
  {
    ignores: [
      'out/',
      'dist/',
      'node_modules/',
      '.tools/',
      'medscribe-demo/',
      'coverage/',
      'test-results/',
      'bench/.out/',
      '.medscribe-home/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-check': false, 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // Browser code: the renderer and the harness bridge.
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/cli/harness/bridge.browser.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  // Process boundaries. Later blocks replace the rule for the files they match, so each file
  // gets exactly one set of restrictions.
  { files: ['src/engine/**', 'src/cli/**'], rules: { 'no-restricted-imports': boundaries({ electron: true }) } },
  { files: ['src/shared/**', 'src/cli/harness/bridge.browser.ts', 'src/preload/**'], rules: { 'no-restricted-imports': boundaries({ node: true, electron: true }) } },
  // The sandboxed preload may require only electron.
  { files: ['src/preload/**'], rules: { 'no-restricted-imports': boundaries({ node: true }) } },
  { files: ['src/renderer/**'], rules: { 'no-restricted-imports': boundaries({ node: true, electron: true, layers: true }) } },
);
