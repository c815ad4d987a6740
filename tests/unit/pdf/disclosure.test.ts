import { unzlibSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { disclosureInputSchema } from '../../../renderer/src/pdf/documents/disclosure';
import { createPdfClient, type PdfWorkerLike } from '../../../renderer/src/pdf/pdf-client';
import { runPdfJob, type PdfInputs, type PdfRequest, type PdfWorkerMessage } from '../../../renderer/src/pdf/pdf-jobs';
import type { RedactionCanvas, RedactionPicture, RedactionTools } from '../../../renderer/src/pdf/redact-image';
import { builtInExemptions } from '../../../shared/cpra/exemptions';
import { applyTextRedactions, type TextRedaction } from '../../../shared/cpra/redaction';
import { encodePng } from '../attachments/image-fixtures';
import { HOSTILE } from './fixtures';
import { activeNamesIn, count, pdfInfo, pdfPages, rawPdf, xmpPacket } from './pdf-inspect';

type Input = PdfInputs['disclosure'];
type RecordInput = Input['records'][number];

const flat = (text: string) => text.replace(/\s+/g, ' ');
const PRIVACY = builtInExemptions.find((exemption) => exemption.id === 'gc-7927-700')!;
const BALANCING = builtInExemptions.find((exemption) => exemption.id === 'gc-7922-000')!;
const EXEMPTIONS = [PRIVACY, BALANCING].map(({ id, citation, title, words }) => ({ id, citation, title, words }));
const SCREENSHOT_COLOUR = [200, 40, 30];

/* ---------- Stand-ins for createImageBitmap and OffscreenCanvas, with real pixels ---------- */

/** Decodes only what the fixture PNGs say about themselves (their size); every pixel is encodePng's default colour. */
const imageTools: RedactionTools = {
  async decode(blob) {
    const head = new DataView(await blob.slice(0, 24).arrayBuffer());
    const picture: RedactionPicture = { width: head.getUint32(16), height: head.getUint32(20), close: () => undefined };
    return picture;
  },
  createCanvas(width, height): RedactionCanvas {
    const pixels = new Uint8ClampedArray(width * height * 4);
    let colour = [0, 0, 0];
    return {
      getContext: () => ({
        set fillStyle(value: unknown) {
          colour = [1, 3, 5].map((at) => parseInt(String(value).slice(at, at + 2), 16));
        },
        get fillStyle() {
          return colour;
        },
        fillRect(x, y, w, h) {
          for (let row = y; row < y + h; row++) for (let column = x; column < x + w; column++) pixels.set([...colour, 255], (row * width + column) * 4);
        },
        drawImage() {
          for (let at = 0; at < pixels.length; at += 4) pixels.set([...SCREENSHOT_COLOUR, 255], at);
        },
        getImageData: (_x, y, w, h) => ({ data: pixels.slice(y * w * 4, (y + h) * w * 4) }),
      }),
    };
  },
};

/* ---------- Reading the file back ---------- */

/** Every stream in the file, inflated where it is Flate-compressed (page content, fonts' ToUnicode maps, images, XMP). */
function streamsOf(bytes: Uint8Array): string[] {
  const raw = rawPdf(bytes);
  const streams: string[] = [];
  const start = /(?<!end)stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(raw)) !== null) {
    const from = match.index + match[0].length;
    const to = raw.indexOf('endstream', from);
    if (to < 0) break;
    const body = bytes.subarray(from, to);
    try {
      streams.push(Buffer.from(unzlibSync(body)).toString('latin1'));
    } catch {
      streams.push(Buffer.from(body).toString('latin1'));
    }
    start.lastIndex = to + 'endstream'.length;
  }
  return streams;
}

/** The ways a string could be written into a PDF: as UTF-8 bytes, as UTF-16BE bytes, and as UTF-16BE hex (either case). */
function encodings(secret: string): string[] {
  const utf16 = Buffer.from(secret, 'utf16le').swap16();
  return [Buffer.from(secret, 'utf8').toString('latin1'), utf16.toString('latin1'), utf16.toString('hex').toUpperCase(), utf16.toString('hex')];
}

function expectNowhere(bytes: Uint8Array, text: string, secret: string): void {
  expect(text, `"${secret}" in the extracted text`).not.toContain(secret);
  const haystacks = [rawPdf(bytes), ...streamsOf(bytes)];
  for (const form of encodings(secret)) {
    expect(
      haystacks.some((haystack) => haystack.includes(form)),
      `"${secret}" in the file's bytes as ${JSON.stringify(form)}`,
    ).toBe(false);
  }
}

