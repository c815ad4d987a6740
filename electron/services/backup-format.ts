import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import { LedgerFailure } from '../../shared/ipc/result';
import { journalHeadSchema } from '../../shared/journal/entry';
import { readFailure, WriteQueue, type LedgerFileHandle, type LedgerFileSystem } from './durable-files';

/**
 * The single-file backup (.rlbackup), format version 1:
 *
 *   offset 0   "RLBACKUP"                      8 bytes
 *          8   format version, u32 big-endian  4 bytes
 *         12   first 4 bytes of SHA-256 of bytes 0..12 (so a damaged version number is not mistaken for a newer one)
 *         16   manifest length M, u32 BE       4 bytes
 *         20   manifest, JSON (UTF-8)          M bytes: names and sizes of the files inside
 *              the files' bytes, in manifest order
 *              SHA-256 of each file, in manifest order (32 bytes each)
 *              the seal: SHA-256 of everything before the files plus the per-file checksums (32 bytes)
 *
 * Every later version keeps the first 16 bytes as they are, so any version
 * can be recognised and refused by name. The manifest gives every size up
 * front, so a cut-short file is recognised before anything else is read. The
 * per-file checksums come after the files so a backup is written in one
 * streaming pass; the seal covers every byte through them, so each byte is
 * hashed once when writing and once when checking (hashing is what limits a
 * backup's speed).
 */
export const BACKUP_MAGIC = Buffer.from('RLBACKUP', 'ascii');
export const BACKUP_FORMAT_NAME = 'records-ledger-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_EXTENSION = '.rlbackup';
const PRELUDE_BYTES = 16;
const FIXED_HEAD_BYTES = 20;
const DIGEST_BYTES = 32;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const IO_CHUNK_BYTES = 1024 * 1024;
const ANOTHER_COPY = 'Use another copy of the backup.';

