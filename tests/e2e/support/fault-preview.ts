import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { startPreviewServer } from '../../../electron/preview/server';
import { createPreviewHost } from '../../../electron/services/host';
import { createLedgerServices } from '../../../electron/services/services';
import { FaultyFileSystem } from '../../unit/services/faulty-file-system';

export interface FaultPreview {
  url: string;
  dataDir: string;
  /** Where the preview saves documents; outside the data folder, as the host requires. */
  exportsDir: string;
  /** The disk main writes through: inject a fault, clear it, count how many went off. */
  disk: FaultyFileSystem;
  /** What main logged as unexpected (a fault the services did not turn into a clear message lands here). */
  unexpected: string[];
  stop(): Promise<void>;
}

/**
 * The browser preview run inside the test process, so the test holds main's
 * file system in its hand: the built renderer from out/renderer, served by the
 * real preview server over the real services, whose every file write goes
 * through a FaultyFileSystem. Everything else is exactly what the preview does.
 */
export async function startFaultPreview(): Promise<FaultPreview> {
  const root = mkdtempSync(join(tmpdir(), 'records-ledger-faults-'));
  const dataDir = join(root, 'ledger');
  const exportsDir = join(root, 'exports');
  const disk = new FaultyFileSystem();
  const unexpected: string[] = [];
  const log = {
    error: (message: string, error: unknown) => unexpected.push(`${message}: ${error instanceof Error ? error.message : String(error)}`),
  };
  const services = createLedgerServices({
    dataDir,
    fs: disk,
    log,
    host: createPreviewHost(dataDir, { exportsDir, fs: disk }),
    runtime: { runtime: 'browser-preview', runtimeVersion: `Node.js ${process.versions.node}`, appVersion: '0.0.0-faults', platform: process.platform },
  });
  await services.start();
  const server = await startPreviewServer({
    dispatch: createDispatcher(services.handlers, log),
    rendererDir: resolve('out/renderer'),
    token: randomBytes(32).toString('base64url'),
  });
  return {
    url: server.url,
    dataDir,
    exportsDir,
    disk,
    unexpected,
    stop: async () => {
      await server.close();
      services.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
