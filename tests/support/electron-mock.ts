import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * The unit project's `electron` module (vitest.config.ts aliases it here), so
 * no unit test ever needs, or tries to download, the Electron binary. It
 * records what the code passes so tests read the real options.
 */
export const electronCalls = {
  windows: [] as Array<{ options: Record<string, unknown>; loadedUrl?: string }>,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
};

class FakeBrowserWindow extends EventEmitter {
  private readonly record: { options: Record<string, unknown>; loadedUrl?: string };
  constructor(options: Record<string, unknown>) {
    super();
    this.record = { options };
    electronCalls.windows.push(this.record);
  }
  loadURL(url: string) {
    this.record.loadedUrl = url;
    return Promise.resolve();
  }
  show() {}
}

export const BrowserWindow = Object.assign(FakeBrowserWindow, { getFocusedWindow: () => null });

/** Tests answer the next save or open dialog by setting these. */
export const dialogAnswers = {
  save: { canceled: true, filePath: undefined as string | undefined },
  open: { canceled: true, filePaths: [] as string[] },
};
export const dialog = {
  showSaveDialog: vi.fn(async () => dialogAnswers.save),
  showOpenDialog: vi.fn(async () => dialogAnswers.open),
  showMessageBox: vi.fn(async () => ({ response: 0 })),
};
export const powerMonitor = new EventEmitter();
export const protocol = {
  registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => electronCalls.privilegedSchemes.push(...schemes)),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => electronCalls.protocolHandlers.set(scheme, handler)),
};
