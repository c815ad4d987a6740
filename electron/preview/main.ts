import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../ipc/dispatch';
import { DataFolderLocked } from '../services/data-folder-lock';
import { createPreviewHost, defaultExportsDir } from '../services/host';
import { createLedgerServices } from '../services/services';
import { startPreviewServer } from './server';

const here = dirname(fileURLToPath(import.meta.url));

/** Electron keeps user data under the product name; the preview uses the same folder by default. */
function defaultDataDir(): string {
  const product = 'Records Ledger';
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), product);
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', product);
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), product);
}

function appVersion(): string {
  const manifest = JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'exports-dir': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // Saved documents (a Recovery Kit among them) go beside the data folder, never into it.
  const host = createPreviewHost(dataDir, { exportsDir: resolve(values['exports-dir'] ?? defaultExportsDir(dataDir)) });
  // A browser cannot hear the operating system suspend or lock the screen; whatever
  // can (a session script, or a test) tells the preview with SIGUSR2.
  process.on('SIGUSR2', () => host.signalLock());
  const services = createLedgerServices({
    dataDir,
    host,
    runtime: {
      runtime: 'browser-preview',
      runtimeVersion: `Node.js ${process.versions.node}`,
      appVersion: appVersion(),
      platform: process.platform,
    },
  });
  try {
    // Takes the data folder's lock first: a second copy on the same folder stops here.
    await services.start();
  } catch (error) {
    if (error instanceof DataFolderLocked) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const server = await startPreviewServer({
    dispatch: createDispatcher(services.handlers, console),
    rendererDir: resolve(values['renderer-dir'] ?? join(here, '../renderer')),
    token: randomBytes(32).toString('base64url'),
    port: values.port ? Number(values.port) : 0,
  });
  const stop = () => {
    services.stop();
    void server.close().then(() => process.exit(0));
  };
  // Before saying we are ready: a Ctrl+C that arrives right after the address
  // must still release the data folder, not kill the process mid-way.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`Records Ledger preview: ${server.url}\n`);
  process.stdout.write(`Data folder: ${dataDir}\nSaved documents go to: ${host.exportsDir}\nOpen the address above in Chromium. Press Ctrl+C to stop.\n`);
}

main().catch((error: unknown) => {
  console.error(`The preview could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
