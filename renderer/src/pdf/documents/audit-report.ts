import { z } from 'zod';
import { verificationReportSchema } from '../../../../shared/journal/entry';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, DocumentDefinition } from '../doc-definition';
import { framedDocument } from './common';
import { keyValueTable, listTable } from './tables';
import { visibleText } from './visible-text';

/** Bump when the report's layout or wording changes; printed in its footer. */
export const AUDIT_REPORT_FORMAT_VERSION = 1;

export const AUDIT_REPORT_TITLE = 'Audit verification report';

/**
 * The outcome of comparing the journal with a signed checkpoint, worked out
 * by whoever checked the signature; the report only states it.
 */
export const checkpointComparisonSchema = z.object({
  seq: z.number().int().min(0),
  hash: z.string().max(256),
  /** When the checkpoint was signed, as it should be printed. */
  signedAt: z.string().min(1).max(100),
  outcome: z.enum(['matches', 'truncated', 'rewritten', 'invalid']),
  /** The journal's own hash at `seq`; null when the journal does not reach that far. */
  journalHash: z.string().max(256).nullable(),
  /** Why it is invalid (e.g. "the signature does not verify"), or anything else worth printing. */
  detail: z.string().max(1000).nullable(),
});
export type CheckpointComparison = z.infer<typeof checkpointComparisonSchema>;

export const auditReportInputSchema = verificationReportSchema
  .extend({
    cityName: vaultHeaderSchema.shape.cityName,
    ledgerName: vaultHeaderSchema.shape.ledgerName,
    ledgerId: vaultHeaderSchema.shape.ledgerId,
    /** Who ran the verification, as it should be printed (a user's name). */
    ranBy: z.string().min(1).max(200),
    /** When it ran, as it should be printed: the caller owns the clock. */
    ranAt: z.string().min(1).max(100),
    checkpoint: checkpointComparisonSchema.nullable(),
  })
  // A report that says "intact" above a broken link would be worse than no report.
  .refine((report) => report.verdict === 'broken' || report.firstBrokenLink === null, {
    message: 'A report with a broken link cannot have the verdict "intact".',
    path: ['verdict'],
  });
export type AuditReportInput = z.infer<typeof auditReportInputSchema>;

export const VERDICT_WORDS = { intact: 'The journal is intact', broken: 'The journal is BROKEN' } as const;

const HASH_STYLE = { fontSize: 8.5 } as const;
/** Strings that came out of a possibly tampered journal file are cut here; the file itself is the evidence. */
const LONGEST_SHOWN = 300;

