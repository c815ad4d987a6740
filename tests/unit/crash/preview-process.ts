import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { collectOutput, waitForAddress } from '../../support/preview';

/**
 * The browser preview's server as the crash campaign runs it: a child
 * process of its own (main's real services behind the per-launch token),
 * which the campaign kills with SIGKILL and starts again on the same data
 * folder.
 */
export type PreviewBuild = 'built' | 'source';

export interface PreviewLauncher {
  /** Which code runs: the built `out/main/preview.js` (a copy taken once), or the source through tsx. */
  build: PreviewBuild;
  launch(folders: { dataDir: string; exportsDir: string; rendererDir: string }): Promise<RunningServer>;
}

export interface RunningServer {
  pid: number;
  origin: string;
  token: string;
  output(): string;
  /** SIGKILL: no clean-up of any kind. Resolves once the process is gone (reaped, so its lock is seen as stale). */
  kill(): Promise<void>;
  exited(): boolean;
}

/**
 * The built preview starts in about half the time tsx needs for the source,
 * which is what makes 200 restarts fit the suite's budget. It is copied
 * once (with package.json and a link to node_modules, which it resolves
 * zod and luxon from), so that another engineer rebuilding `out/` during
 * the run cannot hand a child a half-written file. CRASH_PREVIEW=source
 * runs the source instead, for a change not yet built.
 */
export function previewLauncher(root: string, scratch: string): PreviewLauncher {
  const wanted = process.env.CRASH_PREVIEW;
  const built = join(root, 'out/main/preview.js');
  const build: PreviewBuild = wanted === 'source' || (wanted !== 'built' && !existsSync(built)) ? 'source' : 'built';
  let command: string[];
  if (build === 'built') {
    const app = join(scratch, 'app');
    mkdirSync(join(app, 'out'), { recursive: true });
    cpSync(join(root, 'out/main'), join(app, 'out/main'), { recursive: true });
    cpSync(join(root, 'package.json'), join(app, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
    command = [join(app, 'out/main/preview.js')];
  } else {
    command = ['--import', 'tsx', join(root, 'electron/preview/main.ts')];
  }

  return {
    build,
    async launch({ dataDir, exportsDir, rendererDir }) {
      const child = spawn(process.execPath, [...command, '--data-dir', dataDir, '--exports-dir', exportsDir, '--renderer-dir', rendererDir], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = collectOutput(child);
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let address: URL;
      try {
        address = new URL(await waitForAddress(child, output, 30_000));
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
      const token = /token=([A-Za-z0-9_-]+)/.exec(address.hash)![1]!;
      return {
        pid: child.pid!,
        origin: address.origin,
        token,
        output,
        exited: () => child.exitCode !== null || child.signalCode !== null,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await gone;
        },
      };
    },
  };
}
