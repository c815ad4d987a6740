import { beforeAll, describe, expect, it } from 'vitest';
import {
  destructionCertificateDocument,
  destructionCertificateInputSchema,
  type DestructionCertificateInput,
} from '../../../renderer/src/pdf/documents/destruction-certificate';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { runPdfJob, type PdfWorkerMessage } from '../../../renderer/src/pdf/pdf-jobs';
import type { DispositionBatch } from '../../../shared/retention/disposition';
import { aBatch, anExecutedBatch, aSeries, HOSTILE, listedRecords, RECORDED_APPROVALS, recordId, stubsOf } from './fixtures';
import { activeNamesIn, count, pdfInfo, pdfPages, pdfText } from './pdf-inspect';

const flat = (text: string) => text.replace(/\s+/g, ' ');
const joined = (text: string) => text.replace(/\s+/g, '');

const series = aSeries({ title: HOSTILE });
const BACKUP_FOLDER = '/media/records-backup/Records Ledger';

const LEFT_OUT = [
  { recordId: recordId(2), reason: 'It is held by Smith v. City of Norwalk.' },
  { recordId: recordId(5), reason: 'It was changed after it was listed (version 2 was listed; it is now at version 3).' },
];

function input(batch: DispositionBatch, overrides: Partial<DestructionCertificateInput> = {}): DestructionCertificateInput {
  return destructionCertificateInputSchema.parse({
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    batch,
    series: [series],
    stubs: stubsOf(batch),
    backupFolder: BACKUP_FOLDER,
    ...overrides,
  });
}

async function certificateText(given: DestructionCertificateInput): Promise<string> {
  return pdfText(await renderPdf(destructionCertificateDocument(given)));
}

describe('the certificate of destruction', () => {
  let bytes: Uint8Array;
  let text: string;
  let pages: string[];
  const batch = anExecutedBatch(aBatch({ records: listedRecords(30, series) }), LEFT_OUT);
  const stubs = stubsOf(batch);
  beforeAll(async () => {
    bytes = await renderPdf(destructionCertificateDocument(input(batch)));
    pages = pdfPages(bytes);
    text = pages.join('\f');
  });

  it('names the batch, the action, and who executed it when', () => {
    expect(text.split('\n')[0]).toBe('Certificate of destruction');
    for (const expected of ['Batch number DB-2026-003', 'Action Destroy', 'Executed by Morgan Manager', 'Executed at May 15, 2026, 11:45 AM PDT', 'Records destroyed 28', 'Records left out 2']) {
      expect(flat(text)).toContain(expected);
    }
    expect(pdfInfo(bytes).Title).toBe('Certificate of destruction: batch DB-2026-003, Social media removals (City of Norwalk)');
  });

  it('states each of the three approvals with its details', () => {
    const approvals = flat(text);
    expect(approvals).toContain('City attorney’s written consent Jane Ortiz, May 4, 2026, reference CA memo 2026-14');
    expect(approvals).toContain('Legislative body’s approval City Council, Resolution 26-31, adopted May 12, 2026');
    expect(approvals).toContain('Department head’s approval Sam Lee, Director of Communications, May 13, 2026');
    expect(approvals).not.toContain('Not recorded');
  });

  it('lists every disposed record with what was destroyed of it, and none of those left out', () => {
    const all = joined(text.slice(text.indexOf('Records destroyed (28)'), text.indexOf('Records left out (2)')));
    expect(stubs).toHaveLength(28);
    for (const stub of stubs) {
      expect(count(all, `${stub.recordId}SM-REM2024-03-152026-03-15`), stub.recordId).toBe(1);
      for (const version of stub.destroyedVersions) expect(all).toContain(`#${version.seq}${version.payloadHash.slice(0, 12)}`);
      for (const file of stub.destroyedFiles) expect(all).toContain(`File:SHA-256${file.sha256}(screenshot,120,000bytes)`);
    }
    for (const left of LEFT_OUT) expect(all).not.toContain(left.recordId);
    expect(flat(text)).toContain('Journal payloads destroyed 56 Files destroyed 14');
  });

  it('names each record left out, with why', () => {
    const leftOut = flat(text.slice(text.indexOf('Records left out (2)')));
    for (const left of LEFT_OUT) expect(leftOut).toContain(`${left.recordId} ${left.reason}`);
  });

  it('says which backups still hold the destroyed content, and by when the app removes them', () => {
    expect(flat(text)).toContain(
      `Backups made before May 15, 2026, 11:45 AM PDT in ${BACKUP_FOLDER} still hold the destroyed content; the app removes the last of them by June 14, 2026. Copies of backups kept elsewhere must be destroyed by hand.`,
    );
  });

  it('has lines for the records manager’s and a witness’s signatures', () => {
    const signatures = flat(text.slice(text.lastIndexOf('Signatures')));
    expect(signatures).toContain('Records manager who executed the batch Name Morgan Manager Signature Date');
    expect(signatures).toContain('Witness Name Title Signature Date');
  });

  it('prints a hostile series title as literal text, with nothing active in the file', () => {
    for (const expected of ['<script>alert(1)</script>', 'javascript:alert(1)', '[U+202E]evil[U+202C]', 'z[U+200B]w[U+200D]x']) expect(text).toContain(expected);
    expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    expect(activeNamesIn(bytes)).toEqual([]);
  });

  it('numbers every page and names the batch at the foot of each', () => {
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toContain('Records Ledger · Certificate of destruction · batch DB-2026-003 · document format 1');
    });
  });
});

