import { z } from 'zod';
import { ledgerErrorSchema } from '../ipc/result';
import { newEventSchema, verificationReportSchema } from '../journal/entry';

const fileIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/**
 * Long work in main (verifying the journal, backups, restores) runs as a job:
 * started, polled for progress, cancellable, and leaving nothing half done
 * when cancelled. Polling works the same over Electron IPC and the preview.
 */
export const jobRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('verifyJournal') }),
  z.object({ kind: z.literal('backup'), folder: z.string().min(1).max(4096), automatic: z.boolean().default(false) }),
  z.object({ kind: z.literal('verifyBackup'), file: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('restore'), file: z.string().min(1).max(4096) }),
  /**
   * Executing an approved disposition batch. `events` (the stubs and the
   * batch's executed version, sealed by the renderer) are appended as one
   * batch; then every earlier payload of `recordIds` is destroyed in the
   * journal and the files `attachmentIds` are deleted. Once the events are
   * written it runs to completion, resuming after a crash.
   */
  z.object({
    kind: z.literal('dispose'),
    batchId: fileIdSchema,
    events: z.array(newEventSchema).min(1).max(10_000),
    recordIds: z.array(fileIdSchema).min(1).max(9_999),
    attachmentIds: z.array(fileIdSchema).max(500_000),
    /** Backups made before now that are still in the backup folder on this day are removed by the rotation (YYYY-MM-DD), or null. */
    backupsHoldContentUntil: z.iso.date().nullable(),
  }),
]);
export type JobRequest = z.infer<typeof jobRequestSchema>;
export type JobKind = JobRequest['kind'];

export const backupSummarySchema = z.object({
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  formatVersion: z.number().int(),
  ledgerId: z.string(),
  createdAt: z.string(),
  journalEntries: z.number().int(),
  attachments: z.number().int(),
});
export type BackupSummary = z.infer<typeof backupSummarySchema>;

export const jobResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('verifyJournal'), report: verificationReportSchema }),
  z.object({ kind: z.literal('backup'), backup: backupSummarySchema, removedGenerations: z.array(z.string()) }),
  z.object({ kind: z.literal('verifyBackup'), backup: backupSummarySchema }),
  z.object({ kind: z.literal('restore'), backup: backupSummarySchema }),
  z.object({
    kind: z.literal('dispose'),
    batchId: z.string(),
    firstSeq: z.number().int(),
    lastSeq: z.number().int(),
    /** Journal entries whose payloads were destroyed (their hashes stay). */
    payloadsDestroyed: z.number().int(),
    filesDestroyed: z.number().int(),
  }),
]);
export type JobResult = z.infer<typeof jobResultSchema>;

export const jobStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(['verifyJournal', 'backup', 'verifyBackup', 'restore', 'dispose']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.object({ done: z.number(), total: z.number(), unit: z.string(), label: z.string() }),
  result: jobResultSchema.nullable(),
  error: ledgerErrorSchema.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
