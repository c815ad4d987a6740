import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { allOcrFiles, OCR_FOLDER } from './renderer/src/ocr/ocr-files';

const fromProject = createRequire(resolve('package.json'));

/**
 * The text reader's worker, core and English data, copied from node_modules
 * into the renderer's output under ocr/ (about 7 MB), so tesseract.js loads
 * them from the app itself and never from its CDN. The dev server serves the
 * same files at the same paths.
 */
function shipOcrFiles(): Plugin {
  const files = new Map(allOcrFiles.map((file) => [`/${OCR_FOLDER}/${file.name}`, fromProject.resolve(file.source)]));
  return {
    name: 'records-ledger:ship-ocr-files',
    generateBundle() {
      for (const [path, source] of files) this.emitFile({ type: 'asset', fileName: path.slice(1), source: readFileSync(source) });
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const source = files.get(new URL(request.url ?? '/', 'http://dev').pathname);
        if (!source) return next();
        response.setHeader('content-type', source.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        response.end(readFileSync(source));
      });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          // Electron's main process.
          index: resolve('electron/main/index.ts'),
          // The same services over loopback HTTP where Electron cannot run; never imports electron.
          preview: resolve('electron/preview/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages: bundle them, emit CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    plugins: [react(), shipOcrFiles()],
    build: {
      outDir: resolve('out/renderer'),
      // Everything ships with the app; no inline scripts or styles (the CSP forbids them).
      assetsInlineLimit: 0,
      minify: true,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