/** The file's pictures as poppler extracts them (PPM: a header, then RGB bytes). */
function picturesOf(bytes: Uint8Array): Array<{ width: number; height: number; pixel(x: number, y: number): number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'records-ledger-images-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), bytes);
    execFileSync('/usr/bin/pdfimages', [join(dir, 'document.pdf'), join(dir, 'image')]);
    return readdirSync(dir)
      .filter((name) => name.startsWith('image-'))
      .sort()
      .map((name) => {
        const file = readFileSync(join(dir, name));
        const [header, width, height] = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 40).toString('latin1'))!;
        const data = file.subarray(header.length);
        const w = Number(width);
        return { width: w, height: Number(height), pixel: (x: number, y: number) => Array.from(data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)) };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function make(input: Input): Promise<{ bytes: Uint8Array; pages: number; progress: Array<{ fraction: number; label: string }> }> {
  const messages: PdfWorkerMessage[] = [];
  await runPdfJob({ id: 'disclosure', kind: 'disclosure', input }, (message) => messages.push(message), imageTools);
  const done = messages.at(-1);
  if (done?.type !== 'done') throw new Error(`No PDF: ${JSON.stringify(done)}`);
  const progress = messages.flatMap((message) => (message.type === 'progress' ? [message.progress] : []));
  return { bytes: done.bytes, pages: done.pages, progress };
}

/* ---------- The disclosure under test ---------- */

function redacted(text: string, spans: Array<{ target: string; exemptionId: string; shiftStart?: number; shiftEnd?: number; whole?: boolean }>) {
  return applyTextRedactions(
    text,
    spans.map(({ target, exemptionId, shiftStart = 0, shiftEnd = 0, whole }): Pick<TextRedaction, 'start' | 'end' | 'exemptionId'> => {
      if (whole) return { start: 0, end: text.length, exemptionId };
      const at = text.indexOf(target);
      if (at < 0) throw new Error(`${target} is not in the text`);
      return { start: at + shiftStart, end: at + target.length + shiftEnd, exemptionId };
    }),
  );
}

const LONG_TEXT = Array.from({ length: 900 }, (_, n) => `sentence${n}`).join(' ');

/** Text the disclosure must show, and text that must be nowhere in it. */
const SHOWN = ['Call VISIBLEBEFORE at', 'tomorrow VISIBLEAFTER', 'alpha', 'delta-tail', 'Jos', 'Madrid', 'sentence899'];
const WITHHELD = ['Zelda Quixote', '555-867-5309', 'jroe_private_handle', 'SECRETBRAVO', 'SECRETCHARLIE', 'Ramírez', 'José', 'Jose\u0301', '新宿', '👩🏽‍💻', 'WHOLEFIELDSECRET', 'OCRREADTHISSECRET'];

