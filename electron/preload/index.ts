import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, ipcChannelId } from '../../shared/ipc/channels';
import type { LedgerApi } from '../../shared/ipc/ledger-api';

// The page gets exactly one function per channel of the table, and nothing
// else: no ipcRenderer, no generic invoke, no Node.
const ledger = Object.freeze(
  Object.fromEntries(
    channelNames.map((name) => [name, (request: unknown) => ipcRenderer.invoke(ipcChannelId(name), request)]),
  ),
) as LedgerApi;

contextBridge.exposeInMainWorld('ledger', ledger);
