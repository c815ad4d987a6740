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
  /** "Repeatedly", as a number: the block-eligible removals on one site a block needs (the policy's rule; never fewer than 2). */
  blockMinimumRemovals: z
    .number()
    .int('Enter a whole number of removals.')
    .min(2, 'The policy allows a block only for repeated removals, so the minimum is 2.')
    .max(100, 'Enter at most 100.'),
};

/** Settings main keeps in clear in settings.json: nothing in them names a person or a post. */
export const settingsSchema = z.object({
  autoLockMinutes: settingFields.autoLockMinutes.default(10),
  backupFolder: settingFields.backupFolder.default(null),
  backupGenerations: settingFields.backupGenerations.default(7),
  dailyBackup: settingFields.dailyBackup.default(false),
  lastBackupAt: settingFields.lastBackupAt.default(null),
  cityEmailDomains: settingFields.cityEmailDomains.default([]),
  blockMinimumRemovals: settingFields.blockMinimumRemovals.default(2),
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
