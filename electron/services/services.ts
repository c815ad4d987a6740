import type { ChannelHandlers } from '../ipc/dispatch';
import { describeApp, type RuntimeDescription } from './app-info';
import { checkHealth } from './health';

export interface ServiceOptions {
  /** The folder that holds the vault, journal, attachments and backups. */
  dataDir: string;
  runtime: RuntimeDescription;
}

/**
 * Main's services as plain functions over a folder path: the same object
 * serves Electron's IPC, the browser preview and the unit tests.
 */
export function createServices(options: ServiceOptions): ChannelHandlers {
  return {
    appInfo: () => describeApp(options.runtime),
    health: () => checkHealth(options.dataDir),
  };
}
