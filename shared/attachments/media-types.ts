/**
 * What a record may attach, and how large: plain constants with no schema
 * library behind them, so the picture-checking worker, which is started
 * afresh for every file, loads in a moment (with the removal schemas it took
 * about 100 ms to start).
 */
export const attachmentMediaTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'] as const;
export type AttachmentMediaType = (typeof attachmentMediaTypes)[number];

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
