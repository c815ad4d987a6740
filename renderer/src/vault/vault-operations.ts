import type { VaultStatus } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import { newKdfParams, normalizePassphrase, unwrapDataKey, wrapDataKey } from '../../../shared/crypto/key-slots';
import { formatRecoveryKey, parseRecoveryKey } from '../../../shared/crypto/recovery-key';
import { encryptJson, decryptJson } from '../../../shared/crypto/envelope';
import { recordVersionPayloadSchema, RECORD_VERSION_FORMAT, versionEventType } from '../../../shared/records/record-version';
import { USER_TABLE, userSchema, type Role, type User } from '../../../shared/users/user';
import { VAULT_FORMAT, VAULT_FORMAT_VERSION, type KdfParams, type KeySlot, type VaultHeader } from '../../../shared/vault/header';
import { calibrateKdf, deriveSlotKey } from '../crypto/kdf';
import { RecordStore } from '../ledger/record-store';
import { newId, randomBytes } from '../ledger/random';
import { ReadModelDatabase, readModelName } from '../read-model/database';
import { syncReadModel, type SyncProgress } from '../read-model/sync';
import { DraftStore } from '../removals/draft-store';
import { discardDraftsOfDisposed } from '../removals/disposed-drafts';
import { createSearchClient, type SearchClient } from '../search/search-client';
import type { LedgerKeys, Session } from './session';

export type ReadyStatus = Extract<VaultStatus, { state: 'ready' }>;

/** Journal events that tell whether the current recovery key was written down. */
export const RECOVERY_ISSUED = 'vault.recovery_issued';
export const RECOVERY_CONFIRMED = 'vault.recovery_confirmed';

export class VaultError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new VaultError(result.error.message);
  return result.value;
}

async function makeSlot(options: {
  id: string;
  kind: KeySlot['kind'];
  userId: string | null;
  label: string;
  secret: string;
  dataKey: Uint8Array;
  kdf: Omit<KdfParams, 'salt' | 'algorithm'>;
  now: string;
}): Promise<KeySlot> {
  const kdf = newKdfParams(randomBytes(16), options.kdf);
  const slotKey = await deriveSlotKey(options.secret, kdf);
  try {
    return {
      id: options.id,
      kind: options.kind,
      userId: options.userId,
      label: options.label,
      kdf,
      wrapped: await wrapDataKey(options.dataKey, slotKey, options.id, randomBytes(12)),
      createdAt: options.now,
    };
  } finally {
    slotKey.fill(0);
  }
}

function kdfStrengthOf(slot: KeySlot): Omit<KdfParams, 'salt' | 'algorithm'> {
  return { memoryKiB: slot.kdf.memoryKiB, iterations: slot.kdf.iterations, parallelism: slot.kdf.parallelism };
}

/** A sealed user version as the first version of a user record, for journal batches written outside the RecordStore. */
async function sealUserVersion(keys: LedgerKeys, user: User, reason: string): Promise<Uint8Array> {
  return encryptJson(
    keys.records,
    { format: RECORD_VERSION_FORMAT, table: USER_TABLE, recordId: user.id, version: 1, reason, clear: { role: user.role, status: user.status }, data: user },
    { table: USER_TABLE, recordId: user.id },
    randomBytes(12),
  );
}

export interface CreatedLedger {
  recoveryKey: string;
  ledgerId: string;
}

/**
 * Creates the vault: a random data key, wrapped for the first administrator's
 * passphrase and for a printed recovery key, and the first journal batch
 * (the ledger and its administrator), all written by main in one step.
 */
