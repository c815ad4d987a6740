import { join } from 'node:path';
import { readModelMarkerSchema, type ReadModelMarker, type VaultStatus } from '../../shared/ipc/channels';
import { LedgerFailure } from '../../shared/ipc/result';
import type { JournalHead, NewEvent } from '../../shared/journal/entry';
import { kdfMeetsFloor, KDF_FLOOR, parseVaultHeader, type HeaderParse, type KeySlot, type VaultHeader } from '../../shared/vault/header';
import { AttachmentStore } from './attachments';
import {
  atomicWrite,
  atomicWriteFiles,
  exists,
  nodeFileSystem,
  randomSuffix,
  readFailure,
  readIfPresent,
  SerialQueue,
  storageFailure,
  syncFolder,
  writeNewFile,
  type LedgerFileSystem,
  removeAtomicWriteLeftovers,
} from './durable-files';
import { Journal } from './journal';
import { UnlockThrottle } from './unlock-throttle';

/**
 * The vault on disk: its header (who may open it, kept in two copies), its
 * journal and its attachments, under <dataDir>/vault/. A new or restored vault
 * is built beside it in vault.creating-* / vault.restoring-* and renamed into
 * place whole, so there is never a half-made vault/ folder.
 */
export const VAULT_FOLDER = 'vault';
export const HEADER_FILE = 'header.json';
export const HEADER_BACKUP_FILE = 'header.backup.json';
export const JOURNAL_FOLDER = 'journal';
export const ATTACHMENTS_FOLDER = 'attachments';
const MARKER_FILE = 'readmodel-marker.json';
const THROTTLE_FILE = 'unlock-throttle.json';
const STAGING_FOLDER = /^vault\.(creating|restoring)-[0-9a-f]+$/;

export interface VaultStoreOptions {
  fs?: LedgerFileSystem;
  now?: () => Date;
  entriesPerSegment?: number;
}

export interface OpenVault {
  header: VaultHeader;
  journal: Journal;
  attachments: AttachmentStore;
}

type HeaderRead = { state: 'new' } | { state: 'unreadable'; message: string; code: 'unsupported_version' | 'storage_failure' } | { state: 'ready'; header: VaultHeader };

export function serializeHeader(header: VaultHeader): Buffer {
  return Buffer.from(`${JSON.stringify(header, null, 2)}\n`, 'utf8');
}

