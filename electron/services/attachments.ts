import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { LedgerFailure } from '../../shared/ipc/result';
import { atomicWrite, errorCode, isMissing, nodeFileSystem, ownBytes, readFailure, readIfPresent, syncFolder, type LedgerFileSystem } from './durable-files';

/**
 * Encrypted attachments (screenshots, exported originals), one file each,
 * stored apart from the journal. An attachment is evidence: once stored under
 * an id it is never replaced by different bytes.
 */
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ATTACHMENT_FILE = /^([A-Za-z0-9_-]{1,64})\.bin$/;

export interface StoredAttachment {
  id: string;
  bytes: number;
}

function checkId(id: string): void {
  // The channel schema already checks this; repeated here because the id becomes a file name.
  if (!ATTACHMENT_ID.test(id)) throw new LedgerFailure('invalid_request', 'An attachment id may only use letters, digits, "-" and "_".');
}

function destroyFailure(error: unknown, what: string): LedgerFailure {
  return new LedgerFailure('storage_failure', `${what} could not be destroyed: the disk reported an error (${errorCode(error) ?? 'unknown'}).`);
}

export class AttachmentStore {
  constructor(
    readonly folder: string,
    private readonly fs: LedgerFileSystem = nodeFileSystem,
  ) {}

  fileName(id: string): string {
    return `${id}.bin`;
  }

  async put(id: string, bytes: Uint8Array): Promise<{ bytes: number; sha256: string }> {
    checkId(id);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = join(this.folder, this.fileName(id));
    const existing = await readIfPresent(this.fs, path).catch((error: unknown) => {
      throw readFailure(error, 'the attachment folder');
    });
    if (existing) {
      // Retrying the same upload is harmless; different bytes under the same id would overwrite evidence.
      if (createHash('sha256').update(existing).digest('hex') === sha256) return { bytes: existing.length, sha256 };
      throw new LedgerFailure('conflict', 'A different attachment is already stored under this id; it was not replaced.');
    }
    await this.fs.mkdir(this.folder).catch(() => undefined);
    await atomicWrite(this.fs, path, bytes, 'the attachment');
    return { bytes: bytes.length, sha256 };
  }

  async get(id: string): Promise<Uint8Array<ArrayBuffer>> {
    checkId(id);
    try {
      return ownBytes(await this.fs.readFile(join(this.folder, this.fileName(id))));
    } catch (error) {
      if (isMissing(error)) throw new LedgerFailure('not_found', 'This attachment is not in the ledger. It may have been destroyed under the retention schedule.');
      throw readFailure(error, 'the attachment');
    }
  }

  /**
   * Destroys a stored file (disposition under the retention schedule). One
   * already gone counts as done, so an interrupted disposition can simply run
   * again. Returns whether there was a file to destroy. The removal is only
   * durable once `syncRemovals` has run: call it once after a run of deletes.
   */
  async delete(id: string): Promise<boolean> {
    checkId(id);
    const path = join(this.folder, this.fileName(id));
    try {
      await this.fs.stat(path);
    } catch (error) {
      if (isMissing(error)) return false;
      throw readFailure(error, 'the attachment');
    }
    await this.fs.remove(path).catch((error: unknown) => {
      throw destroyFailure(error, `The attachment file ${this.fileName(id)}`);
    });
    return true;
  }

  /** Makes the deletes before it durable (the folder's entries are synced). */
  async syncRemovals(): Promise<void> {
    await syncFolder(this.fs, this.folder).catch((error: unknown) => {
      if (!isMissing(error)) throw destroyFailure(error, 'The attachment folder');
    });
  }

  async list(): Promise<StoredAttachment[]> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw readFailure(error, 'the attachment folder');
    }
    const stored: StoredAttachment[] = [];
    for (const name of names.sort()) {
      const match = ATTACHMENT_FILE.exec(name);
      if (!match) continue;
      const facts = await this.fs.stat(join(this.folder, name));
      if (facts.isFile()) stored.push({ id: match[1]!, bytes: facts.size });
    }
    return stored;
  }
}
