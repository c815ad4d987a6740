// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/*
 * The layers of the app, enforced. The folder tells the layer:
 *   shared/    pure TypeScript: schemas, contracts, domain rules. No Node, no DOM, no Dexie,
 *              no Electron, no React, no hidden clock or randomness (pass `now` and ids in).
 *   renderer/  the sandboxed page. No Node built-ins, no Electron.
 *   electron/  main and preload. No React. electron/services, electron/ipc and
 *              electron/preview also run without Electron (browser preview, unit tests),
 *              so they may not import it.
 *
 * DO NOT RELAX THESE RULES. If a file needs something its layer forbids, it is in
 * the wrong folder, or the thing belongs behind an IPC channel.
 */

const nodeBuiltins = [...new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))];
const nodeBuiltinPaths = nodeBuiltins.map((name) => ({
  name,
  message: 'Node built-ins belong in electron/ (main). Move this code, or ask main over an IPC channel.',
}));

const electronPatterns = [
  { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import Electron.' },
  { group: ['**/electron/**', '../electron', '../../electron'], message: 'This layer may not import from electron/.' },
];
const rendererPatterns = [
  { group: ['**/renderer/**', '../renderer', '../../renderer'], message: 'This layer may not import from renderer/.' },
];
const reactPatterns = [
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'React belongs in renderer/ only.' },
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/results*', 'coverage/**', 'tests/fixtures/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths,
          patterns: [
            ...electronPatterns,
            ...rendererPatterns,
            ...reactPatterns,
            { group: ['node:*'], message: 'shared/ is pure: no Node built-ins.' },
            { group: ['dexie', 'dexie/*'], message: 'Dexie belongs in renderer/ (the read model).' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'location', 'process', 'Buffer', 'require', '__dirname'].map(
          (name) => ({ name, message: `shared/ is pure: ${name} is a platform API. Pass what you need in as an argument.` }),
        ),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No hidden clock in shared/: take `now` as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No hidden clock in shared/: take `now` as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'No hidden randomness in shared/: take random bytes as an argument.' },
        { selector: "CallExpression[callee.property.name='getRandomValues']", message: 'No hidden randomness in shared/: take random bytes as an argument.' },
        { selector: "CallExpression[callee.property.name='randomUUID']", message: 'No hidden randomness in shared/: take ids as an argument.' },
        { selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']", message: 'No hidden clock in shared/.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltinPaths, patterns: [...electronPatterns, { group: ['node:*'], message: 'The renderer is a sandboxed web page: no Node built-ins.' }] }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...reactPatterns, ...rendererPatterns] }],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/ipc/**/*.ts', 'electron/preview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...reactPatterns, ...rendererPatterns, electronPatterns[0]] }],
    },
  },
);