export const backupFilePathSchema = z
  .string()
  .regex(/^(header\.json|journal\/segment-\d{6}\.jsonl|attachments\/[A-Za-z0-9_-]{1,64}\.bin)$/, 'not a file a ledger holds');

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT_NAME),
  version: z.literal(BACKUP_FORMAT_VERSION),
  ledgerId: z.string().min(1).max(64),
  ledgerName: z.string().min(1).max(200),
  cityName: z.string().min(1).max(200),
  createdAt: z.iso.datetime(),
  journal: z.object({ entries: z.number().int().min(0), head: journalHeadSchema }),
  files: z.array(z.object({ path: backupFilePathSchema, bytes: z.number().int().min(0) })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupFileEntry = BackupManifest['files'][number];

function preludeCheck(firstTwelveBytes: Uint8Array): Buffer {
  return createHash('sha256').update(firstTwelveBytes).digest().subarray(0, 4);
}

export function encodePrelude(version: number = BACKUP_FORMAT_VERSION): Buffer {
  const prelude = Buffer.alloc(PRELUDE_BYTES);
  BACKUP_MAGIC.copy(prelude, 0);
  prelude.writeUInt32BE(version, 8);
  preludeCheck(prelude.subarray(0, 12)).copy(prelude, 12);
  return prelude;
}

/** The file name a backup gets: the ledger's name and the UTC time, so a folder of them sorts by age. */
export function backupFileName(ledgerName: string, createdAt: Date): string {
  const slug =
    ledgerName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'ledger';
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `records-ledger-${slug}-${stamp}${BACKUP_EXTENSION}`;
}

const damaged = (detail: string) => new LedgerFailure('storage_failure', `This backup is damaged: ${detail} ${ANOTHER_COPY}`);
const incomplete = (detail: string) =>
  new LedgerFailure('storage_failure', `This backup is incomplete: ${detail} It was probably cut short while being written or copied. ${ANOTHER_COPY}`);
const notABackup = () =>
  new LedgerFailure('invalid_request', 'This file is not a Records Ledger backup. Choose a backup file (its name ends in .rlbackup).');

/**
 * Writes a backup as its bytes stream in: buffered, hashed as it goes, the
 * writing overlapped with the hashing. The caller supplies each file's bytes
 * in manifest order, and never reuses a buffer it has handed over.
 */
export class BackupWriter {
  private readonly seal = createHash('sha256');
  private readonly digests: Buffer[] = [];
  private readonly writes: WriteQueue;
  private pending = Buffer.allocUnsafe(IO_CHUNK_BYTES);
  private pendingBytes = 0;
  private position = 0;
  private file: { entry: BackupFileEntry; hash: Hash; received: number } | null = null;
  private nextFile = 0;

  constructor(
    handle: LedgerFileHandle,
    private readonly manifest: BackupManifest,
  ) {
    this.writes = new WriteQueue(handle);
  }

  async start(): Promise<void> {
    const manifestBytes = Buffer.from(JSON.stringify(this.manifest), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(manifestBytes.length, 0);
    for (const part of [encodePrelude(), length, manifestBytes]) {
      this.seal.update(part);
      await this.emit(part);
    }
  }

  beginFile(): void {
    const entry = this.manifest.files[this.nextFile++];
    if (!entry || this.file) throw new Error('Backup files were supplied out of order.');
    this.file = { entry, hash: createHash('sha256'), received: 0 };
  }

  async addToFile(chunk: Uint8Array): Promise<void> {
    if (!this.file) throw new Error('No backup file was begun.');
    this.file.received += chunk.length;
    if (this.file.received > this.file.entry.bytes) throw new Error(`${this.file.entry.path} grew while it was being backed up.`);
    this.file.hash.update(chunk);
    await this.emit(chunk);
  }

  endFile(): void {
    if (!this.file || this.file.received !== this.file.entry.bytes) {
      throw new LedgerFailure('storage_failure', `The ledger file ${this.file?.entry.path ?? ''} changed size while it was being backed up; the backup was not made. Try again.`);
    }
    this.digests.push(this.file.hash.digest());
    this.file = null;
  }

  /** Writes the checksums and flushes; returns the size and the seal. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    if (this.file || this.nextFile !== this.manifest.files.length) throw new Error('The backup was finished before all its files were written.');
    const table = Buffer.concat(this.digests);
    const seal = this.seal.update(table).digest();
    await this.emit(table);
    await this.emit(seal);
    await this.flush();
    await this.writes.drain();
    return { bytes: this.position, sha256: seal.toString('hex') };
  }

  /** Waits out the writes in flight, so the file can be closed and removed after a failure. */
  async abandon(): Promise<void> {
    await this.writes.settle();
  }

  private async emit(bytes: Uint8Array): Promise<void> {
    if (bytes.length >= this.pending.length) {
      await this.flush();
      await this.writes.write(bytes, this.position);
      this.position += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.pending.length) await this.flush();
    this.pending.set(bytes, this.pendingBytes);
    this.pendingBytes += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const full = this.pending.subarray(0, this.pendingBytes);
    // The full buffer stays with the write in flight; later bytes go into a new one.
    this.pending = Buffer.allocUnsafe(IO_CHUNK_BYTES);
    await this.writes.write(full, this.position);
    this.position += full.length;
    this.pendingBytes = 0;
  }
}

/** Where a reader sends each file's bytes (restore writes them out; the journal's chain check reads them). */
export interface BackupSink {
  fileStart(entry: BackupFileEntry): Promise<void>;
  fileChunk(chunk: Buffer): Promise<void>;
  fileEnd(entry: BackupFileEntry): Promise<void>;
  /** False when the sink is done with each chunk once fileChunk returns, so the reader may reuse its buffers. */
  keepsChunks?: boolean;
}

export interface BackupReadOptions {
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  sink?: BackupSink;
}

export interface BackupReadResult {
  manifest: BackupManifest;
  bytes: number;
  /** The seal (the last 32 bytes), hex: it changes if any byte of the backup changes. */
  sha256: string;
}

async function readExactly(handle: LedgerFileHandle, position: number, length: number, into?: Buffer): Promise<Buffer> {
  const buffer = into ?? Buffer.allocUnsafe(length);
  let offset = 0;
  while (offset < length) {
    const { bytesRead } = await handle.read(buffer, offset, length - offset, position + offset);
    if (bytesRead === 0) throw incomplete(`it ended while it was being read.`);
    offset += bytesRead;
  }
  return buffer.subarray(0, length);
}

function checkPrelude(head: Buffer, size: number): void {
  if (size === 0) throw new LedgerFailure('storage_failure', `This file is empty (0 bytes), so it holds no backup. It was probably cut short while being written or copied. ${ANOTHER_COPY}`);
  const magicBytes = Math.min(size, BACKUP_MAGIC.length);
  const magicMatches = head.subarray(0, magicBytes).equals(BACKUP_MAGIC.subarray(0, magicBytes));
  if (size < PRELUDE_BYTES) {
    if (!magicMatches) throw notABackup();
    throw incomplete(`it is only ${size} bytes long and ends inside its opening signature.`);
  }
  const checkMatches = preludeCheck(Buffer.concat([BACKUP_MAGIC, head.subarray(8, 12)])).equals(head.subarray(12, 16));
  if (!magicMatches) {
    // Only a damaged backup has a wrong signature whose version and check still agree.
    if (checkMatches) throw damaged('its opening signature has been altered.');
    throw notABackup();
  }
  if (!checkMatches) throw damaged('its format version field has been altered.');
  const version = head.readUInt32BE(8);
  if (version !== BACKUP_FORMAT_VERSION) {
    throw new LedgerFailure(
      'unsupported_version',
      `This backup was written in format version ${version}; this app reads version ${BACKUP_FORMAT_VERSION}. Restore it with the newer version of Records Ledger that wrote it.`,
    );
  }
  if (size < FIXED_HEAD_BYTES) throw incomplete(`it is only ${size} bytes long and ends before its table of contents.`);
}

function parseManifest(bytes: Buffer): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged('its table of contents cannot be read.');
  }
  const parsed = backupManifestSchema.safeParse(value);
  if (!parsed.success) throw damaged(`its table of contents is not valid (${parsed.error.issues[0]?.path.join('.') || 'shape'}).`);
  const paths = new Set(parsed.data.files.map((file) => file.path));
  if (paths.size !== parsed.data.files.length || !paths.has('header.json')) throw damaged('its table of contents is not valid (files).');
  return parsed.data;
}