export async function createLedger(
  ledger: LedgerApi,
  input: { cityName: string; ledgerName: string; fullName: string; passphrase: string },
  onStep: (step: string) => void,
): Promise<CreatedLedger> {
  onStep('Measuring this computer to set passphrase protection…');
  const strength = await calibrateKdf();
  const now = new Date().toISOString();
  const dataKey = randomBytes(32);
  const ledgerId = newId();
  const user: User = { id: newId(), fullName: input.fullName.trim(), role: 'administrator', slotId: newId(), status: 'active' };
  const recoveryBytes = randomBytes(20);
  const recoveryKey = formatRecoveryKey(recoveryBytes);
  try {
    onStep('Protecting the ledger with your passphrase…');
    const userSlot = await makeSlot({ id: user.slotId!, kind: 'user', userId: user.id, label: user.fullName, secret: normalizePassphrase(input.passphrase), dataKey, kdf: strength, now });
    onStep('Protecting the ledger with the recovery key…');
    const parsed = parseRecoveryKey(recoveryKey);
    if (!parsed.ok) throw new VaultError('The recovery key could not be made. Try again.');
    const recoverySlot = await makeSlot({ id: newId(), kind: 'recovery', userId: null, label: 'Recovery key', secret: parsed.canonical, dataKey, kdf: strength, now });
    const header: VaultHeader = {
      format: VAULT_FORMAT,
      version: VAULT_FORMAT_VERSION,
      ledgerId,
      cityName: input.cityName.trim(),
      ledgerName: input.ledgerName.trim(),
      createdAt: now,
      slots: [userSlot, recoverySlot],
    };
    onStep('Writing the ledger…');
    const keys = await deriveLedgerKeys(dataKey, ledgerId);
    const ledgerRecordId = newId();
    const ledgerPayload = await encryptJson(
      keys.records,
      {
        format: RECORD_VERSION_FORMAT,
        table: 'ledger',
        recordId: ledgerRecordId,
        version: 1,
        reason: 'Ledger created',
        clear: {},
        data: { cityName: header.cityName, ledgerName: header.ledgerName, ledgerId },
      },
      { table: 'ledger', recordId: ledgerRecordId },
      randomBytes(12),
    );
    unwrap(
      await ledger.vaultCreate({
        header,
        events: [
          { type: 'vault.created', actor: user.id, recordId: null, payload: null },
          // Issued, not yet confirmed as kept: until it is, the ledger warns and offers a new one.
          { type: RECOVERY_ISSUED, actor: user.id, recordId: null, payload: null },
          { type: versionEventType('ledger'), actor: user.id, recordId: ledgerRecordId, payload: ledgerPayload },
          { type: versionEventType(USER_TABLE), actor: user.id, recordId: user.id, payload: await sealUserVersion(keys, user, 'First administrator') },
        ],
      }),
    );
    return { recoveryKey, ledgerId };
  } finally {
    dataKey.fill(0);
    recoveryBytes.fill(0);
  }
}

/** Indexing starts at unlock, in a worker; where workers do not exist (unit tests) there is no full-text search. */
function startSearch(dbName: string, recordsKey: CryptoKey): SearchClient | null {
  return typeof Worker === 'undefined' ? null : createSearchClient({ dbName, recordsKey });
}

async function openSession(ledger: LedgerApi, status: ReadyStatus, dataKey: Uint8Array, userId: string, onProgress?: (p: SyncProgress) => void): Promise<Session> {
  const keys = await deriveLedgerKeys(dataKey, status.ledgerId);
  dataKey.fill(0);
  const db = new ReadModelDatabase(readModelName(status.ledgerId));
  const sync = (marker: ReadyStatus['readModelMarker'], progress?: (p: SyncProgress) => void) =>
    syncReadModel({
      ledger,
      db,
      ledgerId: status.ledgerId,
      instanceId: newId,
      marker,
      onProgress: progress,
      open: async (table, recordId, ciphertext) => recordVersionPayloadSchema.parse(await decryptJson(keys.records, ciphertext, { table, recordId })),
    });
  const outcome = await sync(status.readModelMarker, onProgress);
  const records = new RecordStore(ledger, db, keys.records, userId, async () => {
    await sync(null);
  });
  const user = await records.get(USER_TABLE, userId, userSchema);
  if (!user || user.status !== 'active') {
    db.close();
    throw new VaultError('This user has been removed from the ledger. Ask an administrator.');
  }
  const drafts = new DraftStore(status.ledgerId, keys.records, userId);
  // Housekeeping: a drafts store that cannot be read must not stop anyone signing in.
  await discardDraftsOfDisposed({ db, drafts }).catch((error: unknown) => console.error('Drafts of destroyed records could not be checked', error));
  const lock = new AbortController();
  const search = startSearch(db.name, keys.records);
  return {
    ledgerId: status.ledgerId,
    cityName: status.cityName,
    ledgerName: status.ledgerName,
    user,
    keys,
    db,
    records,
    drafts,
    search,
    rebuiltBecause: outcome.rebuiltBecause,
    unreadable: outcome.unreadable.map(({ seq, recordId, reason }) => ({ seq, recordId, reason })),
    locked: lock.signal,
    end: () => {
      lock.abort();
      // No decrypted text may outlive the lock, in a worker or anywhere else.
      search?.close();
      db.close();
    },
  };
}

