import type { Session, WebContents } from 'electron';

/** No camera, microphone, notifications, geolocation, USB, HID, serial, ever. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Files leave the app only through a save dialog main opens itself.
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Every web contents may show hostile content: it never navigates, never opens
 * a window and never embeds a webview. A link a person clicks is offered to
 * the system browser instead (https only, after confirmation).
 */
export function hardenWebContents(contents: WebContents, offerExternalLink: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    offerExternalLink(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    offerExternalLink(url);
    return { action: 'deny' };
  });
}
