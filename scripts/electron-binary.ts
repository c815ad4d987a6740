import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronAvailability = { available: true; path: string } | { available: false; reason: string };

function installedBinary(packageDir: string): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return existsSync(overridden) ? overridden : null;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * Whether this machine can open the Electron window. The electron package
 * fetches its binary the first time it is required (`download: true`, as
 * `npm start` does on a user's machine); tests only look (`download: false`).
 */
export function findElectron(options: { download: boolean }): ElectronAvailability {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { available: false, reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { available: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const present = installedBinary(packageDir);
  if (present) return { available: true, path: present };
  if (!options.download) {
    return { available: false, reason: 'no Electron binary is installed; npm start downloads it where it can' };
  }
  // Requiring the package downloads the binary; a child process keeps a failed
  // download from taking this one down.
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(packageDir)})`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
  });
  const downloaded = probe.status === 0 ? installedBinary(packageDir) : null;
  return downloaded
    ? { available: true, path: downloaded }
    : { available: false, reason: 'the Electron binary could not be downloaded' };
}
