/**
 * The one Content-Security-Policy of the renderer, for both the Electron
 * `app://` protocol and the browser preview. The preview differs only in
 * talking to its own origin over fetch, which Electron's IPC does not need.
 * `wasm-unsafe-eval` lets hash-wasm (Argon2id) compile; it does not allow eval.
 */
export function contentSecurityPolicy(options: { connectToSelf: boolean }): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    options.connectToSelf ? "connect-src 'self'" : "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
