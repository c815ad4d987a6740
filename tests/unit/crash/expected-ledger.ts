import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { bytesToBase64 } from '../../../shared/encoding';
import type { NewEvent } from '../../../shared/journal/entry';
import type { DataFolderOnDisk, JournalLineOnDisk } from './data-folder';
import type { Write } from './write-log';

/**
 * What the data folder must hold, built only from acknowledged writes (and
 * from writes in doubt once the restarted app shows them whole): every
 * journal entry by its seq, byte for byte, every stored attachment, every
 * finished disposition. `reconcile` compares a restarted data folder with
 * it and says, in words, everything that is wrong.
 */
interface ExpectedEntry {
  type: string;
  actor: string;
  recordId: string | null;
  batchIndex: number;
  batchSize: number;
  payloadHash: string | null;
  /** Base64 of the payload as sent; null when there was none. */
  payload: string | null;
  /** Destroyed by a finished disposition: the line keeps its hash and loses its payload. */
  destroyed: boolean;
  /** Which user operation wrote it. */
  operation: string;
}

const ATTACHMENT_FILE = /^([A-Za-z0-9_-]{1,64})\.bin$/;
const ATTACHMENT_TEMP = /^\.([A-Za-z0-9_-]{1,64})\.bin\.tmp-[0-9a-f]+$/;
const TORN_QUARANTINE = /^segment-\d{6}\.torn-\d{8}T\d{6}Z(-\d+)?$/;
/** What atomic writes leave behind when cut short: never read by the app. */
const TEMP_FILE = /^\..+\.tmp-[0-9a-f]+$/;
const VAULT_FILES = new Set(['header.json', 'header.backup.json', 'journal', 'attachments', 'readmodel-marker.json', 'unlock-throttle.json']);
const DATA_FOLDER_FILES = new Set(['vault', 'disposal', 'destructions.json', 'settings.json', 'records-ledger.lock']);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function expectedEntries(events: NewEvent[], operation: string): ExpectedEntry[] {
  return events.map((event, index) => ({
    type: event.type,
    actor: event.actor,
    recordId: event.recordId,
    batchIndex: index,
    batchSize: events.length,
    payloadHash: event.payload === null ? null : sha256(event.payload),
    payload: event.payload === null ? null : bytesToBase64(event.payload),
    destroyed: false,
    operation,
  }));
}

/** Why a line is not the entry expected at its place; null when it is. */
function lineDiffers(line: JournalLineOnDisk, expected: ExpectedEntry): string | null {
  const wanted = {
    type: expected.type,
    actor: expected.actor,
    recordId: expected.recordId,
    batch: `${expected.batchIndex}/${expected.batchSize}`,
    payloadHash: expected.payloadHash,
    payload: expected.destroyed ? null : expected.payload,
  };
  const found = { type: line.type, actor: line.actor, recordId: line.recordId, batch: `${line.batch.index}/${line.batch.size}`, payloadHash: line.payloadHash, payload: line.payload };
  const fields = (Object.keys(wanted) as Array<keyof typeof wanted>).filter((key) => wanted[key] !== found[key]);
  if (fields.length === 0) return null;
  const show = (value: string | null) => (value === null ? 'null' : value.length > 40 ? `${value.slice(0, 20)}…(${value.length} chars)` : value);
  return fields.map((key) => `${key} is ${show(found[key])}, expected ${show(wanted[key])}`).join('; ');
}

export interface ReconcileReport {
  problems: string[];
  /** Writes in doubt the restarted app shows whole (so they are now expected for good). */
  adopted: string[];
  /** Temp files of writes cut short (attachments, the read model marker, the record of destructions), left where they were written. */
  leftoverTemps: number;
  tornQuarantines: number;
}

export class ExpectedLedger {
  private readonly entries = new Map<number, ExpectedEntry>();
  private readonly attachments = new Map<string, Uint8Array>();
  private readonly destroyedAttachments = new Set<string>();
  /** Every attachment write ever sent, to judge what a leftover temp file holds. */
  private readonly attachmentsSent = new Map<string, Uint8Array[]>();
  private readonly dispositions = new Set<string>();
  private marker: { instanceId: string; lastSeq: number } | null = null;

  constructor(private readonly header: unknown) {}

  get lastSeq(): number {
    return Math.max(0, ...this.entries.keys());
  }

