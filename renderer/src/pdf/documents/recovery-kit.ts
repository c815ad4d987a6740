import { z } from 'zod';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, DocumentDefinition, TableCell } from '../doc-definition';
import { CONTENT_WIDTH, framedDocument } from './common';
import { keyValueTable } from './tables';
import { visibleText } from './visible-text';

/** Bump when the Recovery Kit's layout or wording changes; printed in its footer. */
export const RECOVERY_KIT_FORMAT_VERSION = 1;

export const RECOVERY_KIT_TITLE = 'Recovery Kit';

/**
 * The key exactly as the app shows it: groups of capital letters and digits
 * joined by hyphens ("ABCDE-FGHIJ-…"). The kit prints it as given; it never
 * reformats it, so what is printed is what the unlock screen accepts. The
 * bounds are what fits one page beside the longest names the vault allows
 * (a 20-byte key is 8 groups of 4 in base32, or of 5 in hex).
 */
export const printableRecoveryKeySchema = z
  .string()
  .regex(/^[0-9A-Z]{2,8}(?:-[0-9A-Z]{2,8}){1,7}$/, 'A recovery key is 2 to 8 groups of 2 to 8 capital letters and digits, joined by hyphens.');

export const recoveryKitInputSchema = z.object({
  cityName: vaultHeaderSchema.shape.cityName,
  ledgerName: vaultHeaderSchema.shape.ledgerName,
  ledgerId: vaultHeaderSchema.shape.ledgerId,
  /** As it should be printed, e.g. "2026-06-03" or "June 3, 2026": the caller owns the clock. */
  createdAt: z.string().min(1).max(100),
  recoveryKey: printableRecoveryKeySchema,
});
export type RecoveryKitInput = z.infer<typeof recoveryKitInputSchema>;

export const RECOVERY_KEY_PURPOSE =
  'If every passphrase is lost, this key opens the ledger. Anyone who has it and a copy of the ledger can read it.';

const GROUPS_PER_ROW = 4;

/** One page: what the ledger is, the key, what it is for, where to keep it, and where it was put. */
export function recoveryKitDocument(input: RecoveryKitInput): DocumentDefinition {
  return framedDocument({
    documentTitle: RECOVERY_KIT_TITLE,
    formatVersion: RECOVERY_KIT_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${RECOVERY_KIT_TITLE}: ${input.ledgerName} (${input.cityName})`,
    subject: 'The recovery key of a Records Ledger ledger, to open it if every passphrase is lost.',
    content: [
      { text: RECOVERY_KIT_TITLE, style: 'documentTitle' },
      { text: 'Keep this page locked away. It is the only way into the ledger if every passphrase is lost.', style: 'documentSubtitle' },
      keyValueTable([
        ['City', visibleText(input.cityName)],
        ['Ledger', visibleText(input.ledgerName)],
        ['Ledger id', visibleText(input.ledgerId)],
        ['Date created', visibleText(input.createdAt)],
      ]),
      kitHeading('Recovery key'),
      keyGrid(input.recoveryKey),
      {
        margin: [0, 6, 0, 0],
        columns: [
          { width: 130, text: 'The same key on one line:', style: 'label', noWrap: true, margin: [0, 1, 0, 0] },
          { width: '*', text: input.recoveryKey, bold: true, fontSize: 12 },
        ],
        columnGap: 8,
      },
      kitHeading('What it is for'),
      { text: RECOVERY_KEY_PURPOSE },
      kitHeading('Where to keep it'),
      {
        ul: [
          'In a locked place, apart from the computer: a locked cabinet or safe in another room.',
          'Never with a copy of the ledger or its backups, and never in the same bag as the computer.',
          'Do not photograph, scan, email or type it into any other computer or document.',
          'If someone who should not have it may have seen it, tell the ledger’s administrator at once.',
        ],
      },
      kitHeading('Where this kit is kept'),
      { text: 'Write it down when you put the kit away, so the next person can find it.', style: 'note' },
      writeInLine('Kept at', CONTENT_WIDTH),
      { columns: [writeInLine('Put there by', CONTENT_WIDTH * 0.62 - 8), writeInLine('On (date)', CONTENT_WIDTH * 0.38 - 8)], columnGap: 16 },
    ],
  });
}

/**
 * The key large, each group in its own equal box and numbered, so a group can
 * be read aloud or typed back by number. Roboto is not monospaced; equal boxes
 * with the group centred give the same column alignment.
 */
function keyGrid(recoveryKey: string): Content {
  const groups = recoveryKey.split('-');
  const columns = Math.min(GROUPS_PER_ROW, groups.length);
  // Eight characters at 20 pt would not fit a quarter of the page.
  const fontSize = Math.max(...groups.map((group) => group.length)) > 6 ? 16 : 20;
  const rows: TableCell[][] = [];
  for (let start = 0; start < groups.length; start += columns) {
    const row: TableCell[] = groups.slice(start, start + columns).map((group, i) => ({
      stack: [
        { text: `Group ${start + i + 1}`, style: 'note', alignment: 'center' },
        { text: group, fontSize, bold: true, characterSpacing: 2, alignment: 'center', margin: [0, 1, 0, 0] },
      ],
    }));
    while (row.length < columns) row.push({ text: '' });
    rows.push(row);
  }
  return {
    table: { widths: Array.from({ length: columns }, () => '*' as const), body: rows, dontBreakRows: true },
    layout: {
      hLineWidth: () => 1,
      vLineWidth: () => 1,
      hLineColor: () => '#444444',
      vLineColor: () => '#444444',
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  };
}

/**
 * Tighter than the shared heading: the kit must stay on one page even with the
 * longest city and ledger names the vault allows.
 */
function kitHeading(text: string): Content {
  return { text, style: 'heading', margin: [0, 10, 0, 3] };
}

/** A label and a rule to write on, `width` points wide in all. */
function writeInLine(label: string, width: number): Content & { width: number } {
  const labelWidth = label.length * 5.5;
  return {
    width,
    margin: [0, 10, 0, 0],
    columns: [
      { width: labelWidth, text: `${label}:`, style: 'label' },
      { width: '*', canvas: [{ type: 'line', x1: 0, y1: 12, x2: width - labelWidth - 6, y2: 12, lineWidth: 0.75, lineColor: '#444444' }] },
    ],
    columnGap: 6,
  };
}
