import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The seed page: the renderer's own code filling a ledger through the real preview services (`npm run seed`). */
export default defineConfig({
  root: resolve(import.meta.dirname, 'seed'),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../out/seed-renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
});
