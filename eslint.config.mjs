// ESLint (flat config, typescript-eslint): code quality, and the boundaries of ARCHITECTURE.md as
// import restrictions. `npm run lint`; part of `npm test`. Lines: Prettier formats to 120 characters
// (`npm run format:check`) but leaves comments and literals as written, so `max-len` checks the comments and code;
// a line over 120 only for a string, template or regex literal or a URL (Prettier cannot break those), or a
// Markdown table row in a doc comment, is allowed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import restriction: module patterns and why. `allowTypeImports`: a type import is fine. */
const restrict = (group, message, allowTypeImports = false) => ({ group, message, allowTypeImports });

const NO_EDITOR = restrict(
  ['vscode', 'vscode-*', 'vscode-*/**'],
  'shared/ is pure: no VS Code or LSP (ARCHITECTURE.md, shared/).',
);
const NO_NODE = restrict(['node:*'], 'shared/ is pure: no Node APIs.');
/** Node built-ins by their bare names (exact module names, not patterns: `./util` is fine). */
const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'url',
  'util',
  'stream',
  'crypto',
  'http',
  'https',
  'net',
].map((name) => ({
  name,
  message: 'shared/ is pure: no Node APIs.',
}));
const NO_LSP = restrict(
  ['vscode-languageserver', 'vscode-languageserver/**', 'vscode-languageserver-*', 'vscode-languageserver-*/**'],
  'Only server/src/lsp/ knows LSP.',
);
const NO_LSP_DIR = restrict(
  ['**/lsp/*', '../lsp', './lsp'],
  'Only server/src/lsp/ knows LSP: import the pure module it calls instead.',
);
const NO_CLI_DIR = restrict(['**/cli/*'], 'Rules and the core do not depend on the CLI.');

const DOM_GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'localStorage', 'fetch'].map((name) => ({
  name,
  message: 'No DOM outside client/webview/.',
}));
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'setImmediate'].map((name) => ({
  name,
  message: 'shared/ is pure: no Node globals.',
}));

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', '**/node_modules/**', 'test/e2e/**', 'bench/**', '**/*.generated.ts', '**/.tmp/**'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.mjs', 'test/renderers/*.mjs', 'eslint.config.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'Buffer', 'URL', 'setTimeout', 'clearTimeout'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
          ignorePattern: '^\\s*\\* \\|',
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports', disallowTypeAnnotations: false },
      ],
      'no-constant-condition': ['error', { checkLoops: false }],
      // Regexes that match aligned CLI tables read better with their spaces.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Tests read JSON tables (test vectors, Go tables) whose shape varies per file.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: NODE_BUILTINS, patterns: [NO_EDITOR, NO_NODE] }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS, ...NODE_GLOBALS],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/lsp/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_LSP, NO_LSP_DIR] }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    files: ['server/src/rules/**/*.ts', 'server/src/lint.ts', 'server/src/workspace.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [NO_LSP, NO_LSP_DIR, NO_CLI_DIR] }],
    },
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS] },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(['**/server/src/**'], 'The client talks to the server over LSP only.'),
            // The client parses no manifest and simulates nothing: the server answers rolloutLens/preview.
            restrict(
              [
                'yaml',
                '**/shared/src/manifest*',
                '**/shared/src/sim/**',
                '**/shared/src/preview/session*',
                '**/shared/src/preview/pipeline*',
                '**/shared/src/preview/applyEdits*',
              ],
              'The client parses no manifest: ask the language server (rolloutLens/preview, shared/src/preview/protocol.ts).',
              true,
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['client/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(['vscode', 'vscode-*', 'node:*'], 'The webview runs in the browser: shared/ only.'),
            restrict(
              ['**/client/src/**', '../src/**', '**/server/src/**'],
              'The webview imports only shared/ (messages, what-if, view model).',
            ),
          ],
        },
      ],
    },
  },
);
