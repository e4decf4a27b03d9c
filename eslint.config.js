// Lint rules, and the architecture's layer matrix (docs/architecture.md) enforced per folder.
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electron = { name: 'electron', message: 'Only src/main/index.ts and src/main/electron/ may import electron.' }
// Each restriction is [...import patterns, message], or a RegExp source and a message.
const rule = (paths, restrictions) => ({
  'no-restricted-imports': [
    'error',
    {
      paths,
      patterns: restrictions.map((r) =>
        r[0] instanceof RegExp ? { regex: r[0].source, message: r[1] } : { group: r.slice(0, -1), message: r.at(-1) },
      ),
    },
  ],
})
const layer = (...restrictions) => rule([electron], restrictions)
const notMain = ['**/main/**', 'The renderer, preload and shared code never import main.']
const notRenderer = ['**/renderer/**', 'Only the renderer imports the renderer.']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'no-console': 'off',
    },
  },
  // shared: the contract, pure; imports nothing of ours but itself.
  { files: ['src/shared/**'], rules: layer(notMain, notRenderer, ['**/preload/**', 'shared stays pure']) },
  // core: the hall's rules; only shared. No I/O modules either.
  {
    files: ['src/main/core/**'],
    rules: layer(
      [/^\.\.\/(?!\.\.\/shared\/)/, 'core imports nothing but shared'],
      ['node:*', 'fs', 'path', 'better-sqlite3', 'serialport', 'fastify', 'pino', 'core is pure: no I/O'],
      notRenderer,
    ),
  },
  // store, devices, reports: below the hall service, never above it.
  {
    files: ['src/main/store/**', 'src/main/devices/**', 'src/main/reports/**'],
    rules: layer(['**/hall', '**/server/**', '**/electron/**', 'stays below the hall service'], notRenderer),
  },
  { files: ['src/main/server/**'], rules: layer(['**/electron/**', 'the server runs without Electron'], notRenderer) },
  { files: ['src/main/hall.ts', 'src/main/hub.ts', 'src/main/app.ts', 'src/main/devices-extension.ts', 'src/main/security/**'], rules: layer(['**/electron/**', 'runs without Electron'], notRenderer) },
  // The centre (npm run central): its own server over PostgreSQL. It reuses the report
  // definitions, the PIN hashing and the contract, but nothing of a running hall.
  {
    files: ['src/main/central/**'],
    rules: layer(
      ['**/hall', '**/app', '**/server/**', '**/electron/**', '**/central-link/**', '**/store/**', '**/devices/**', 'the centre runs no hall'],
      notRenderer,
    ),
  },
  // The hub's link to the centre: an extension of the hub, writes through the centre's schema code.
  { files: ['src/main/central-link/**'], rules: layer(['**/electron/**', '**/central/server/**', 'the hub side never loads the centre\'s server'], notRenderer) },
  // The Electron shell: the only place that may import electron.
  { files: ['src/main/index.ts', 'src/main/electron/**'], rules: rule([], [notRenderer]) },
  { files: ['src/preload/**'], rules: rule([], [notMain, notRenderer]) },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: layer(notMain, ['**/preload/**', 'the renderer reaches preload only through window.hallq']),
  },
  // Tests read JSON answers loosely on purpose: the assertions are the type check.
  { files: ['test/**', 'bench/**', 'scripts/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
)
