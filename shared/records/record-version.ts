import { z } from 'zod';

/**
 * The generic "record with versions" every feature builds on. An edit appends
 * a new version as a journal event `<table>.version`; old versions stay
 * readable; nothing is deleted except through disposition. The payload below
 * is encrypted (AES-GCM, additional data = table + record id) before it
 * leaves the renderer, so main never sees it.
 */
export const RECORD_VERSION_FORMAT = 1;

export const recordTableSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

/** Fields the read model keeps in clear for queries: never content, never a person's name. */
export const clearFieldsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type ClearFields = z.infer<typeof clearFieldsSchema>;

export const recordVersionPayloadSchema = z.object({
  format: z.literal(RECORD_VERSION_FORMAT),
  table: recordTableSchema,
  recordId: z.string().min(1).max(64),
  version: z.number().int().min(1),
  /** Why this version was made ("created", "passphrase reset", "corrected the poster's handle"). */
  reason: z.string().max(2000),
  clear: clearFieldsSchema,
  data: z.unknown(),
});
export type RecordVersionPayload = z.infer<typeof recordVersionPayloadSchema>;

export function versionEventType(table: string): string {
  return `${table}.version`;
}

/** The table a journal event type carries a version of, or null if it is not a version event. */
export function tableOfVersionEvent(type: string): string | null {
  const match = /^([a-z][a-z0-9_]{0,31})\.version$/.exec(type);
  return match?.[1] ?? null;
}

/** What changed between two versions of a record's data, field by field (top level). */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}
