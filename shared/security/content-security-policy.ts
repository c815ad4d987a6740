/**
 * The one Content-Security-Policy of the renderer, for both the Electron
 * `app://` protocol and the browser preview.
 * `wasm-unsafe-eval` lets hash-wasm (Argon2id) and the OCR core compile; it does not allow eval.
 *
 * `connect-src 'self'` in both: the preview talks to its own origin over
 * fetch, and in Electron too the OCR worker fetches the English reading data
 * shipped beside the page (ocr/eng.traineddata.gz); a worker's fetch obeys
 * connect-src, and with 'none' it fails. In Electron 'self' is app://ledger,
 * which answers GET only, with the shipped renderer files only, so this lets
 * nothing leave the machine and reads nothing a script could not already load.
 * The option no longer changes the policy; callers still pass it.
 */
export function contentSecurityPolicy(_options: { connectToSelf: boolean }): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