  /** Takes in the acknowledged writes of a cycle; returns the ones in doubt, to be judged against the restarted folder. */
  acknowledge(writes: Write[]): Write[] {
    const inDoubt: Write[] = [];
    for (const write of writes) {
      if (write.kind === 'attachment') this.attachmentsSent.set(write.id, [...(this.attachmentsSent.get(write.id) ?? []), write.bytes]);
      if (write.outcome !== 'acknowledged') {
        inDoubt.push(write);
        continue;
      }
      this.take(write, write.kind === 'append' || write.kind === 'dispose' ? write.firstSeq! : 0);
    }
    return inDoubt;
  }

  /** An entry main wrote of its own accord (the audit entry of a verification the checks ran). */
  acknowledgeOwnEntry(seq: number, event: NewEvent): void {
    this.entries.set(seq, expectedEntries([event], 'checking the ledger')[0]!);
  }

  private take(write: Write, firstSeq: number): void {
    switch (write.kind) {
      case 'append':
        expectedEntries(write.events, write.operation).forEach((entry, i) => this.entries.set(firstSeq + i, entry));
        return;
      case 'attachment':
        this.attachments.set(write.id, write.bytes);
        return;
      case 'marker':
        this.marker = write.marker;
        return;
      case 'dispose': {
        expectedEntries(write.job.events, write.operation).forEach((entry, i) => this.entries.set(firstSeq + i, entry));
        const disposed = new Set(write.job.recordIds);
        for (const [seq, entry] of this.entries) {
          if (seq < firstSeq && entry.recordId !== null && disposed.has(entry.recordId)) entry.destroyed = true;
        }
        for (const id of write.job.attachmentIds) {
          this.attachments.delete(id);
          this.destroyedAttachments.add(id);
        }
        this.dispositions.add(write.job.batchId);
        return;
      }
    }
  }

