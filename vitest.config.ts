import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * Two projects: `unit` (Node, fast, parallel) and `e2e` (the built app in the
 * browser preview, driven by Playwright in Debian's Chromium, one file at a
 * time on a 2-core machine). `npm test` runs unit first, then e2e.
 */
export default defineConfig({
  test: {
    projects: [
      {
        resolve: {
          alias: { electron: fileURLToPath(new URL('./tests/support/electron-mock.ts', import.meta.url)) },
        },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'shared/**/*.test.ts', 'electron/**/*.test.ts'],
          // Dexie looks for IndexedDB once, when it is first imported: give every test file one before any import.
          setupFiles: ['fake-indexeddb/auto'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
