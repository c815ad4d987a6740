import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const pages = resolve(import.meta.dirname, 'browser');

/**
 * The benchmark page: the renderer's own vault, record and read-model code,
 * built on its own and served by the real preview server (`--renderer-dir`),
 * so the figures come from real Chromium, real IndexedDB and real files.
 */
export default defineConfig({
  root: pages,
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../out/bench-renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // One page per measurement that needs a page of its own: /, /import-at-scale.html, /search-at-scale.html.
    rollupOptions: {
      input: {
        bench: resolve(pages, 'index.html'),
        import: resolve(pages, 'import-at-scale.html'),
        search: resolve(pages, 'search-at-scale.html'),
      },
    },
  },
});