function records(): RecordInput[] {
  const first = 'Call VISIBLEBEFORE at Zelda Quixote 555-867-5309 tomorrow VISIBLEAFTER';
  const overlap = 'alpha SECRETBRAVO SECRETCHARLIE delta-tail';
  // A redaction that starts on the combining accent, on the second half of an emoji's surrogate pair, and in the middle of a CJK address.
  const multibyte = 'Jose\u0301 Ramírez lives in Madrid, works at 👩🏽‍💻 desk, 東京都新宿区';
  return [
    {
      recordId: 'rec-001',
      heading: 'Record 1 of 3: comment on City of Norwalk (Facebook)',
      metadata: [
        { label: 'Site', value: 'City of Norwalk (Facebook)' },
        { label: 'Ledger record', value: 'rec-001' },
        { label: 'Policy categories', value: 'Profanity' },
      ],
      fields: [
        { field: 'content', label: 'Content', pieces: redacted(first, [{ target: 'Zelda Quixote 555-867-5309', exemptionId: PRIVACY.id }]) },
        { field: 'poster.username', label: 'Poster’s username', pieces: redacted('jroe_private_handle', [{ target: '', whole: true, exemptionId: PRIVACY.id }]) },
      ],
      images: [
        {
          attachmentId: 'att-1',
          fileName: 'shot-1.png',
          mediaType: 'image/png',
          bytes: encodePng(60, 40),
          regions: [
            { x: 10, y: 5, width: 20, height: 10, exemptionIds: [PRIVACY.id] },
            { x: 50, y: 30, width: 100, height: 100, exemptionIds: [BALANCING.id] },
            { x: 200, y: 200, width: 5, height: 5, exemptionIds: [PRIVACY.id] },
          ],
        },
      ],
      withheldImages: [{ fileName: 'platform-export.pdf', reason: 'A file exported from the platform (PDF); it is listed here and not reproduced.' }],
    },
    {
      recordId: 'rec-002',
      heading: 'Record 2 of 3: post on City of Norwalk (Instagram)',
      metadata: [{ label: 'Ledger record', value: 'rec-002' }],
      fields: [
        {
          field: 'content',
          label: 'Content',
          pieces: redacted(overlap, [
            { target: 'SECRETBRAVO SECRETCHA', exemptionId: PRIVACY.id },
            { target: 'CHARLIE delta', exemptionId: BALANCING.id, shiftEnd: -6 },
          ]),
        },
        {
          field: 'notes',
          label: 'Notes',
          pieces: redacted(multibyte, [
            { target: '\u0301 Ramírez', exemptionId: PRIVACY.id },
            { target: '👩🏽‍💻', exemptionId: PRIVACY.id, shiftStart: 1, shiftEnd: -3 },
            { target: '新宿', exemptionId: PRIVACY.id },
          ]),
        },
        { field: 'parentContext', label: 'Parent post or thread', pieces: redacted('WHOLEFIELDSECRET', [{ target: '', whole: true, exemptionId: BALANCING.id }]) },
        { field: 'reviewTrail.noCounselReason', label: 'Why counsel was not consulted', pieces: [{ kind: 'text', text: LONG_TEXT }] },
        // What OCR read from a screenshot would repeat what its withheld areas hide: never printed.
        { field: 'ocr.text', label: 'Text read from the screenshot', pieces: [{ kind: 'text', text: 'OCRREADTHISSECRET' }] },
      ],
      images: [],
    },
    {
      recordId: 'rec-003',
      heading: 'Record 3 of 3: comment on City of Norwalk (Facebook)',
      metadata: [{ label: 'Ledger record', value: 'rec-003' }],
      fields: [{ field: 'content', label: 'Content', pieces: [{ kind: 'text', text: 'Nothing withheld in this one.' }] }],
      images: [{ attachmentId: 'att-3', fileName: 'whole.png', mediaType: 'image/png', bytes: encodePng(30, 20), regions: [] }],
    },
  ];
}

function anInput(overrides: Partial<Input> = {}): Input {
  return {
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    preparedAt: '2026-06-10T17:00:00.000Z',
    request: { number: 'PRA-2026-014', receivedOn: '2026-06-01', requesterName: 'Pat Requester' },
    coverLetter: {
      date: '2026-06-10',
      recipient: ['Pat Requester', '12 Elm Street', 'Norwalk, CA 90650'],
      subject: 'Your public records request PRA-2026-014',
      paragraphs: ['Dear Pat Requester:', 'The City has completed its search for records responsive to your request and is producing them with this letter.'],
      signature: { name: 'Jane Ortiz', title: 'Deputy City Attorney' },
    },
    bates: { prefix: 'NOR', start: 120 },
    exemptions: EXEMPTIONS,
    records: records(),
    certification: { name: 'Jane Ortiz', title: 'Deputy City Attorney', date: '2026-06-10' },
    ...overrides,
  };
}

const bates = (n: number) => `NOR${String(n).padStart(6, '0')}`;