describe('a certificate', () => {
  it('says backups must be destroyed by hand when no backup rotation is configured', async () => {
    const batch = anExecutedBatch(aBatch({ records: listedRecords(3, series) }), [], null);
    const text = flat(await certificateText(input(batch, { backupFolder: null })));
    expect(text).toContain('No backup rotation is configured for this ledger, so the app removes no backups.');
    expect(text).toContain('Any backup made before May 15, 2026, 11:45 AM PDT still holds the destroyed content and must be destroyed by hand');
    expect(text).toContain('None: every listed record was destroyed.');
  });

  it('is titled "Certificate of transfer" for records sent to the archives', async () => {
    const batch = anExecutedBatch(aBatch({ action: 'transfer', records: listedRecords(3, series) }));
    const text = await certificateText(input(batch));
    expect(text.split('\n')[0]).toBe('Certificate of transfer');
    expect(flat(text)).toContain('Records transferred 3');
    expect(flat(text)).toContain('still hold the transferred content');
    expect(text).not.toContain('Certificate of destruction');
  });

  it('is refused for a batch not yet executed, saying what to do', async () => {
    const batch = aBatch({ approvals: RECORDED_APPROVALS, approvedAt: '2026-05-13T17:00:00.000Z' });
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob(
      { id: 'cert', kind: 'destructionCertificate', input: { cityName: 'City of Norwalk', ledgerName: 'Social media removals', batch, series: [series], stubs: [], backupFolder: BACKUP_FOLDER } },
      (message) => messages.push(message),
    );
    expect(messages).toEqual([
      expect.objectContaining({
        type: 'error',
        reason: 'invalid_input',
        message:
          'The certificate of destruction could not be made: batch.execution: Batch DB-2026-003 has not been carried out yet, so there is nothing to certify. Execute the batch first, then make its certificate.',
      }),
    ]);
  });

  it('is refused when a disposed record’s stub is missing, rather than certifying less than was destroyed', () => {
    const batch = anExecutedBatch(aBatch({ records: listedRecords(3, series) }));
    const result = destructionCertificateInputSchema.safeParse({ ...input(batch), stubs: stubsOf(batch).slice(1) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      `1 disposed record has no stub given (first: ${recordId(1)}). Give the stub of every record the batch disposed of.`,
    ]);
  });

  it('keeps 1,000 disposed records, each with its hashes, to a few dozen pages', async () => {
    const batch = anExecutedBatch(aBatch({ records: listedRecords(1000, series) }));
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob({ id: 'big', kind: 'destructionCertificate', input: input(batch) }, (message) => messages.push(message));
    const done = messages.at(-1);
    expect(done?.type).toBe('done');
    const pages = pdfPages(done?.type === 'done' ? done.bytes : new Uint8Array());
    const all = joined(pages.join('\n'));
    expect(batch.records.filter((record) => count(all, `${record.recordId}SM-REM`) !== 1)).toEqual([]);
    expect(pages.length).toBeLessThanOrEqual(80);
  }, 120_000);
});
