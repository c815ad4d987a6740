/**
 * A browser that watches for hostile content getting loose, for the
 * hostile-content end-to-end test.
 *
 * The page's Content-Security-Policy is a second wall (tested on its own:
 * docs/threat-model.md A6): it would stop an injected <script> from running
 * even if the app wrongly inserted content as HTML, and then no canary could
 * ever fire. So this browser takes that wall down (Playwright's bypassCSP) to
 * test the first one alone: content must be text, whatever the CSP says. If
 * anything from the corpus were ever inserted as markup, its script would run
 * here and be seen.
 *
 * What is watched, from before the app's first script:
 * - window.__canary, which every payload sets when it runs;
 * - every element or attribute the app could only have made from content
 *   (scripts, frames, objects, SVG, on* handlers, javascript: addresses, an
 *   image that is not a decrypted blob), by a MutationObserver;
 * - requests to canary.invalid, and any request leaving the preview's origin;
 * - navigations away from the preview, new windows, alert/confirm/prompt
 *   dialogs, and uncaught errors in the page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { CANARY_HOST } from '../../fixtures/hostile/corpus';
import { chromiumArgs, findOrInstallChromium } from '../../support/browser';
import { createLedgerThroughUi, unlockThroughUi, type ADMIN } from '../../support/ledger-flows';
import { startPreview, type RunningPreview } from '../../support/preview';
import { activeNamesIn } from '../../unit/pdf/pdf-inspect';

/** Runs in every page before its own scripts; reports through window.__hostileFindings. */
const WATCH_PAGE = `(() => {
  const findings = [];
  Object.defineProperty(window, '__hostileFindings', { value: findings });
  let started = false;
  addEventListener('DOMContentLoaded', () => { started = true; });
  // Tags the app never makes: from content, they could only be injected markup.
  const foreign = new Set(['SCRIPT', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'BASE', 'META', 'STYLE', 'MARQUEE', 'VIDEO', 'AUDIO', 'SOURCE', 'PORTAL']);
  const urlAttributes = ['src', 'href', 'data', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'srcset', 'srcdoc'];
  const describe = (element, why) => findings.push(why + ': <' + element.tagName.toLowerCase() + '> ' + (element.outerHTML || '').slice(0, 160));
  const sameOrigin = (value) => { try { return new URL(value, location.href).origin === location.origin; } catch { return false; } };
  function check(element) {
    if (!started) return;
    if (foreign.has(element.tagName)) describe(element, 'element the app never makes');
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') describe(element, 'SVG or MathML element');
    if (element.tagName === 'IMG' && !String(element.getAttribute('src') || '').startsWith('blob:')) describe(element, 'image that is not a decrypted blob');
    if (element.tagName === 'LINK' && !sameOrigin(element.getAttribute('href') || '')) describe(element, 'link to another origin');
    for (const attribute of Array.from(element.attributes || [])) checkAttribute(element, attribute.name, attribute.value);
  }
  function checkAttribute(element, name, value) {
    const lower = name.toLowerCase();
    if (lower.startsWith('on')) describe(element, 'event handler attribute ' + name);
    else if (urlAttributes.includes(lower) && /^\\s*(javascript|vbscript|data:text)/i.test(value || '')) describe(element, 'script address in ' + name);
    else if (lower === 'srcdoc') describe(element, 'srcdoc attribute');
  }
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes' && mutation.target.nodeType === 1) {
        checkAttribute(mutation.target, mutation.attributeName, mutation.target.getAttribute(mutation.attributeName));
        continue;
      }
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== 1) continue;
        check(node);
        for (const inner of node.querySelectorAll('*')) check(inner);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

export interface Watch {
  /** Requests for canary.invalid: a payload ran, or content became a live resource. */
  canaryRequests: string[];
  /** Any other request that left the preview's own origin. */
  offOrigin: string[];
  /** Navigations of any frame away from the preview. */
  navigations: string[];
  dialogs: string[];
  popups: string[];
  pageErrors: string[];
}

export interface WatchedLedger {
  preview: RunningPreview;
  context: BrowserContext;
  page: Page;
  profile: string;
  watch: Watch;
}

/**
 * For a whole test file: a fresh preview, and a watched browser (CSP
 * bypassed) on a ledger created and unlocked by `admin`; all closed after.
 */
export function watchedLedgerForThisFile(admin: typeof ADMIN): WatchedLedger {
  const app = {} as WatchedLedger;
  beforeAll(async () => {
    app.preview = await startPreview();
    app.profile = mkdtempSync(join(tmpdir(), 'records-ledger-hostile-chromium-'));
    app.context = await chromium.launchPersistentContext(app.profile, {
      executablePath: process.env.CHROMIUM_PATH ?? findOrInstallChromium(),
      headless: true,
      args: chromiumArgs,
      bypassCSP: true,
    });
    const watch: Watch = { canaryRequests: [], offOrigin: [], navigations: [], dialogs: [], popups: [], pageErrors: [] };
    app.watch = watch;
    await app.context.addInitScript(WATCH_PAGE);
    await app.context.route((url) => url.hostname === CANARY_HOST, async (route) => {
      watch.canaryRequests.push(route.request().url());
      await route.abort();
    });
    const { origin } = new URL(app.preview.url);
    app.context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:')) watch.offOrigin.push(url);
    });
    app.page = app.context.pages()[0] ?? (await app.context.newPage());
    app.page.on('dialog', (dialog) => {
      watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    app.page.on('popup', (popup) => watch.popups.push(popup.url()));
    app.page.on('pageerror', (error) => watch.pageErrors.push(error.message));
    await app.page.goto(app.preview.url);
    app.page.on('framenavigated', (frame) => {
      if (!frame.url().startsWith(`${origin}/`)) watch.navigations.push(frame.url());
    });
    await createLedgerThroughUi(app.page, admin);
    await unlockThroughUi(app.page, admin.name, admin.passphrase);
  });
  afterAll(async () => {
    await app.context?.close();
    if (app.profile) rmSync(app.profile, { recursive: true, force: true });
    await app.preview?.stop();
  });
  return app;
}

/** Nothing from the corpus ran, reached the network, navigated, opened a window or became an element. */
export async function expectNothingFired(app: WatchedLedger, where: string): Promise<void> {
  const seen = await app.page.evaluate(() => {
    const w = window as unknown as { __canary?: unknown; __hostileFindings: string[] };
    return { canary: w.__canary, findings: [...w.__hostileFindings] };
  });
  expect(seen, `in the page, ${where}`).toEqual({ canary: undefined, findings: [] });
  expect(app.watch, where).toEqual({ canaryRequests: [], offOrigin: [], navigations: [], dialogs: [], popups: [], pageErrors: [] });
  expect(app.page.frames(), `frames, ${where}`).toHaveLength(1);
}

/**
 * Proves the watch is live: inserts `html` as markup (what the app must never
 * do) into a scratch page of the same browser, waits for it to act (it must
 * not send the page itself elsewhere, or there is nothing left to look at), and
 * returns what was seen there. The canary requests it causes are then
 * cleared, so they are not taken for the app's.
 */
export async function injectIntoProbePage(app: WatchedLedger, html: string): Promise<{ canary: unknown; findings: string[]; canaryRequests: string[] }> {
  const probe = await app.context.newPage();
  try {
    await probe.goto('data:text/html,<!doctype html><title>probe</title><body></body>');
    await probe.evaluate((markup) => {
      document.body.innerHTML = markup;
    }, html);
    const look = () =>
      probe.evaluate(() => {
        const w = window as unknown as { __canary?: unknown; __hostileFindings: string[] };
        return { canary: w.__canary, findings: [...w.__hostileFindings] };
      });
    // Handlers fire a moment after the markup goes in.
    await expect.poll(async () => (await look()).canary !== undefined && app.watch.canaryRequests.length > 0, { timeout: 10_000 }).toBe(true);
    const seen = await look();
    return { ...seen, canaryRequests: [...app.watch.canaryRequests] };
  } finally {
    await probe.close();
    app.watch.canaryRequests.length = 0;
    app.watch.offOrigin.length = 0;
  }
}

/** The newest document saved by the preview whose name starts with `prefix`. */
export function savedExport(app: WatchedLedger, prefix: string): string {
  const dir = `${app.preview.dataDir}-exports`;
  const name = readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .at(-1);
  if (!name) throw new Error(`No export starting "${prefix}" in ${dir}`);
  return join(dir, name);
}

/**
 * The text of a PDF in drawing order, with every run of whitespace removed
 * (line wrapping moves it) and without the lines that repeat on every page
 * (`furniture`, matched against whole lines): what is left must hold each
 * string the document printed, in one piece.
 */
export function pdfWords(file: string, furniture: readonly RegExp[] = []): string {
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return text
    .split(/[\n\f]/)
    .filter((line) => !furniture.some((pattern) => pattern.test(line.trim())))
    .join('')
    .replace(/\s+/g, '');
}

/**
 * What pdfWords should give for multi-line text the app prints: as the
 * removal log's own note promises, every invisible or direction-changing
 * character (a tab too) is printed as its code, such as [U+202E].
 */
export function asPrinted(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu, (char) =>
      char === '\n' ? char : `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
    )
    .replace(/\s+/g, '');
}

/** PDF names that would run code, open a link or a file, or carry an attachment (none may appear). */
export function activeNamesInFile(file: string): string[] {
  return activeNamesIn(readFileSync(file));
}

/** Every stream of the file inflated where it can be, plus the raw bytes: wherever bytes copied from an input would sit. */
export function pdfBytesAndStreams(file: string): Buffer[] {
  const raw = readFileSync(file);
  const parts = [raw];
  let at = 0;
  for (;;) {
    const start = raw.indexOf('stream', at);
    if (start < 0) break;
    const begin = raw[start + 6] === 0x0d ? start + 8 : start + 7;
    const end = raw.indexOf('endstream', begin);
    if (end < 0) break;
    try {
      parts.push(inflateSync(raw.subarray(begin, end)));
    } catch {
      // Not Flate-compressed: the raw bytes already cover it.
    }
    at = end + 9;
  }
  return parts;
}