describe('the disclosure PDF', () => {
  let bytes: Uint8Array;
  let pages: string[];
  let text: string;
  let reported: number;
  let progress: Array<{ fraction: number; label: string }>;
  beforeAll(async () => {
    ({ bytes, pages: reported, progress } = await make(anInput()));
    pages = pdfPages(bytes);
    text = pages.join('\f');
  }, 60_000);

  it('opens with the cover letter', () => {
    const letter = flat(pages[0]!);
    for (const expected of [
      'June 10, 2026',
      'Pat Requester 12 Elm Street Norwalk, CA 90650',
      'Re: Your public records request PRA-2026-014',
      'Public records request PRA-2026-014, received June 1, 2026',
      'The City has completed its search for records responsive to your request',
      'Sincerely, Jane Ortiz Deputy City Attorney City of Norwalk',
    ]) {
      expect(letter).toContain(expected);
    }
  });

  it('indexes each record with the Bates numbers of the pages it starts and ends on', () => {
    const recordPage = (id: string) => pages.findIndex((page) => flat(page).includes(`Ledger record ${id}`));
    const starts = ['rec-001', 'rec-002', 'rec-003'].map(recordPage);
    const logPage = pages.findIndex((page) => page.startsWith('Exemption log') || page.includes('\nExemption log\n'));
    expect(starts.every((start) => start > 0)).toBe(true);
    expect(starts[2]! - starts[1]!, 'the long record runs over several pages').toBeGreaterThan(1);
    const ends = [starts[1]! - 1, starts[2]! - 1, logPage - 1];
    const index = flat(pages[1]!);
    expect(index).toContain('Index of records');
    records().forEach((record, r) => {
      expect(index).toContain(`${r + 1} ${record.heading} ${record.recordId} ${bates(120 + starts[r]!)} ${bates(120 + ends[r]!)}`);
    });
  });

  it('prints each record’s facts and every word that was not withheld', () => {
    const all = flat(text);
    for (const expected of ['Site City of Norwalk (Facebook)', 'Policy categories Profanity', ...SHOWN]) expect(all).toContain(expected);
    expect(all).toContain('Call VISIBLEBEFORE at Withheld: Gov. Code § 7927.700 tomorrow VISIBLEAFTER');
    expect(all).toContain('Not included: platform-export.pdf. A file exported from the platform (PDF); it is listed here and not reproduced.');
    expect(all, 'text read from a screenshot is never printed').not.toContain('Text read from the screenshot');
  });

  it('draws overlapping redactions as one box citing every section, and a fully withheld field as a box alone', () => {
    const all = flat(text);
    expect(all).toContain('alpha Withheld: Gov. Code § 7927.700; Gov. Code § 7922.000 delta-tail');
    expect(all).toContain('Poster’s username Withheld: Gov. Code § 7927.700');
    expect(all).toContain('Parent post or thread Withheld: Gov. Code § 7922.000');
  });

  it('withholds whole characters: an accent, an emoji and CJK text leave nothing behind', () => {
    const all = flat(text);
    // The span began on the combining accent; the letter it sits on goes too.
    expect(all).toContain('Jos Withheld: Gov. Code § 7927.700 lives in Madrid');
    expect(all).toContain('works at Withheld: Gov. Code § 7927.700 desk');
  });

  it('has nothing withheld anywhere in the file: not in the text, the bytes, or any inflated stream', () => {
    // The searches can find things: the request number is in the metadata, and the inflated streams hold the drawing operators.
    expect(encodings('PRA-2026-014').some((form) => rawPdf(bytes).includes(form))).toBe(true);
    expect(streamsOf(bytes).some((stream) => stream.includes(' Tf') && stream.includes('TJ'))).toBe(true);
    for (const secret of WITHHELD) expectNowhere(bytes, text, secret);
  });

  it('blacks out the withheld areas in the screenshot’s pixels and leaves the rest', () => {
    const [shot, whole, ...more] = picturesOf(bytes);
    expect(more).toEqual([]);
    expect([shot!.width, shot!.height, whole!.width, whole!.height]).toEqual([60, 40, 30, 20]);
    const withheld = (x: number, y: number) => (x >= 10 && x < 30 && y >= 5 && y < 15) || (x >= 50 && y >= 30);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 60; x++) expect(shot!.pixel(x, y), `${x},${y}`).toEqual(withheld(x, y) ? [0, 0, 0] : SCREENSHOT_COLOUR);
    expect(whole!.pixel(29, 19)).toEqual(SCREENSHOT_COLOUR);
    expect(flat(text)).toContain('shot-1.png · 60 × 40 pixels · 2 areas withheld (black)');
    expect(flat(text)).toContain('Area at 50,30 size 10×10: Withheld: Gov. Code § 7922.000');
  });

  it('logs every withheld passage and area with its section and the section’s words', () => {
    const all = flat(text);
    const log = all.slice(all.indexOf('Exemption log Each passage'), all.indexOf('Certification I certify'));
    for (const where of [
      'Content',
      'Poster’s username',
      'Notes, passage 1 of 3',
      'Notes, passage 2 of 3',
      'Notes, passage 3 of 3',
      'Parent post or thread',
      'Screenshot shot-1.png, area at 10,5 size 20×10',
      'Screenshot shot-1.png, area at 50,30 size 10×10',
      'File platform-export.pdf',
    ]) {
      expect(log).toContain(where);
    }
    expect(log).not.toContain('area at 200,200');
    // Record 1: 2 passages + 1 area under privacy; record 2: 1 passage under both, 3 under privacy.
    expect(count(log, `${PRIVACY.citation} (${PRIVACY.title}): ${PRIVACY.words}`)).toBe(7);
    expect(count(log, `${BALANCING.citation} (${BALANCING.title}): ${BALANCING.words}`)).toBe(3);
    expect(count(log, 'No. 1 ')).toBe(5);
    expect(count(log, 'No. 2 ')).toBe(5);
    expect(log).not.toContain('No. 3 ');
  });

  it('ends with the certification, naming the pages and the Bates range', () => {
    const last = flat(pages.at(-1)!);
    expect(last).toContain('Certification I certify that the records produced in response to public records request PRA-2026-014 are true and complete copies');
    expect(last).toContain(`Records produced 3 Pages ${pages.length} First Bates number ${bates(120)} Last Bates number ${bates(120 + pages.length - 1)}`);
    expect(last).toContain('Name Jane Ortiz Title Deputy City Attorney Date June 10, 2026 Signature');
  });

  it('numbers every page with the next Bates number and "Page N of M"', () => {
    expect(reported).toBe(pages.length);
    expect(Number(pdfInfo(bytes).Pages)).toBe(pages.length);
    pages.forEach((page, index) => {
      expect(page).toContain(`${bates(120 + index)} Page ${index + 1} of ${pages.length}`);
      expect(count(flat(text), bates(120 + index))).toBeGreaterThanOrEqual(1);
    });
  });

  it('says only the request in its metadata, and is archival with nothing active in it', () => {
    const info = pdfInfo(bytes);
    expect(info.Title).toBe('Disclosure for public records request PRA-2026-014');
    expect(info.Subject).toBe('Records produced in response to public records request PRA-2026-014.');
    const xmp = xmpPacket(bytes);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    for (const private_ of ['Pat Requester', 'Jane Ortiz', 'rec-001', 'Norwalk, CA']) for (const form of encodings(private_)) expect(rawPdf(bytes)).not.toContain(form);
    expect(activeNamesIn(bytes)).toEqual([]);
  });

  it('reports progress through redaction, measuring, layout and drawing, never going backwards', () => {
    const labels = progress.map((step) => step.label);
    expect(labels).toContain('Redacting screenshot 1 of 2…');
    expect(labels).toContain('Redacting screenshot 2 of 2…');
    // Measuring and layout reports are spaced 100 ms apart, so a short document gets the first of them only.
    expect(labels).toContain('Measuring the index: row 1 of 3…');
    expect(labels).toContain(`Numbering page 1 of ${pages.length}…`);
    expect(labels).toContain('Drawing the pages…');
    expect(progress.at(-1)).toEqual({ fraction: 1, label: 'Done' });
    const fractions = progress.map((step) => step.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });
});