/** Tries a secret against a slot. Null means it was wrong; main is told either way. */
async function tryOpenSlot(ledger: LedgerApi, slotId: string, secret: string): Promise<{ dataKey: Uint8Array; slot: KeySlot } | null> {
  const material = unwrap(await ledger.vaultUnlockMaterial({ slotId }));
  const slotKey = await deriveSlotKey(secret, material.slot.kdf);
  let dataKey: Uint8Array | null;
  try {
    dataKey = await unwrapDataKey(material.slot, slotKey);
  } finally {
    slotKey.fill(0);
  }
  const report = unwrap(await ledger.vaultReportUnlock({ slotId, outcome: dataKey ? 'success' : 'failure' }));
  if (!dataKey) {
    const wait = report.retryAfterSeconds > 0 ? ` Wait ${Math.ceil(report.retryAfterSeconds)} seconds before the next try.` : '';
    throw new VaultError(`That passphrase does not open the ledger.${wait}`, report.retryAfterSeconds);
  }
  return { dataKey, slot: material.slot };
}

export async function unlockWithPassphrase(ledger: LedgerApi, status: ReadyStatus, slotId: string, passphrase: string, onProgress?: (p: SyncProgress) => void): Promise<Session> {
  const opened = await tryOpenSlot(ledger, slotId, normalizePassphrase(passphrase));
  if (!opened?.slot.userId) throw new VaultError('That key slot does not belong to a user.');
  return openSession(ledger, status, opened.dataKey, opened.slot.userId, onProgress);
}

/**
 * "Forgot passphrase": the recovery key opens the ledger, and the person sets
 * a new passphrase for their own slot, which replaces the old one.
 */
export async function recoverWithRecoveryKey(
  ledger: LedgerApi,
  status: ReadyStatus,
  input: { userSlotId: string; recoveryKey: string; newPassphrase: string },
  onProgress?: (p: SyncProgress) => void,
): Promise<Session> {
  const parsed = parseRecoveryKey(input.recoveryKey);
  if (!parsed.ok) throw new VaultError(parsed.message);
  const recoverySlot = status.slots.find((slot) => slot.kind === 'recovery');
  const userSlot = status.slots.find((slot) => slot.id === input.userSlotId && slot.kind === 'user');
  if (!recoverySlot || !userSlot?.userId) throw new VaultError('This ledger has no recovery key slot for that user.');
  const opened = await tryOpenSlot(ledger, recoverySlot.id, parsed.canonical);
  if (!opened) throw new VaultError('That recovery key does not open the ledger.');
  const current = unwrap(await ledger.vaultUnlockMaterial({ slotId: userSlot.id })).slot;
  const replacement = await makeSlot({
    id: userSlot.id,
    kind: 'user',
    userId: userSlot.userId,
    label: userSlot.label,
    secret: normalizePassphrase(input.newPassphrase),
    dataKey: opened.dataKey,
    kdf: kdfStrengthOf(current),
    now: new Date().toISOString(),
  });
  unwrap(await ledger.vaultPutSlot({ slot: replacement, actor: userSlot.userId }));
  return openSession(ledger, status, opened.dataKey, userSlot.userId, onProgress);
}

/**
 * Key management needs the data key itself, which a session never keeps; the
 * administrator confirms their passphrase and it is unwrapped for this one
 * operation only.
 */
async function withDataKey<T>(ledger: LedgerApi, session: Session, confirmPassphrase: string, run: (dataKey: Uint8Array, strength: Omit<KdfParams, 'salt' | 'algorithm'>) => Promise<T>): Promise<T> {
  if (!session.user.slotId) throw new VaultError('Your key slot is missing.');
  const opened = await tryOpenSlot(ledger, session.user.slotId, normalizePassphrase(confirmPassphrase));
  if (!opened) throw new VaultError('That passphrase is not yours.');
  try {
    if (session.locked.aborted) throw new VaultError('The ledger was locked before this finished; nothing was changed.');
    return await run(opened.dataKey, kdfStrengthOf(opened.slot));
  } finally {
    opened.dataKey.fill(0);
  }
}

