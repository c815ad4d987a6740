import { z } from 'zod';
import { ledgerErrorSchema } from '../ipc/result';
import { verificationReportSchema } from '../journal/entry';

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
]);
export type JobResult = z.infer<typeof jobResultSchema>;

export const jobStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(['verifyJournal', 'backup', 'verifyBackup', 'restore']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.object({ done: z.number(), total: z.number(), unit: z.string(), label: z.string() }),
  result: jobResultSchema.nullable(),
  error: ledgerErrorSchema.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