describe('a disclosure with hostile content', () => {
  it('prints markup, script addresses and direction overrides as plain text', async () => {
    const [first] = records();
    const hostile: RecordInput = {
      ...first!,
      heading: `Record 1 of 1: ${HOSTILE}`,
      metadata: [{ label: 'Site', value: HOSTILE }],
      fields: [{ field: 'content', label: 'Content', pieces: [{ kind: 'text', text: `${HOSTILE} <a href="https://evil.example">click</a>` }] }],
      images: [{ ...first!.images[0]!, fileName: `${HOSTILE}.png` }],
      withheldImages: [],
    };
    const { bytes } = await make(anInput({ request: { number: 'PRA-2026-014', receivedOn: '2026-06-01', requesterName: HOSTILE }, coverLetter: { ...anInput().coverLetter, recipient: [HOSTILE] }, records: [hostile] }));
    const text = pdfPages(bytes).join('\f');
    // In the letter, the index, the record's heading, facts, text and screenshot caption.
    for (const expected of ['<script>alert(1)</script>', 'javascript:alert(1)', '[U+202E]evil[U+202C]', 'z[U+200B]w[U+200D]x[U+FEFF]']) {
      expect(count(text, expected), expected).toBeGreaterThanOrEqual(6);
    }
    // The line may wrap after "https://".
    expect(text.replace(/\s+/g, '')).toContain('<ahref="https://evil.example">click</a>');
    expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    expect(activeNamesIn(bytes)).toEqual([]);
  }, 30_000);
});