  /**
   * Compares the restarted folder with what was acknowledged. Writes in
   * doubt must be whole or absent; the whole ones are taken in.
   */
  reconcile(disk: DataFolderOnDisk, inDoubt: Write[], markerNow: { instanceId: string; lastSeq: number } | null): ReconcileReport {
    const report: ReconcileReport = { problems: [...disk.unreadable], adopted: [], leftoverTemps: 0, tornQuarantines: 0 };
    const problem = (text: string) => report.problems.push(text);
    const adopt = (write: Write, firstSeq: number, what: string) => {
      write.outcome = 'acknowledged';
      this.take(write, firstSeq);
      report.adopted.push(`${what} (sent by "${write.operation}")`);
    };

    // The journal: seq n on line n, nothing acknowledged missing, anything else a whole batch that was in doubt.
    const bySeq = new Map<number, JournalLineOnDisk>();
    disk.journal.forEach((line, index) => {
      if (line.seq !== index + 1) problem(`${line.segment} line ${line.line} holds seq ${line.seq} where seq ${index + 1} belongs`);
      bySeq.set(line.seq, line);
    });
    const unexplained = disk.journal.filter((line) => !this.entries.has(line.seq));
    const candidates = inDoubt.filter((w): w is Extract<Write, { kind: 'append' | 'dispose' }> => w.kind === 'append' || w.kind === 'dispose');
    for (let i = 0; i < unexplained.length; ) {
      const first = unexplained[i]!;
      let end = i;
      while (end < unexplained.length && unexplained[end]!.batch.id === first.batch.id && unexplained[end]!.seq === first.seq + (end - i)) end++;
      const group = unexplained.slice(i, end);
      i = end;
      const whole = group.length === first.batch.size && group.every((line, k) => line.batch.index === k);
      if (!whole) {
        problem(`half a batch is in the journal: seq ${first.seq}-${first.seq + group.length - 1} hold ${group.length} of batch ${first.batch.id}'s ${first.batch.size} entries (${first.type})`);
        continue;
      }
      const events = (w: (typeof candidates)[number]) => (w.kind === 'append' ? w.events : w.job.events);
      const match = candidates.find((w) => w.outcome === 'in doubt' && events(w).length === group.length && expectedEntries(events(w), w.operation).every((entry, k) => lineDiffers(group[k]!, entry) === null));
      if (!match) {
        problem(`seq ${first.seq}-${first.seq + group.length - 1} (${first.type}, batch ${first.batch.id}) are in the journal, but nobody sent them`);
        continue;
      }
      adopt(match, first.seq, match.kind === 'dispose' ? `disposition ${match.job.batchId} (finished by main)` : `${group.length} journal entries from seq ${first.seq}`);
    }
    for (const [seq, entry] of [...this.entries].sort((a, b) => a[0] - b[0])) {
      const line = bySeq.get(seq);
      if (!line) {
        problem(`acknowledged entry seq ${seq} (${entry.type} ${entry.recordId ?? ''}, from "${entry.operation}") is not in the journal`);
        continue;
      }
      const differs = lineDiffers(line, entry);
      if (differs) problem(`seq ${seq} (from "${entry.operation}") differs from what was acknowledged: ${differs}`);
    }

    // The journal folder holds segments, and quarantined torn tails (never read as entries), nothing else.
    for (const name of disk.otherJournalFiles) {
      if (TORN_QUARANTINE.test(name)) report.tornQuarantines++;
      else problem(`the journal folder holds ${name}, which is neither a segment nor a quarantined torn tail`);
    }

    // Attachments: each file whole, as sent; acknowledged ones there; destroyed ones gone.
    const doubtfulFiles = new Map(inDoubt.filter((w) => w.kind === 'attachment').map((w) => [w.id, w]));
    for (const [name, bytes] of disk.attachmentFiles) {
      const id = ATTACHMENT_FILE.exec(name)?.[1];
      const temp = ATTACHMENT_TEMP.exec(name)?.[1];
      if (id !== undefined) {
        const expected = this.attachments.get(id);
        const doubtful = doubtfulFiles.get(id);
        if (expected) {
          if (!bytes.equals(expected)) problem(`attachment ${id} holds ${bytes.length} bytes that are not the ${expected.length} acknowledged`);
        } else if (this.destroyedAttachments.has(id)) {
          problem(`attachment ${id} was destroyed by a disposition but is still there`);
        } else if (doubtful?.kind === 'attachment' && bytes.equals(doubtful.bytes)) {
          adopt(doubtful, 0, `attachment ${id}`);
        } else {
          problem(`attachment ${id} (${bytes.length} bytes) is there, but ${doubtful ? 'not as it was sent: half written' : 'nobody stored it'}`);
        }
      } else if (temp !== undefined) {
        // The app never reads these as attachments (only <id>.bin); each must be part of something that was sent.
        const sent = this.attachmentsSent.get(temp) ?? [];
        if (!sent.some((full) => bytes.length <= full.length && bytes.equals(full.subarray(0, bytes.length)))) problem(`the attachments folder holds ${name}, which is not part of anything sent`);
        report.leftoverTemps++;
      } else {
        problem(`the attachments folder holds ${name}, which the app does not write`);
      }
    }
    for (const id of this.attachments.keys()) if (!disk.attachmentFiles.has(`${id}.bin`)) problem(`acknowledged attachment ${id} is missing`);

    // The vault and the data folder hold what the app writes there, and temp files of writes cut short.
    for (const [where, names, known] of [['vault', disk.vaultFiles, VAULT_FILES], ['data', disk.dataFolderFiles, DATA_FOLDER_FILES]] as const) {
      for (const name of names) {
        if (TEMP_FILE.test(name)) report.leftoverTemps++;
        else if (!known.has(name)) problem(`the ${where} folder holds ${name}, which the app does not keep there`);
      }
    }
    if (!isDeepStrictEqual(disk.header, this.header)) problem(`the vault header is no longer the one the ledger was created with: ${JSON.stringify(disk.header).slice(0, 300)}`);

    // Dispositions: none left unfinished, and the record of destructions lists exactly the finished ones.
    for (const name of disk.disposalFiles) problem(`the folder of dispositions in progress still holds ${name} after the restart`);
    const recorded = new Set(disk.destructions);
    for (const batchId of this.dispositions) if (!recorded.has(batchId)) problem(`disposition ${batchId} finished but destructions.json does not list it`);
    for (const batchId of recorded) if (!this.dispositions.has(batchId)) problem(`destructions.json lists disposition ${batchId}, which never finished`);

    // The read model's marker: the last one acknowledged, or one in doubt after it.
    const markers = inDoubt.filter((w) => w.kind === 'marker');
    const same = (a: typeof markerNow, b: typeof markerNow) => a?.instanceId === b?.instanceId && a?.lastSeq === b?.lastSeq;
    const doubtfulMarker = [...markers].reverse().find((w) => w.kind === 'marker' && same(w.marker, markerNow));
    if (doubtfulMarker) adopt(doubtfulMarker, 0, `read model marker at seq ${markerNow?.lastSeq}`);
    else if (!same(this.marker, markerNow)) problem(`the read model marker is ${JSON.stringify(markerNow)}, expected ${JSON.stringify(this.marker)}`);

    return report;
  }
}
