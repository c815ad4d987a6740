import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The benchmark page: the renderer's own vault, record and read-model code,
 * built on its own and served by the real preview server (`--renderer-dir`),
 * so the figures come from real Chromium, real IndexedDB and real files.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'browser'),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../out/bench-renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
  },
});
