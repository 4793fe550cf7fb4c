// ESLint (flat config): the recommended rules over every script of ours, each folder with the
// globals of where it runs, and no import cycles among the page's modules. `npm run lint:js`
// runs it after TypeScript's checker (tsconfig*.json), which checks the types.
import js from '@eslint/js';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

export default [
  {
    // Generated or copied in: the wasm-bindgen glue, the static build, dependencies.
    ignores: ['www/pkg/**', 'www/pkg-single/**', 'dist/**', 'node_modules/**', 'vendor/**', 'target/**', 'test-results/**', 'playwright-report/**', 'bench/.venv/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    rules: {
      // A leading underscore marks a name kept for its position; a rest sibling leaves a key out.
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    // The folders of www/ say what they hold; these keep them honest: the model is pure logic,
    // the worker never reaches into the page, the protocol knows nothing of views.
    files: ['www/**/*.js'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './www/model', from: ['./www/page', './www/views', './www/protocol', './www/worker'], message: 'www/model/ is pure logic: no page, views, protocol or worker' },
            { target: './www/protocol', from: ['./www/page', './www/views', './www/worker'], message: "www/protocol/ is the page's side of the worker protocol, without views" },
            { target: './www/worker', from: ['./www/page', './www/views', './www/protocol/worker-client.js', './www/protocol/worker-boot.js'], message: 'the worker does not reach into the page' },
            { target: './www/views', from: ['./www/page', './www/worker'], message: 'views are drawn by the page, not the other way round' },
          ],
        },
      ],
    },
  },
  { files: ['www/**/*.js', 'site/register-sw.js'], languageOptions: { globals: { ...globals.browser } } },
  // Every script in www/worker/ (the Rust glue starts some of them), the bench's pool and fetch-peer workers.
  { files: ['www/worker/**/*.js', 'www/bench/pool-worker.js', 'www/bench/fetch-peer-worker.js'], languageOptions: { globals: { ...globals.worker } } },
  { files: ['site/sw.js'], languageOptions: { globals: { ...globals.serviceworker } } },
  {
    // Node, and the functions it hands the browser through Playwright.
    files: ['server/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'tests/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
