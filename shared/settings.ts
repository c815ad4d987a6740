import { z } from 'zod';

/** Settings main keeps in clear in settings.json: nothing in them names a person or a post. */
export const settingsSchema = z.object({
  autoLockMinutes: z.number().int().min(1).max(240).default(10),
  backupFolder: z.string().max(4096).nullable().default(null),
  backupGenerations: z.number().int().min(1).max(365).default(7),
  dailyBackup: z.boolean().default(false),
  lastBackupAt: z.string().nullable().default(null),
});
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});
