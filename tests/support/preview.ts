/**
 * Starting the built app's browser preview and a Chromium to drive it, for
 * the end-to-end tests and the benchmarks alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, findOrInstallChromium } from './browser';

export interface RunningPreview {
  /** The preview's process id, to send it signals (SIGUSR2: the system locked). */
  pid: number;
  url: string;
  origin: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Waits for the line in which the preview (or `npm start`) prints its address. */
export function waitForAddress(child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No preview address within ${timeoutMs} ms. Output:\n${output()}`)), timeoutMs);
    const check = () => {
      const match = /Records Ledger preview: (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The preview exited (${code}) before printing its address:\n${output()}`));
    });
  });
}

export function collectOutput(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

/** The built app's main services on loopback, on a data folder of its own. */
export async function startPreview(dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-e2e-data-')), extraArgs: string[] = []): Promise<RunningPreview> {
  const child = spawn(process.execPath, ['out/main/preview.js', '--data-dir', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const url = await waitForAddress(child, output);
  return {
    pid: child.pid!,
    url,
    origin: new URL(url).origin,
    dataDir,
    output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for, to prove nothing left the machine. */
  requests: string[];
  /** Chromium's profile folder: where IndexedDB keeps the read model. */
  profile: string;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'records-ledger-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? findOrInstallChromium(),
    headless: true,
    args: chromiumArgs,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  return {
    context,
    page,
    requests,
    profile,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}


/** A fresh data folder, its preview, and a browser on the first screen; all gone afterwards. */
export async function withFreshApp<T>(run: (app: { preview: RunningPreview; browser: Browser; page: Page }) => Promise<T>): Promise<T> {
  const preview = await startPreview();
  const browser = await openBrowser();
  try {
    await browser.page.goto(preview.url);
    return await run({ preview, browser, page: browser.page });
  } finally {
    await browser.close();
    await preview.stop();
  }
}
