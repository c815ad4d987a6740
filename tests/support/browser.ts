import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const systemChromiums = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The flags DEVELOPERS.md prescribes: no sandbox as root, and no background traffic on a closed network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function firstExisting(): string | null {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const candidate of systemChromiums) if (existsSync(candidate)) return candidate;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own here; fine.
  }
  return null;
}

/**
 * A browser for the end-to-end tests, found rather than downloaded: a system
 * Chromium, else Playwright's own, else (Debian, as root) apt-get installs
 * one; else one line saying what to install.
 */
export function findOrInstallChromium(log: (line: string) => void = console.log): string {
  const found = firstExisting();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    log('No Chromium found; installing Debian\'s chromium with apt-get.');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      // Fall through to the one-line error below.
    }
    const installed = firstExisting();
    if (installed) return installed;
  }
  throw new Error('No Chromium to run the end-to-end tests: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
}
