import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialogAnswers, powerMonitor } from '../../support/electron-mock';
import { createElectronHost } from '../../../electron/main/electron-host';

const dir = mkdtempSync(join(tmpdir(), 'records-ledger-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the desktop host', () => {
  const host = createElectronHost();

  it('signals a lock when the system suspends or the screen locks', () => {
    const before = host.lockGeneration();
    powerMonitor.emit('suspend');
    expect(host.lockGeneration()).toBe(before + 1);
    powerMonitor.emit('lock-screen');
    expect(host.lockGeneration()).toBe(before + 2);
    powerMonitor.emit('resume');
    expect(host.lockGeneration()).toBe(before + 2);
  });

  it('saves a document only where the person chose, and nothing when they cancel', async () => {
    dialogAnswers.save = { canceled: true, filePath: undefined };
    expect(await host.saveFile('Recovery Kit.pdf', new Uint8Array([1, 2, 3]))).toBeNull();
    const target = join(dir, 'Kit.pdf');
    dialogAnswers.save = { canceled: false, filePath: target };
    expect(await host.saveFile('Recovery Kit.pdf', new Uint8Array([37, 80, 68, 70]))).toBe(target);
    expect(readFileSync(target, 'latin1')).toBe('%PDF');
  });

  it('offers a folder chooser', async () => {
    dialogAnswers.open = { canceled: false, filePaths: ['/media/usb/backups'] };
    expect(await host.chooseFolder()).toEqual({ supported: true, path: '/media/usb/backups' });
  });
});
