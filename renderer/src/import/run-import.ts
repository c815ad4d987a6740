import type { PlannedRemoval } from '../../../shared/import/import-plan';
import { removalSchema, type Attachment, type Removal } from '../../../shared/removals/removal';
import type { Change } from '../ledger/record-store';
import { removalChange } from '../removals/save-removal';
import type { Session } from '../vault/session';

/**
 * Writes a checked import to the ledger: screenshots first, then every
 * removal in ONE journal batch, so the import is all there or not there at
 * all. Cancel works until the batch is handed to main; after that the batch
 * is one step that either completes or fails as a whole.
 *
 * Screenshots stored before a Cancel (or before a later screenshot fails)
 * stay in the attachments folder with no record pointing at them. They are
 * encrypted, nothing lists them and they are never shown; the signal is
 * checked before each one so at most the one in progress is added after
 * Cancel. Storing them before the batch is unavoidable: a saved record must
 * never name a file that is not there.
 */

export class ImportFailed extends Error {}

export interface ImportRunProgress {
  done: number;
  total: number;
  label: string;
}

export interface ImportDeps {
  session: Pick<Session, 'records' | 'keys'> & Partial<Pick<Session, 'search'>>;
  /** The spreadsheet's file name, quoted in each record's reason. */
  fileName: string;
  /** Stores one screenshot from the chosen folder and returns what the record keeps about it. */
  attachFile?: (name: string) => Promise<Attachment | { error: string }>;
  onProgress?: (progress: ImportRunProgress) => void;
  signal?: AbortSignal;
}

function cancelled(): DOMException {
  return new DOMException('The import was cancelled before anything was saved.', 'AbortError');
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? cancelled();
}

/** Saves every planned removal in one batch and returns how many were saved. */
export async function runImport(valid: readonly PlannedRemoval[], deps: ImportDeps): Promise<{ imported: number }> {
  const { session, fileName, attachFile, onProgress, signal } = deps;
  if (valid.length === 0) return { imported: 0 };
  const screenshotCount = valid.reduce((sum, planned) => sum + planned.screenshots.length, 0);
  // Each screenshot and each record is a step; the batch itself is the last one.
  const total = screenshotCount + valid.length + 1;
  let done = 0;
  const step = (label: string) => onProgress?.({ done, total, label });

  const removals: { planned: PlannedRemoval; removal: Removal }[] = [];
  for (const planned of valid) {
    const attachments: Attachment[] = [];
    for (const name of planned.screenshots) {
      throwIfCancelled(signal);
      if (!attachFile) throw new ImportFailed(`Row ${planned.row} names the screenshot “${name}”, but screenshots cannot be attached here. Nothing was imported.`);
      step(`Storing screenshot ${name}`);
      const stored = await attachFile(name);
      if ('error' in stored) throw new ImportFailed(`Row ${planned.row}: the screenshot “${name}” could not be stored: ${stored.error} Nothing was imported.`);
      attachments.push(stored);
      done += 1;
    }
    const checked = removalSchema.safeParse({ ...planned.removal, attachments });
    if (!checked.success) {
      throw new ImportFailed(`Row ${planned.row}: ${checked.error.issues[0]?.message ?? 'the record is not complete.'} Nothing was imported.`);
    }
    removals.push({ planned, removal: checked.data });
  }

  const changes: Change[] = [];
  for (const { planned, removal } of removals) {
    throwIfCancelled(signal);
    step('Preparing the records');
    // Each row's removal has an id the import worker drew for it.
    changes.push({ ...(await removalChange(session, removal, `Imported from ${fileName}, row ${planned.row}`)), isNew: true });
    done += 1;
  }

  throwIfCancelled(signal);
  step(`Saving ${valid.length.toLocaleString('en-US')} removals in one batch`);
  try {
    await session.records.saveAll(changes);
  } catch (error) {
    throw new ImportFailed(`The removals could not be saved, so none of them was imported: ${error instanceof Error ? error.message : 'the ledger did not answer'}.`);
  }
  // The search index learns of them now, not at the next unlock; each was checked above.
  session.search?.upsertAll(removals.map(({ removal }) => removal));
  done += 1;
  step('Imported');
  return { imported: changes.length };
}
