import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, ipcChannelId } from '../../shared/ipc/channels';
import { fail } from '../../shared/ipc/result';
import type { Dispatch } from '../ipc/dispatch';
import { APP_HOST, APP_SCHEME } from './app-origin';

type SenderFrame = { url: string; parent: unknown } | null | undefined;

/** Only the app's own top-level page may call main; never a frame or another origin. */
export function isTrustedSender(frame: SenderFrame): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function bindIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch): void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannelId(name), (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return fail('forbidden', 'This request did not come from the Records Ledger window.');
      }
      return dispatch(name, payload);
    });
  }
}