describe('making a disclosure', () => {
  it('is refused when a redaction cites an exemption the log cannot quote', () => {
    const result = disclosureInputSchema.safeParse(anInput({ exemptions: [EXEMPTIONS[0]!] }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('The exemption gc-7922-000 that a redaction cites was not given, so the exemption log could not quote it.');
  });

  it('stops, naming the screenshot and the record, when a screenshot cannot be redacted', async () => {
    const input = anInput();
    input.records[2]!.images[0]!.bytes = encodePng(30, 20).subarray(0, 40);
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob({ id: 'bad', kind: 'disclosure', input }, (message) => messages.push(message), imageTools);
    expect(messages.at(-1)).toEqual({
      id: 'bad',
      type: 'error',
      reason: 'invalid_input',
      message:
        'The disclosure could not be made: the screenshot “whole.png” of record 3 (Record 3 of 3: comment on City of Norwalk (Facebook)) could not be redacted. ' +
        'The picture could not be opened as a PNG image: its contents are damaged. Attach a good copy to the record, or list the screenshot as withheld, then make the disclosure again.',
    });
    expect(messages.some((message) => message.type === 'done')).toBe(false);
  });
});

/** Runs the worker's job in this process. Unlike a terminated worker it keeps posting, so the client must ignore what comes after Cancel. */
class StubbornWorker implements PdfWorkerLike {
  onmessage: PdfWorkerLike['onmessage'] = null;
  onerror: PdfWorkerLike['onerror'] = null;
  onmessageerror: PdfWorkerLike['onmessageerror'] = null;
  terminated = false;
  job: Promise<void> = Promise.resolve();
  posted: PdfWorkerMessage[] = [];

  postMessage(request: PdfRequest): void {
    this.job = new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
      runPdfJob(
        request,
        (message) => {
          this.posted.push(message);
          this.onmessage?.({ data: message } as MessageEvent<PdfWorkerMessage>);
        },
        imageTools,
      ),
    );
  }

  terminate(): void {
    this.terminated = true;
  }
}

function manyRecords(total: number): RecordInput[] {
  const [first, , third] = records();
  return Array.from({ length: total }, (_, n) => ({ ...(n % 10 === 0 ? first! : third!), recordId: `rec-${n}`, heading: `Record ${n + 1} of ${total}` }));
}

describe('a long disclosure', () => {
  it('reports the page count it laid out, through the client, before the file arrives', async () => {
    const worker = new StubbornWorker();
    const client = createPdfClient(() => worker);
    const events: string[] = [];
    const bytes = await client.makePdf('disclosure', anInput({ records: manyRecords(200) }), {
      onPageCount: (pages) => events.push(`pages ${pages}`),
    }).then((made) => {
      events.push('resolved');
      return made;
    });
    const pages = Number(pdfInfo(bytes).Pages);
    expect(pages).toBeGreaterThan(200);
    expect(pdfPages(bytes)).toHaveLength(pages);
    expect(events).toEqual([`pages ${pages}`, 'resolved']);
  }, 120_000);

  it('cancels a 1,000-page disclosure once its pages are being laid out: the promise rejects at once and nothing the worker sends afterwards is delivered', async () => {
    const worker = new StubbornWorker();
    const client = createPdfClient(() => worker);
    const controller = new AbortController();
    const onPageCount = vi.fn();
    let progressAfterCancel = 0;
    const made = client.makePdf('disclosure', anInput({ records: manyRecords(1000) }), {
      signal: controller.signal,
      onPageCount,
      onProgress: ({ label }) => {
        if (controller.signal.aborted) progressAfterCancel++;
        // Layout reports are spaced in time, so on a fast machine few come: stop at the first sign the pages are being made.
        if (/^(Laying out page|Numbering page|Drawing the pages)/.test(label)) controller.abort();
      },
    });
    await expect(made).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.terminated).toBe(true);
    await worker.job;
    // The stand-in finished and posted the file anyway; the client let none of it through.
    expect(worker.posted.at(-1)?.type).toBe('done');
    expect(onPageCount).not.toHaveBeenCalled();
    expect(progressAfterCancel).toBe(0);
  }, 60_000);
});
