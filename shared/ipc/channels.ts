import { z } from 'zod';
import { policyVersionSchema } from '../policy/norwalk-v1';

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

export const channels = {
  appInfo: { request: emptyRequest, response: appInfoSchema },
  health: { request: emptyRequest, response: healthSchema },
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