export function auditReportDocument(input: AuditReportInput): DocumentDefinition {
  return framedDocument({
    documentTitle: AUDIT_REPORT_TITLE,
    formatVersion: AUDIT_REPORT_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${AUDIT_REPORT_TITLE}: ${input.ledgerName} (${input.cityName})`,
    subject:
      input.checkpoint === null
        ? 'Verification of a Records Ledger journal: every entry hash and link.'
        : 'Verification of a Records Ledger journal: every entry hash and link, compared with a signed checkpoint.',
    content: [
      { text: AUDIT_REPORT_TITLE, style: 'documentTitle' },
      {
        text: 'Every entry in the journal was read, its hash recomputed, and its link to the entry before it checked.',
        style: 'documentSubtitle',
      },
      keyValueTable([
        ['City', visibleText(input.cityName)],
        ['Ledger', visibleText(input.ledgerName)],
        ['Ledger id', visibleText(input.ledgerId)],
        ['Run by', visibleText(input.ranBy)],
        ['Run at', visibleText(input.ranAt)],
      ]),
      verdictBlock(input),
      keyValueTable([
        ['Entries checked', String(input.entriesChecked)],
        ['Journal head (last seq)', String(input.head.seq)],
        ['Journal head hash', hashText(input.head.hash)],
      ]),
      { text: 'First broken link', style: 'heading' },
      input.firstBrokenLink === null
        ? { text: 'None: every entry matched its hash and linked to the one before.', style: 'note' }
        : keyValueTable([
            ['Seq', String(input.firstBrokenLink.seq)],
            ['Problem', visibleText(input.firstBrokenLink.problem, { maxLength: LONGEST_SHOWN })],
            ['Expected hash', hashText(input.firstBrokenLink.expected)],
            ['Found hash', hashText(input.firstBrokenLink.found)],
          ]),
      { text: 'Signed checkpoint', style: 'heading' },
      checkpointSection(input.checkpoint, input.head.seq),
      { text: `Sequence gaps (${input.sequenceGaps.length})`, style: 'heading' },
      listTable({
        headers: ['After seq', 'Next seq', 'Entries missing'],
        widths: [110, 110, '*'],
        rows: input.sequenceGaps.map((gap) => [String(gap.after), String(gap.next), missingEntries(gap.after, gap.next)]),
        whenEmpty: 'None: the sequence numbers run without a gap.',
      }),
      { text: `Time going backwards (${input.timeWentBackwards.length})`, style: 'heading' },
      listTable({
        headers: ['Seq', 'Time of the entry before', 'Time of this entry'],
        widths: [80, '*', '*'],
        rows: input.timeWentBackwards.map((jump) => [
          String(jump.seq),
          visibleText(jump.previousAt, { maxLength: LONGEST_SHOWN }),
          visibleText(jump.at, { maxLength: LONGEST_SHOWN }),
        ]),
        whenEmpty: 'None: every entry is timed at or after the one before.',
      }),
      { text: 'Entry times come from the computer’s clock; a clock set back shows here without meaning the journal was altered.', style: 'note', margin: [0, 4, 0, 0] },
      { text: `Unreadable lines (${input.unreadableLines.length})`, style: 'heading' },
      listTable({
        headers: ['Segment', 'Line', 'Problem'],
        widths: [150, 50, '*'],
        rows: input.unreadableLines.map((line) => [
          visibleText(line.segment, { maxLength: LONGEST_SHOWN }),
          String(line.line),
          visibleText(line.problem, { maxLength: LONGEST_SHOWN }),
        ]),
        whenEmpty: 'None: every line of every journal segment could be read.',
      }),
    ],
  });
}

function verdictBlock(input: AuditReportInput): Content {
  const intact = input.verdict === 'intact';
  const lines: Content[] = [
    { text: VERDICT_WORDS[input.verdict], fontSize: 16, bold: true, color: intact ? '#1d5e20' : '#9b1111' },
    {
      text: intact
        ? 'Every entry matches its hash and links to the entry before it.'
        : 'At least one entry does not match its hash, does not link to the entry before it, is missing or cannot be read. The details follow.',
    },
  ];
  const caveat = input.checkpoint ? checkpointCaveat(input.checkpoint) : null;
  if (caveat) lines.push({ text: caveat, bold: true, margin: [0, 4, 0, 0] });
  return {
    margin: [0, 12, 0, 10],
    table: { widths: ['*'], body: [[{ stack: lines }]] },
    layout: {
      hLineWidth: () => 1.5,
      vLineWidth: () => 1.5,
      hLineColor: () => (intact ? '#1d5e20' : '#9b1111'),
      vLineColor: () => (intact ? '#1d5e20' : '#9b1111'),
      paddingLeft: () => 10,
      paddingRight: () => 10,
      paddingTop: () => 8,
      paddingBottom: () => 8,
    },
  };
}

/** An intact chain can still have been cut short or replaced wholesale; the checkpoint is what shows it. */
function checkpointCaveat(checkpoint: CheckpointComparison): string | null {
  switch (checkpoint.outcome) {
    case 'matches':
      return null;
    case 'truncated':
      return 'But it is shorter than the signed checkpoint: entries the checkpoint covered are gone (truncated).';
    case 'rewritten':
      return 'But it does not match the signed checkpoint: the checkpointed entry’s hash differs (rewritten).';
    case 'invalid':
      return 'The signed checkpoint given is invalid, so it neither confirms nor contradicts this.';
  }
}

export function checkpointOutcomeWords(checkpoint: CheckpointComparison, headSeq: number): string {
  switch (checkpoint.outcome) {
    case 'matches':
      return `Matches: the journal’s entry ${checkpoint.seq} has the hash the checkpoint signed.`;
    case 'truncated':
      return `Journal shorter than the checkpoint (truncated): the checkpoint covers entries up to seq ${checkpoint.seq}; the journal ends at seq ${headSeq}.`;
    case 'rewritten':
      return `Hash differs (rewritten): the journal’s entry ${checkpoint.seq} is not the entry the checkpoint signed.`;
    case 'invalid':
      return 'Checkpoint invalid: it cannot be trusted, so it proves nothing about the journal.';
  }
}

function checkpointSection(checkpoint: CheckpointComparison | null, headSeq: number): Content {
  if (checkpoint === null) return { text: 'No signed checkpoint was compared with this journal.', style: 'note' };
  const rows: Array<[string, Content]> = [
    ['Outcome', { text: checkpointOutcomeWords(checkpoint, headSeq), bold: true }],
    ['Checkpoint seq', String(checkpoint.seq)],
    ['Checkpoint hash', hashText(checkpoint.hash)],
    ['Signed', visibleText(checkpoint.signedAt)],
    [
      `Journal hash at seq ${checkpoint.seq}`,
      checkpoint.journalHash === null ? { text: `The journal has no entry ${checkpoint.seq}.`, italics: true } : hashText(checkpoint.journalHash),
    ],
  ];
  if (checkpoint.detail !== null) rows.push(['Detail', visibleText(checkpoint.detail)]);
  return keyValueTable(rows);
}

function hashText(hash: string): Content {
  return { ...visibleText(hash, { maxLength: LONGEST_SHOWN }), ...HASH_STYLE };
}

function missingEntries(after: number, next: number): string {
  const missing = next - after - 1;
  if (missing > 0) return String(missing);
  return next <= after ? 'none: the sequence goes back' : 'none';
}