async function openBackup(fs: LedgerFileSystem, file: string): Promise<{ handle: LedgerFileHandle; size: number }> {
  try {
    const facts = await fs.stat(file);
    if (!facts.isFile()) throw new LedgerFailure('invalid_request', 'This is a folder, not a backup file. Choose a backup file (its name ends in .rlbackup).');
    return { handle: await fs.open(file, 'r'), size: facts.size };
  } catch (error) {
    throw readFailure(error, 'the backup file');
  }
}

async function readHead(handle: LedgerFileHandle, size: number): Promise<{ head: Buffer; manifestBytes: Buffer; manifest: BackupManifest }> {
  const head = await readExactly(handle, 0, Math.min(size, FIXED_HEAD_BYTES));
  checkPrelude(head, size);
  const manifestLength = head.readUInt32BE(PRELUDE_BYTES);
  if (manifestLength > MAX_MANIFEST_BYTES) throw damaged('its table of contents has an impossible size.');
  if (FIXED_HEAD_BYTES + manifestLength > size) throw incomplete(`it is only ${size} bytes long and ends inside its table of contents.`);
  const manifestBytes = await readExactly(handle, FIXED_HEAD_BYTES, manifestLength);
  return { head, manifestBytes, manifest: parseManifest(manifestBytes) };
}

