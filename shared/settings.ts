import { z } from 'zod';
import { cityEmailDomainSchema } from './sites/site';

const settingFields = {
  autoLockMinutes: z.number().int().min(1).max(240),
  backupFolder: z.string().max(4096).nullable(),
  backupGenerations: z.number().int().min(1).max(365),
  dailyBackup: z.boolean(),
  lastBackupAt: z.string().nullable(),
  /** The City's own email domains: a site's contact address elsewhere needs written approval. */
  cityEmailDomains: z.array(cityEmailDomainSchema).max(20),
};

/** Settings main keeps in clear in settings.json: nothing in them names a person or a post. */
export const settingsSchema = z.object({
  autoLockMinutes: settingFields.autoLockMinutes.default(10),
  backupFolder: settingFields.backupFolder.default(null),
  backupGenerations: settingFields.backupGenerations.default(7),
  dailyBackup: settingFields.dailyBackup.default(false),
  lastBackupAt: settingFields.lastBackupAt.default(null),
  cityEmailDomains: settingFields.cityEmailDomains.default([]),
});
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});

/**
 * A change to some settings: only the fields given change. (Zod 4 applies
 * defaults inside `.partial()`, so `settingsSchema.partial()` would fill in
 * every missing field and reset it.)
 */
export const settingsChangeSchema = z.object(settingFields).partial();
export type SettingsChange = z.infer<typeof settingsChangeSchema>;
