import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk says it is full. */
  fill(): void;
  /** Removes the filler: space again. */
  free(): void;
  unmount(): void;
}

/**
 * A real, small file system (tmpfs), so "the disk is full" is the kernel's
 * ENOSPC and not a simulation. Needs root; where it cannot be had, says why.
 */
export function mountSmallDisk(megabytes: number): SmallDisk | { unavailable: string } {
  const dir = mkdtempSync(join(tmpdir(), 'records-ledger-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `a small disk cannot be mounted here (${(error as Error).message.split('\n')[0]}); mounting tmpfs needs root` };
  }
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      // Fill the last few bytes too.
      const tail = openSync(filler, 'a');
      try {
        for (;;) writeSync(tail, Buffer.alloc(512));
      } catch {
        // full
      } finally {
        closeSync(tail);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
