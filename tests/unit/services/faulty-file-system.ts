import { nodeFileSystem, type LedgerFileHandle, type LedgerFileSystem, type OpenFlags } from '../../../electron/services/durable-files';

/**
 * The real file system, with one fault ready to go off: the disk filling up
 * part-way through a write, permission refused, an fsync or a rename that
 * fails. Faults only hit paths containing `pathIncludes`, and go off `times`
 * times (default once).
 */
export type FaultOperation = 'open' | 'write' | 'sync' | 'rename';

export interface Fault {
  operation: FaultOperation;
  code: 'ENOSPC' | 'EACCES' | 'EIO' | 'EPERM';
  pathIncludes?: string;
  /** For writes: how many bytes really reach the disk before the failure. */
  afterBytes?: number;
  times?: number;
}

function failure(code: string, operation: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected ${operation} failure, ${path}`), { code });
}

/**
 * A drive that stores a byte wrongly and says nothing: a worn USB stick, a
 * failing sector. The write succeeds; the byte at `atByte` of the file reaches
 * the disk flipped.
 */
export interface SilentCorruption {
  pathIncludes: string;
  atByte: number;
}

export class FaultyFileSystem implements LedgerFileSystem {
  private fault: (Fault & { remaining: number; allowance: number }) | null = null;
  private corruption: SilentCorruption | null = null;
  /** How many faults went off, so a test can prove its fault was reached. */
  triggered = 0;

  constructor(private readonly base: LedgerFileSystem = nodeFileSystem) {}

  inject(fault: Fault): void {
    this.fault = { ...fault, remaining: fault.times ?? 1, allowance: fault.afterBytes ?? 0 };
  }

  corruptSilently(corruption: SilentCorruption): void {
    this.corruption = corruption;
  }

  clear(): void {
    this.fault = null;
    this.corruption = null;
  }

  /** The bytes as a silently corrupting drive would store them at `position`. */
  private asStored(path: string, buffer: Uint8Array, offset: number, length: number, position: number): Uint8Array {
    const corruption = this.corruption;
    if (!corruption || !path.includes(corruption.pathIncludes)) return buffer;
    const at = corruption.atByte - position;
    if (at < 0 || at >= length) return buffer;
    const stored = Uint8Array.from(buffer);
    stored[offset + at] = stored[offset + at]! ^ 0xff;
    this.triggered++;
    return stored;
  }

  private armed(operation: FaultOperation, path: string) {
    const fault = this.fault;
    if (!fault || fault.operation !== operation || fault.remaining <= 0) return null;
    if (fault.pathIncludes && !path.includes(fault.pathIncludes)) return null;
    return fault;
  }

  private fire(fault: NonNullable<FaultyFileSystem['fault']>, path: string): never {
    fault.remaining--;
    this.triggered++;
    throw failure(fault.code, fault.operation, path);
  }

  async open(path: string, flags: OpenFlags): Promise<LedgerFileHandle> {
    const openFault = this.armed('open', path);
    if (openFault) this.fire(openFault, path);
    const handle = await this.base.open(path, flags);
    let appendAt = 0; // where a write without a position lands, for silent corruption
    return {
      write: async (buffer, offset, length, position) => {
        const fault = this.armed('write', path);
        if (!fault) {
          const written = await handle.write(this.asStored(path, buffer, offset, length, position ?? appendAt), offset, length, position);
          if (position === null) appendAt += written.bytesWritten;
          return written;
        }
        if (fault.allowance > 0) {
          const allowed = Math.min(fault.allowance, length);
          fault.allowance -= allowed;
          const { bytesWritten } = await handle.write(buffer, offset, allowed, position);
          if (bytesWritten > 0) return { bytesWritten };
        }
        return this.fire(fault, path);
      },
      read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
      sync: async () => {
        const fault = this.armed('sync', path);
        if (fault) this.fire(fault, path);
        return handle.sync();
      },
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  }

  readFile(path: string) {
    return this.base.readFile(path);
  }

  readdir(path: string) {
    return this.base.readdir(path);
  }

  stat(path: string) {
    return this.base.stat(path);
  }

  mkdir(path: string) {
    return this.base.mkdir(path);
  }

  async rename(from: string, to: string) {
    const fault = this.armed('rename', to);
    if (fault) this.fire(fault, to);
    return this.base.rename(from, to);
  }

  remove(path: string) {
    return this.base.remove(path);
  }
}

/**
 * The real file system, with writes to one kind of path that stop part-way
 * and wait: an append or a backup caught in the middle of writing (or a
 * process killed there), for as long as the test likes.
 */
export class PausingFileSystem implements LedgerFileSystem {
  private pause: { pathIncludes: string; allowance: number; gate: Promise<void>; reached: () => void } | null = null;

  constructor(private readonly base: LedgerFileSystem = nodeFileSystem) {}

  /**
   * The next writes to a path containing `pathIncludes` put `afterBytes` bytes
   * on disk, then wait. `reached` resolves once a write is waiting; `release`
   * lets it go on, `fail` makes it fail as a write error would.
   */
  pauseWrites(pathIncludes: string, afterBytes: number) {
    let reached!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    let fail!: (error: Error) => void;
    const gate = new Promise<void>((resolve, reject) => {
      release = resolve;
      fail = reject;
    });
    gate.catch(() => undefined);
    this.pause = { pathIncludes, allowance: afterBytes, gate, reached };
    return {
      reached: reachedPromise,
      release: () => {
        this.pause = null;
        release();
      },
      fail: (code = 'EIO') => {
        this.pause = null;
        fail(failure(code, 'write', pathIncludes));
      },
    };
  }

  async open(path: string, flags: OpenFlags): Promise<LedgerFileHandle> {
    const handle = await this.base.open(path, flags);
    return {
      write: async (buffer, offset, length, position) => {
        const pause = this.pause;
        if (!pause || !path.includes(pause.pathIncludes)) return handle.write(buffer, offset, length, position);
        if (pause.allowance > 0) {
          const allowed = Math.min(pause.allowance, length);
          pause.allowance -= allowed;
          return handle.write(buffer, offset, allowed, position);
        }
        pause.reached();
        await pause.gate;
        return handle.write(buffer, offset, length, position);
      },
      read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  }

  readFile(path: string) {
    return this.base.readFile(path);
  }

  readdir(path: string) {
    return this.base.readdir(path);
  }

  stat(path: string) {
    return this.base.stat(path);
  }

  mkdir(path: string) {
    return this.base.mkdir(path);
  }

  rename(from: string, to: string) {
    return this.base.rename(from, to);
  }

  remove(path: string) {
    return this.base.remove(path);
  }
}
