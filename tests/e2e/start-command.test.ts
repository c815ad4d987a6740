import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectOutput, openBrowser, waitForAddress } from './support/app';

describe("the README's start command", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-start-'));
  // As on this machine: no display, so Electron cannot open a window.
  const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' };
  const child = spawn('npm', ['start', '--', '--data-dir', dataDir], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const running = () => child.exitCode === null && child.signalCode === null;
  let origin = '';

  afterAll(async () => {
    if (running() && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGINT');
      await exited;
    }
  });

  it('says in one line why Electron cannot run and serves the browser preview instead', async () => {
    const url = await waitForAddress(child, output, 120_000);
    origin = new URL(url).origin;
    const explanation = output().split('\n').filter((line) => line.startsWith('Electron cannot run here'));
    expect(explanation).toHaveLength(1);
    expect(explanation[0]).toContain('starting the browser preview instead');

    const browser = await openBrowser();
    try {
      await browser.page.goto(url);
      await expect.poll(() => browser.page.getByRole('button', { name: 'Create the ledger' }).isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('keeps running until Ctrl+C, then stops serving', async () => {
    expect(running()).toBe(true);
    expect((await fetch(`${origin}/`)).status).toBe(200);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    await expect(fetch(`${origin}/`)).rejects.toThrow();
  });
});