/** The manifest alone, or null when the file is not a readable backup of this format (used to sort a folder of backups). */
export async function readBackupManifest(fs: LedgerFileSystem, file: string): Promise<BackupManifest | null> {
  try {
    const { handle, size } = await openBackup(fs, file);
    try {
      return (await readHead(handle, size)).manifest;
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch {
    return null;
  }
}

/**
 * Reads a whole backup and checks every byte of it: its size against its
 * manifest, each file against its checksum, and the final checksum. Throws a
 * specific, plain refusal for each way a file can be wrong.
 */
export async function readBackup(fs: LedgerFileSystem, file: string, options: BackupReadOptions = {}): Promise<BackupReadResult> {
  const { handle, size } = await openBackup(fs, file);
  try {
    const { head, manifestBytes, manifest } = await readHead(handle, size);
    const bodyBytes = manifest.files.reduce((total, entry) => total + entry.bytes, 0);
    const expected = FIXED_HEAD_BYTES + manifestBytes.length + bodyBytes + DIGEST_BYTES * manifest.files.length + DIGEST_BYTES;
    if (size < expected) throw incomplete(`it should be ${expected} bytes long but is only ${size}.`);
    if (size > expected) throw damaged(`it has ${size - expected} unexpected byte${size - expected === 1 ? '' : 's'} at its end.`);

    const seal = createHash('sha256').update(head).update(manifestBytes);
    const digests: Buffer[] = [];
    // Two buffers take turns so the next chunk is read while this one is hashed; a sink keeps what it is given.
    const spare = [Buffer.allocUnsafe(IO_CHUNK_BYTES), Buffer.allocUnsafe(IO_CHUNK_BYTES)];
    let turn = 0;
    const readChunk = (at: number, length: number) => {
      const reading = readExactly(handle, at, length, options.sink && options.sink.keepsChunks !== false ? undefined : spare[turn++ % 2]);
      // A read still in flight when something else fails must not become an unhandled rejection.
      reading.catch(() => undefined);
      return reading;
    };
    let position = FIXED_HEAD_BYTES + manifestBytes.length;
    let done = 0;
    for (const entry of manifest.files) {
      options.signal?.throwIfAborted();
      await options.sink?.fileStart(entry);
      const hash = createHash('sha256');
      const end = position + entry.bytes;
      let next = position < end ? readChunk(position, Math.min(IO_CHUNK_BYTES, end - position)) : null;
      while (next) {
        const bytes = await next;
        position += bytes.length;
        next = position < end ? readChunk(position, Math.min(IO_CHUNK_BYTES, end - position)) : null;
        hash.update(bytes);
        await options.sink?.fileChunk(bytes);
        done += bytes.length;
        options.onProgress?.(done, bodyBytes);
        if (options.signal?.aborted) {
          await next?.catch(() => undefined);
          options.signal.throwIfAborted();
        }
      }
      digests.push(hash.digest());
      await options.sink?.fileEnd(entry);
    }
    const table = await readExactly(handle, position, DIGEST_BYTES * manifest.files.length);
    seal.update(table);
    manifest.files.forEach((entry, index) => {
      if (!table.subarray(index * DIGEST_BYTES, (index + 1) * DIGEST_BYTES).equals(digests[index]!)) {
        throw damaged(`the file ${entry.path} inside it does not match its checksum.`);
      }
    });
    const trailer = await readExactly(handle, position + table.length, DIGEST_BYTES);
    if (!seal.digest().equals(trailer)) throw damaged('its final checksum does not match its contents.');
    options.onProgress?.(bodyBytes, bodyBytes);
    return { manifest, bytes: size, sha256: trailer.toString('hex') };
  } catch (error) {
    if (error instanceof LedgerFailure || options.signal?.aborted) throw error;
    throw readFailure(error, 'the backup file');
  } finally {
    await handle.close().catch(() => undefined);
  }
}
