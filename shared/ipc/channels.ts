import { z } from 'zod';
import { bytesSchema, hexSha256Schema } from '../encoding';
import { jobRequestSchema, jobStatusSchema } from '../jobs/jobs';
import { journalEntrySchema, journalHeadSchema, newEventSchema } from '../journal/entry';
import { policyVersionSchema } from '../policy/norwalk-v1';
import { settingsChangeSchema, settingsSchema } from '../settings';
import { keySlotSchema, vaultHeaderSchema } from '../vault/header';

/**
 * The IPC contract: each channel's request and response schema, written once.
 * The preload's `window.ledger`, main's handlers and the browser preview's
 * HTTP routes are all derived from this table, so a channel is never spelled
 * twice. Later features add their channels here.
 */
const emptyRequest = z.object({}).strict();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  runtime: z.enum(['electron', 'browser-preview']),
  runtimeVersion: z.string(),
  platform: z.string(),
  policy: policyVersionSchema.pick({ id: true, title: true, version: true, effectiveDate: true }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  dataFolderWritable: z.boolean(),
  detail: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const done = z.object({}).strict();

export const slotSummarySchema = keySlotSchema.pick({ id: true, kind: true, userId: true, label: true });
export const readModelMarkerSchema = z.object({ instanceId: idSchema, lastSeq: z.number().int().min(0) });
export type ReadModelMarker = z.infer<typeof readModelMarkerSchema>;

export const vaultStatusSchema = z.discriminatedUnion('state', [
  /** No ledger in this data folder yet. */
  z.object({ state: z.literal('new') }),
  z.object({
    state: z.literal('ready'),
    ledgerId: z.string(),
    cityName: z.string(),
    ledgerName: z.string(),
    createdAt: z.string(),
    slots: z.array(slotSummarySchema),
    head: journalHeadSchema,
    /** What the read model last told main it had applied; null if it never did. */
    readModelMarker: readModelMarkerSchema.nullable(),
  }),
  /** A ledger is here but cannot be opened (unknown version, damaged header): nothing is changed. */
  z.object({ state: z.literal('unreadable'), message: z.string() }),
]);
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

/** A journal entry as the renderer reads it back: its payload as bytes. */
export const journalRecordSchema = journalEntrySchema.extend({ payload: bytesSchema.nullable() });
export type JournalRecord = z.infer<typeof journalRecordSchema>;

export const channels = {
  appInfo: { request: emptyRequest, response: appInfoSchema },
  health: { request: emptyRequest, response: healthSchema },

  // The vault: who may open the ledger.
  vaultStatus: { request: emptyRequest, response: vaultStatusSchema },
  /** Writes the header and the first journal batch together; refused if a ledger exists. */
  vaultCreate: {
    request: z.object({ header: vaultHeaderSchema, events: z.array(newEventSchema).min(1).max(100) }),
    response: z.object({ head: journalHeadSchema }),
  },
  /** The slot to try a passphrase against; refused while a growing delay after wrong passphrases runs. */
  vaultUnlockMaterial: {
    request: z.object({ slotId: idSchema }),
    response: z.object({ ledgerId: z.string(), slot: keySlotSchema }),
  },
  /** The renderer says whether the passphrase opened the slot; main journals it and sets the delay. */
  vaultReportUnlock: {
    request: z.object({ slotId: idSchema, outcome: z.enum(['success', 'failure']) }),
    response: z.object({ consecutiveFailures: z.number().int(), retryAfterSeconds: z.number() }),
  },
  /** Adds a slot, or replaces the slot with the same id (written before anything is removed). */
  vaultPutSlot: { request: z.object({ slot: keySlotSchema, actor: idSchema }), response: done },
  vaultRemoveSlot: { request: z.object({ slotId: idSchema, actor: idSchema }), response: done },

  // The journal: the system of record.
  journalAppend: {
    request: z.object({ events: z.array(newEventSchema).min(1).max(10_000) }),
    response: z.object({ firstSeq: z.number().int(), lastSeq: z.number().int(), at: z.string(), head: journalHeadSchema }),
  },
  journalRead: {
    request: z.object({ afterSeq: z.number().int().min(0), limit: z.number().int().min(1).max(5_000) }),
    response: z.object({ entries: z.array(journalRecordSchema), head: journalHeadSchema }),
  },
  journalHead: { request: emptyRequest, response: journalHeadSchema },
  readModelMarkerSet: { request: readModelMarkerSchema, response: done },

  // Attachments: encrypted files, stored apart from the journal.
  attachmentPut: {
    request: z.object({ id: idSchema, bytes: bytesSchema }),
    response: z.object({ bytes: z.number().int(), sha256: hexSha256Schema }),
  },
  attachmentGet: { request: z.object({ id: idSchema }), response: z.object({ bytes: bytesSchema }) },

  // Long work: verification, backups, restore.
  jobStart: { request: z.object({ actor: idSchema, job: jobRequestSchema }), response: jobStatusSchema },
  jobStatus: { request: z.object({ id: idSchema }), response: jobStatusSchema },
  jobCancel: { request: z.object({ id: idSchema }), response: jobStatusSchema },
  backupList: {
    request: z.object({ folder: z.string().min(1).max(4096) }),
    response: z.object({ backups: z.array(z.object({ file: z.string(), bytes: z.number().int(), modifiedAt: z.string() })) }),
  },

  settingsGet: { request: emptyRequest, response: settingsSchema },
  settingsSet: { request: settingsChangeSchema, response: settingsSchema },

  // What only the host can do: save dialogs, folder choosers, system lock signals.
  /** Saves a document the person asked for (PDF, checkpoint) as opaque bytes; null when they cancelled. */
  fileSave: {
    request: z.object({
      suggestedName: z.string().min(1).max(255).regex(/^[^/\\\0]+$/),
      bytes: bytesSchema,
      actor: idSchema,
      what: z.string().min(1).max(200),
    }),
    response: z.object({ path: z.string().nullable() }),
  },
  folderChoose: { request: emptyRequest, response: z.object({ supported: z.boolean(), path: z.string().nullable() }) },
  /** Goes up by one each time the system suspends or the screen locks; the renderer locks when it changes. */
  systemLockSignal: { request: emptyRequest, response: z.object({ generation: z.number().int() }) },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type ChannelTable = typeof channels;
export type ChannelName = keyof ChannelTable;
export type ChannelRequest<C extends ChannelName> = z.input<ChannelTable[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<ChannelTable[C]['response']>;

export const channelNames = Object.keys(channels) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/** Electron's ipcMain channel string for a table entry. */
export function ipcChannelId(name: ChannelName): string {
  return `ledger:${name}`;
}
