import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What is on disk in a data folder, read straight from the files (not
 * through the app), after the restarted app has opened its journal: the
 * crash checks compare it with what was acknowledged.
 */
export interface JournalLineOnDisk {
  segment: string;
  /** 1-based line number in its segment. */
  line: number;
  seq: number;
  type: string;
  actor: string;
  recordId: string | null;
  batch: { id: string; index: number; size: number };
  payloadHash: string | null;
  payload: string | null;
}

export interface DataFolderOnDisk {
  journal: JournalLineOnDisk[];
  /** Files in the journal folder that are not segments: quarantined torn tails and anything else. */
  otherJournalFiles: string[];
  /** Every file in the attachments folder, by name. */
  attachmentFiles: Map<string, Buffer>;
  /** Files left in the folder of dispositions in progress. */
  disposalFiles: string[];
  /** The batch ids the record of destroyed content lists. */
  destructions: string[];
  /** The names in the vault folder and in the data folder itself. */
  vaultFiles: string[];
  dataFolderFiles: string[];
  /** The vault header as it is now (it says who may open the ledger). */
  header: unknown;
  /** Lines that could not be read as entries: never expected, reported as found. */
  unreadable: string[];
}

const SEGMENT = /^segment-\d{6}\.jsonl$/;

async function namesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function readDataFolder(dataDir: string): Promise<DataFolderOnDisk> {
  const journalDir = join(dataDir, 'vault', 'journal');
  const names = await namesIn(journalDir);
  const journal: JournalLineOnDisk[] = [];
  const unreadable: string[] = [];
  for (const segment of names.filter((name) => SEGMENT.test(name))) {
    const text = await readFile(join(journalDir, segment), 'utf8');
    const lines = text.split('\n');
    const torn = lines.pop();
    if (torn) unreadable.push(`${segment} ends in ${torn.length} characters without a line ending`);
    lines.forEach((raw, index) => {
      try {
        const value = JSON.parse(raw) as Omit<JournalLineOnDisk, 'segment' | 'line'>;
        journal.push({ segment, line: index + 1, seq: value.seq, type: value.type, actor: value.actor, recordId: value.recordId, batch: value.batch, payloadHash: value.payloadHash, payload: value.payload });
      } catch {
        unreadable.push(`${segment} line ${index + 1} is not JSON`);
      }
    });
  }
  const attachmentsDir = join(dataDir, 'vault', 'attachments');
  const attachmentFiles = new Map<string, Buffer>();
  for (const name of await namesIn(attachmentsDir)) attachmentFiles.set(name, await readFile(join(attachmentsDir, name)));
  let destructions: string[] = [];
  try {
    const recorded = JSON.parse(await readFile(join(dataDir, 'destructions.json'), 'utf8')) as { destructions: Array<{ batchId: string }> };
    destructions = recorded.destructions.map((d) => d.batchId);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(`destructions.json cannot be read (${String(error)})`);
  }
  let header: unknown = null;
  try {
    header = JSON.parse(await readFile(join(dataDir, 'vault', 'header.json'), 'utf8'));
  } catch (error) {
    unreadable.push(`the vault header cannot be read (${String(error)})`);
  }
  return {
    journal,
    otherJournalFiles: names.filter((name) => !SEGMENT.test(name)),
    attachmentFiles,
    disposalFiles: await namesIn(join(dataDir, 'disposal')),
    destructions,
    vaultFiles: await namesIn(join(dataDir, 'vault')),
    dataFolderFiles: await namesIn(dataDir),
    header,
    unreadable,
  };
}