async function readHeaderFile(fs: LedgerFileSystem, path: string): Promise<HeaderParse | null> {
  const bytes = await readIfPresent(fs, path);
  if (bytes === null) return null;
  try {
    return parseVaultHeader(JSON.parse(bytes.toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed', message: 'The vault header is damaged (it is not readable JSON).' };
  }
}

/**
 * Reads the primary header, and the backup copy only when the primary is
 * missing or damaged. An unknown version or a weakened key slot in the
 * primary is not "damage": falling back would hide a newer app's change or
 * someone's tampering, so it is refused as it stands.
 */
export async function readVaultHeader(fs: LedgerFileSystem, vaultDir: string): Promise<HeaderRead> {
  const primary = await readHeaderFile(fs, join(vaultDir, HEADER_FILE));
  if (primary?.ok) return { state: 'ready', header: primary.header };
  if (primary && (primary.reason === 'unknown_version' || primary.reason === 'weak_kdf')) {
    return { state: 'unreadable', message: primary.message, code: primary.reason === 'unknown_version' ? 'unsupported_version' : 'storage_failure' };
  }
  const backup = await readHeaderFile(fs, join(vaultDir, HEADER_BACKUP_FILE));
  if (backup?.ok) return { state: 'ready', header: backup.header };
  if (backup && (backup.reason === 'unknown_version' || backup.reason === 'weak_kdf')) {
    return { state: 'unreadable', message: backup.message, code: backup.reason === 'unknown_version' ? 'unsupported_version' : 'storage_failure' };
  }
  const detail = primary ? primary.message : 'The vault header is missing.';
  return {
    state: 'unreadable',
    code: 'storage_failure',
    message: `${detail} Its backup copy cannot be used either. Nothing was changed; restore the ledger from a backup.`,
  };
}

export function headerFiles(vaultDir: string, header: VaultHeader) {
  const bytes = serializeHeader(header);
  return [
    { path: join(vaultDir, HEADER_FILE), bytes },
    { path: join(vaultDir, HEADER_BACKUP_FILE), bytes },
  ];
}

function slotSummary(slot: KeySlot) {
  return { id: slot.id, kind: slot.kind, userId: slot.userId, label: slot.label };
}

export class VaultStore {
  readonly vaultDir: string;
  private readonly fs: LedgerFileSystem;
  private readonly now: () => Date;
  private readonly entriesPerSegment: number | undefined;
  /** Header changes, creation and restore happen one at a time. */
  private readonly changes = new SerialQueue();
  private opened: Promise<OpenVault> | null = null;
  private staleCleaned = false;
  private throttle: UnlockThrottle;

  constructor(
    readonly dataDir: string,
    options: VaultStoreOptions = {},
  ) {
    this.vaultDir = join(dataDir, VAULT_FOLDER);
    this.fs = options.fs ?? nodeFileSystem;
    this.now = options.now ?? (() => new Date());
    this.entriesPerSegment = options.entriesPerSegment;
    this.throttle = new UnlockThrottle(join(this.vaultDir, THROTTLE_FILE), this.now, this.fs);
  }

  async status(): Promise<VaultStatus> {
    await this.removeStaleStaging();
    const read = await this.readHeader();
    if (read.state !== 'ready') return read.state === 'new' ? { state: 'new' } : { state: 'unreadable', message: read.message };
    let vault: OpenVault;
    try {
      vault = await this.open();
    } catch (error) {
      if (error instanceof LedgerFailure) return { state: 'unreadable', message: error.message };
      throw error;
    }
    const { header } = vault;
    return {
      state: 'ready',
      ledgerId: header.ledgerId,
      cityName: header.cityName,
      ledgerName: header.ledgerName,
      createdAt: header.createdAt,
      slots: header.slots.map(slotSummary),
      head: vault.journal.head(),
      readModelMarker: await this.readModelMarker(),
    };
  }

  /** The vault, opened once: fails with a clear message when there is none or it cannot be read. */
  open(): Promise<OpenVault> {
    this.opened ??= this.openFromDisk().catch((error: unknown) => {
      this.opened = null;
      throw error;
    });
    return this.opened;
  }

  async exists(): Promise<boolean> {
    return exists(this.fs, this.vaultDir);
  }

  /** Writes the header and the first journal batch together; refused if a ledger exists. */
  create(header: VaultHeader, events: NewEvent[]): Promise<{ head: JournalHead }> {
    return this.changes.run(async () => {
      await this.removeStaleStaging();
      if (await this.exists()) {
        throw new LedgerFailure('conflict', 'A ledger already exists in this data folder. Open it instead; nothing was changed.');
      }
      const checked = parseVaultHeader(header);
      if (!checked.ok) throw new LedgerFailure('invalid_request', checked.message);
      const staging = join(this.dataDir, `vault.creating-${randomSuffix()}`);
      try {
        await this.fs.mkdir(join(staging, JOURNAL_FOLDER));
        await this.fs.mkdir(join(staging, ATTACHMENTS_FOLDER));
        for (const file of headerFiles(staging, checked.header)) await writeNewFile(this.fs, file.path, file.bytes);
        const journal = new Journal(join(staging, JOURNAL_FOLDER), { fs: this.fs, now: this.now, entriesPerSegment: this.entriesPerSegment });
        const { head } = await journal.append(events);
        await syncFolder(this.fs, join(staging, ATTACHMENTS_FOLDER));
        await syncFolder(this.fs, staging);
        await this.fs.rename(staging, this.vaultDir);
        await syncFolder(this.fs, this.dataDir);
        this.opened = null;
        return { head };
      } catch (error) {
        await this.fs.remove(staging).catch(() => undefined);
        throw storageFailure(error, 'the new ledger');
      }
    });
  }

  /** Moves a fully checked, restored vault into place; refused if a ledger appeared meanwhile. */
  installRestored(staging: string): Promise<void> {
    return this.changes.run(async () => {
      if (await this.exists()) {
        throw new LedgerFailure('conflict', 'A ledger already exists in this data folder, so the backup was not restored over it. Nothing was changed.');
      }
      try {
        await this.fs.rename(staging, this.vaultDir);
        await syncFolder(this.fs, this.dataDir);
      } catch (error) {
        throw storageFailure(error, 'the restored ledger');
      }
      this.opened = null;
      this.throttle = new UnlockThrottle(join(this.vaultDir, THROTTLE_FILE), this.now, this.fs);
    });
  }

  /** A folder to build a restored vault in, beside the live one. */
  stagingFolderForRestore(): string {
    return join(this.dataDir, `vault.restoring-${randomSuffix()}`);
  }

  async unlockMaterial(slotId: string): Promise<{ ledgerId: string; slot: KeySlot }> {
    const { header } = await this.open();
    const slot = this.findSlot(header, slotId);
    await this.throttle.check();
    return { ledgerId: header.ledgerId, slot };
  }

  async reportUnlock(slotId: string, outcome: 'success' | 'failure'): Promise<{ consecutiveFailures: number; retryAfterSeconds: number }> {
    const vault = await this.open();
    const slot = this.findSlot(vault.header, slotId);
    const result = await this.throttle.record(outcome);
    await vault.journal.append([
      { type: outcome === 'success' ? 'audit.unlock' : 'audit.unlock_failed', actor: slot.userId ?? 'recovery', recordId: null, payload: null },
    ]);
    return result;
  }

  /** Adds a key slot, or replaces the one with the same id, in one header write (both copies). */
  putSlot(slot: KeySlot, actor: string): Promise<void> {
    return this.changes.run(async () => {
      const vault = await this.open();
      if (!kdfMeetsFloor(slot.kdf)) {
        throw new LedgerFailure(
          'invalid_request',
          `This key slot asks for weaker passphrase protection than this app allows (at least ${KDF_FLOOR.memoryKiB / 1024} MiB and ${KDF_FLOOR.iterations} passes). It was not saved.`,
        );
      }
      const existing = vault.header.slots.find((s) => s.id === slot.id);
      if (existing && existing.kind !== slot.kind) {
        throw new LedgerFailure('conflict', 'A key slot cannot change between a user slot and the recovery slot. Nothing was changed.');
      }
      if (!existing && slot.kind === 'recovery' && vault.header.slots.some((s) => s.kind === 'recovery')) {
        throw new LedgerFailure('conflict', 'This ledger already has a recovery key. Replace it instead of adding a second one. Nothing was changed.');
      }
      const slots = existing ? vault.header.slots.map((s) => (s.id === slot.id ? slot : s)) : [...vault.header.slots, slot];
      await this.writeHeader(vault, { ...vault.header, slots });
      await vault.journal.append([{ type: 'audit.key_slot_added', actor, recordId: null, payload: null }]);
    });
  }

  removeSlot(slotId: string, actor: string): Promise<void> {
    return this.changes.run(async () => {
      const vault = await this.open();
      const slot = this.findSlot(vault.header, slotId);
      if (slot.kind === 'recovery') {
        throw new LedgerFailure('conflict', 'The recovery key cannot be removed: it is how the ledger is opened if every passphrase is lost.');
      }
      if (vault.header.slots.filter((s) => s.kind === 'user').length <= 1) {
        throw new LedgerFailure('conflict', 'This is the last person who can open the ledger with a passphrase, so it cannot be removed. Add another person first.');
      }
      await this.writeHeader(vault, { ...vault.header, slots: vault.header.slots.filter((s) => s.id !== slotId) });
      await vault.journal.append([{ type: 'audit.key_slot_removed', actor, recordId: null, payload: null }]);
    });
  }

  async readModelMarker(): Promise<ReadModelMarker | null> {
    const bytes = await readIfPresent(this.fs, join(this.vaultDir, MARKER_FILE)).catch(() => null);
    if (!bytes) return null;
    try {
      return readModelMarkerSchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch {
      // The marker is only a hint; the read model rebuilds when it cannot trust it.
      return null;
    }
  }

  async setReadModelMarker(marker: ReadModelMarker): Promise<void> {
    const vault = await this.open();
    const head = vault.journal.head();
    if (marker.lastSeq > head.seq) {
      throw new LedgerFailure('conflict', `The read model says it applied entry ${marker.lastSeq}, but the journal ends at entry ${head.seq}.`);
    }
    await atomicWrite(this.fs, join(this.vaultDir, MARKER_FILE), Buffer.from(`${JSON.stringify(marker)}\n`), 'the read model marker');
  }

  /** Removes vault.creating-* / vault.restoring-* left by a create or restore that was interrupted (power cut, crash), and temp files of writes a crash cut short. */
  async removeStaleStaging(): Promise<void> {
    if (this.staleCleaned) return;
    this.staleCleaned = true;
    let names: string[];
    try {
      names = await this.fs.readdir(this.dataDir);
    } catch {
      return;
    }
    for (const name of names) {
      if (STAGING_FOLDER.test(name)) await this.fs.remove(join(this.dataDir, name)).catch(() => undefined);
    }
    await removeAtomicWriteLeftovers(this.fs, this.vaultDir);
    await removeAtomicWriteLeftovers(this.fs, join(this.vaultDir, ATTACHMENTS_FOLDER));
  }

  private findSlot(header: VaultHeader, slotId: string): KeySlot {
    const slot = header.slots.find((s) => s.id === slotId);
    if (!slot) throw new LedgerFailure('not_found', 'There is no such key slot in this ledger. Choose a name from the list.');
    return slot;
  }

  private async writeHeader(vault: OpenVault, header: VaultHeader): Promise<void> {
    await atomicWriteFiles(this.fs, headerFiles(this.vaultDir, header), 'the change to who may open the ledger');
    vault.header = header;
  }

  private async readHeader(): Promise<HeaderRead> {
    try {
      if (!(await this.exists())) return { state: 'new' };
      return await readVaultHeader(this.fs, this.vaultDir);
    } catch (error) {
      const failure = readFailure(error, 'the vault header');
      return { state: 'unreadable', code: 'storage_failure', message: failure.message };
    }
  }

  private async openFromDisk(): Promise<OpenVault> {
    await this.removeStaleStaging();
    const read = await this.readHeader();
    if (read.state === 'new') {
      throw new LedgerFailure('not_found', 'There is no ledger in this data folder yet. Create one, or restore one from a backup.');
    }
    if (read.state === 'unreadable') throw new LedgerFailure(read.code, read.message);
    const journal = new Journal(join(this.vaultDir, JOURNAL_FOLDER), { fs: this.fs, now: this.now, entriesPerSegment: this.entriesPerSegment });
    const head = await journal.open();
    // The read model only ever records entries the journal had; if it had more than the journal has now,
    // the journal was cut short outside the app. (A damaged journal already refuses every change, and says why.)
    const marker = journal.damage() ? null : await this.readModelMarker();
    if (marker && marker.lastSeq > head.seq) {
      throw new LedgerFailure(
        'storage_failure',
        `The journal is missing its last entries: it ends at entry ${head.seq}, but this computer had already read it up to entry ${marker.lastSeq}. It was cut short outside Records Ledger. Nothing more can be saved until this is repaired: restore the latest backup, or ask for help. Nothing was changed.`,
      );
    }
    return { header: read.header, journal, attachments: new AttachmentStore(join(this.vaultDir, ATTACHMENTS_FOLDER), this.fs) };
  }
}
