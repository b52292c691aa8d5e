import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/', 'data/', 'bench/out/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='exit']", message: 'Only src/cli/main.ts exits.' }],
    },
  },
  { files: ['src/cli/main.ts', 'bench/**', 'test/fakes/**'], rules: { 'no-restricted-syntax': 'off' } },
  {
    // One gate decides what leaves the database: only src/gate may open a sealed post.
    files: ['src/**/*.ts'],
    ignores: ['src/gate/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/gate/sealed'], importNames: ['unseal'], message: 'Only the gate (src/gate/release.ts) opens sealed posts: ask the gate to release it.' }] }] },
  },
  { files: ['bin/**', 'bench/**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // The desk's scripts run in the browser as written (no build step).
  { files: ['src/web/assets/**/*.js'], languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', FormData: 'readonly', URLSearchParams: 'readonly', HTMLElement: 'readonly', Event: 'readonly', KeyboardEvent: 'readonly', history: 'readonly', location: 'readonly', sessionStorage: 'readonly' } } },
);