export async function addUser(
  ledger: LedgerApi,
  session: Session,
  input: { fullName: string; role: Role; passphrase: string; confirmPassphrase: string },
): Promise<User> {
  const user: User = { id: newId(), fullName: input.fullName.trim(), role: input.role, slotId: newId(), status: 'active' };
  await withDataKey(ledger, session, input.confirmPassphrase, async (dataKey, strength) => {
    const slot = await makeSlot({ id: user.slotId!, kind: 'user', userId: user.id, label: user.fullName, secret: normalizePassphrase(input.passphrase), dataKey, kdf: strength, now: new Date().toISOString() });
    // The user record first: a slot must never open the ledger for a person the ledger does not know.
    if (session.locked.aborted) throw new VaultError('The ledger was locked before this finished; nothing was changed.');
    await session.records.save({ table: USER_TABLE, recordId: user.id, data: user, clear: { role: user.role, status: user.status }, reason: `Added by ${session.user.fullName}` });
    unwrap(await ledger.vaultPutSlot({ slot, actor: session.user.id }));
  });
  return user;
}

export async function resetPassphrase(ledger: LedgerApi, session: Session, input: { user: User; newPassphrase: string; confirmPassphrase: string }): Promise<void> {
  if (!input.user.slotId) throw new VaultError('This user has no key slot.');
  const slotId = input.user.slotId;
  await withDataKey(ledger, session, input.confirmPassphrase, async (dataKey, strength) => {
    const slot = await makeSlot({ id: slotId, kind: 'user', userId: input.user.id, label: input.user.fullName, secret: normalizePassphrase(input.newPassphrase), dataKey, kdf: strength, now: new Date().toISOString() });
    if (session.locked.aborted) throw new VaultError('The ledger was locked before this finished; nothing was changed.');
    unwrap(await ledger.vaultPutSlot({ slot, actor: session.user.id }));
    await session.records.save({ table: USER_TABLE, recordId: input.user.id, data: input.user, clear: { role: input.user.role, status: input.user.status }, reason: `Passphrase reset by ${session.user.fullName}` });
  });
}

export async function removeUser(ledger: LedgerApi, session: Session, user: User): Promise<void> {
  if (user.id === session.user.id) throw new VaultError('You cannot remove yourself. Ask another administrator.');
  if (user.slotId) unwrap(await ledger.vaultRemoveSlot({ slotId: user.slotId, actor: session.user.id }));
  const removed: User = { ...user, slotId: null, status: 'removed' };
  await session.records.save({ table: USER_TABLE, recordId: user.id, data: removed, clear: { role: user.role, status: removed.status }, reason: `Removed by ${session.user.fullName}` });
}


/**
 * A new recovery key, replacing the old one (lost, never confirmed, or seen by
 * someone who should not have it). The old key stops working the moment the
 * new slot is written.
 */
export async function replaceRecoveryKey(ledger: LedgerApi, session: Session, confirmPassphrase: string): Promise<string> {
  const status = unwrap(await ledger.vaultStatus({}));
  const recovery = status.state === 'ready' ? status.slots.find((slot) => slot.kind === 'recovery') : undefined;
  if (!recovery) throw new VaultError('This ledger has no recovery key slot.');
  const bytes = randomBytes(20);
  const recoveryKey = formatRecoveryKey(bytes);
  bytes.fill(0);
  const parsed = parseRecoveryKey(recoveryKey);
  if (!parsed.ok) throw new VaultError('The recovery key could not be made. Try again.');
  await withDataKey(ledger, session, confirmPassphrase, async (dataKey, strength) => {
    const slot = await makeSlot({ id: recovery.id, kind: 'recovery', userId: null, label: 'Recovery key', secret: parsed.canonical, dataKey, kdf: strength, now: new Date().toISOString() });
    if (session.locked.aborted) throw new VaultError('The ledger was locked before this finished; nothing was changed.');
    unwrap(await ledger.vaultPutSlot({ slot, actor: session.user.id }));
    unwrap(await ledger.journalAppend({ events: [{ type: RECOVERY_ISSUED, actor: session.user.id, recordId: null, payload: null }] }));
  });
  return recoveryKey;
}

/** Whether the recovery key now in force was confirmed as written down, from the read model's audit rows. */
export async function recoveryKeyConfirmed(session: Session): Promise<boolean> {
  const issued = await session.db.audit.where('type').equals(RECOVERY_ISSUED).last();
  const confirmed = await session.db.audit.where('type').equals(RECOVERY_CONFIRMED).last();
  return !issued || (confirmed !== undefined && confirmed.seq > issued.seq);
}
