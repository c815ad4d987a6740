import { isMainThread, parentPort, Worker, workerData, type TransferListItem } from 'node:worker_threads';
import { createPdfClient, type PdfWorkerLike } from '../../renderer/src/pdf/pdf-client';
import { runPdfJob, type PdfInputs, type PdfRequest, type PdfWorkerMessage } from '../../renderer/src/pdf/pdf-jobs';
import type { RedactionCanvas, RedactionTools } from '../../renderer/src/pdf/redact-image';
import { builtInExemptions } from '../../shared/cpra/exemptions';
import { applyTextRedactions, fieldText, redactableFieldLabels, type RedactableField } from '../../shared/cpra/redaction';
import { formatMoment } from '../../shared/removals/moments';
import { contentKindLabels } from '../../shared/removals/removal';
import { encodePng } from '../../tests/unit/attachments/image-fixtures';
import { syntheticRemoval } from '../data/synthetic-removals';
import type { BenchRow } from '../results';

/**
 * A CPRA disclosure at the size a broad request reaches: about a thousand
 * pages, one record in five with a 1280 × 800 screenshot to redact, names and
 * handles withheld. The PDF job runs in a worker thread, as it does in a
 * worker in the app, so the page's side (progress, Cancel, memory) is
 * measured from outside it. Node has no createImageBitmap or OffscreenCanvas:
 * a stand-in canvas holds real pixels (copied in rows, as a browser's native
 * drawImage would), and the app's own code reads them back, blacks out the
 * areas and writes the PNG.
 */
const SECONDS_BUDGET = 60;
const MEMORY_BUDGET_MB = 1536;
const CANCEL_BUDGET_MS = 500;
const PROGRESS_GAP_BUDGET_SECONDS = 1;

/** Records for about 1,000 pages (200 in the quick run): one page each, a little more with the index and the exemption log. */
const RECORDS = { full: 663, quick: 133 };
const SCREENSHOT = { width: 1280, height: 800 };
const WORKER_ROLE = 'records-ledger-bench-disclosure-worker';

/* ---------- The worker thread's side ---------- */

/** Rows of a screenshot-like picture: mostly white, with lines of "text". */
function screenshotRows(width: number): Uint8ClampedArray[] {
  return Array.from({ length: 16 }, (_, kind) => {
    const row = new Uint8ClampedArray(width * 4).fill(255);
    if (kind % 4 !== 0) for (let x = 40 + kind * 3; x < width - 60; x += 7 + (kind % 5)) row.set([30, 30, 30, 255], x * 4);
    return row;
  });
}

function standInImageTools(): RedactionTools {
  return {
    async decode(blob) {
      const head = new DataView(await blob.slice(0, 24).arrayBuffer());
      return { width: head.getUint32(16), height: head.getUint32(20), close: () => undefined };
    },
    createCanvas(width, height): RedactionCanvas {
      const pixels = new Uint8ClampedArray(width * height * 4);
      const rows = screenshotRows(width);
      let colour: number[] = [0, 0, 0];
      return {
        getContext: () => ({
          set fillStyle(value: unknown) {
            colour = [1, 3, 5].map((at) => parseInt(String(value).slice(at, at + 2), 16));
          },
          get fillStyle() {
            return colour;
          },
          fillRect(x, y, w, h) {
            const line = new Uint8ClampedArray(w * 4);
            for (let at = 0; at < line.length; at += 4) line.set([...colour, 255], at);
            for (let row = y; row < y + h; row++) pixels.set(line, (row * width + x) * 4);
          },
          drawImage() {
            for (let row = 0; row < height; row++) pixels.set(rows[(row >> 4) % rows.length]!, row * width * 4);
          },
          getImageData: (_x, y, w, h) => ({ data: pixels.slice(y * w * 4, (y + h) * w * 4) }),
        }),
      };
    },
  };
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) {
  const port = parentPort!;
  port.on('message', (request: unknown) => {
    void runPdfJob(request, (message, transfer = []) => port.postMessage(message, transfer as unknown as TransferListItem[]), standInImageTools());
  });
}

/* ---------- The page's side ---------- */

/** The PDF worker as a Node worker thread running this file (through tsx, as the bench runs). */
class ThreadPdfWorker implements PdfWorkerLike {
  onmessage: PdfWorkerLike['onmessage'] = null;
  onerror: PdfWorkerLike['onerror'] = null;
  onmessageerror: PdfWorkerLike['onmessageerror'] = null;
  readonly exited: Promise<number>;
  private readonly thread: Worker;

  constructor() {
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    this.thread = new Worker(bootstrap, { eval: true, workerData: { role: WORKER_ROLE } });
    this.exited = new Promise((resolve) => this.thread.once('exit', () => resolve(performance.now())));
    this.thread.on('message', (data: PdfWorkerMessage) => this.onmessage?.({ data } as MessageEvent<PdfWorkerMessage>));
    this.thread.on('error', (error) => this.onerror?.({ message: error.message, preventDefault: () => undefined } as ErrorEvent));
  }

  postMessage(request: PdfRequest): void {
    this.thread.postMessage(request);
  }

  terminate(): void {
    void this.thread.terminate();
  }
}

const PRIVACY = builtInExemptions.find((exemption) => exemption.id === 'gc-7927-700')!;
const BALANCING = builtInExemptions.find((exemption) => exemption.id === 'gc-7922-000')!;
const SHOWN_FIELDS: RedactableField[] = ['content', 'poster.displayName', 'poster.username', 'poster.profileUrl', 'permalink', 'reviewTrail.noCounselReason'];

function disclosureInput(records: number): PdfInputs['disclosure'] {
  const screenshot = encodePng(SCREENSHOT.width, SCREENSHOT.height, [255, 255, 255, 255]);
  return {
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    preparedAt: '2026-11-24T17:00:00.000Z',
    request: { number: 'PRA-2026-101', receivedOn: '2026-11-10', requesterName: 'Bench Requester' },
    coverLetter: {
      date: '2026-11-24',
      recipient: ['Bench Requester', '1 Main Street', 'Norwalk, CA 90650'],
      subject: 'Your public records request PRA-2026-101',
      paragraphs: ['Dear Bench Requester:', 'The City is producing the records responsive to your request with this letter. Parts are withheld as the exemption log explains.'],
      signature: { name: 'Jane Ortiz', title: 'Deputy City Attorney' },
    },
    bates: { prefix: 'NOR', start: 1 },
    exemptions: [PRIVACY, BALANCING].map(({ id, citation, title, words }) => ({ id, citation, title, words })),
    records: Array.from({ length: records }, (_, n) => {
      const removal = syntheticRemoval(n, { siteIds: ['City of Norwalk (Facebook)', 'City of Norwalk (Instagram)'], id: `rec-${String(n).padStart(6, '0')}` });
      return {
        recordId: removal.id,
        heading: `Record ${n + 1} of ${records}: ${contentKindLabels[removal.contentKind].toLowerCase()} on ${removal.siteId}`,
        metadata: [
          { label: 'Site', value: removal.siteId },
          { label: 'Kind', value: contentKindLabels[removal.contentKind] },
          { label: 'Posted', value: removal.moments.posted ? formatMoment(removal.moments.posted) : 'Unknown' },
          { label: 'Removed', value: removal.moments.removed ? formatMoment(removal.moments.removed) : 'Not removed' },
          { label: 'Policy categories', value: removal.categories.map((category) => category.categoryId).join('; ') },
        ],
        fields: SHOWN_FIELDS.flatMap((field) => {
          const text = fieldText(removal, field);
          if (!text) return [];
          // The poster's names are withheld whole; in the content, the first word of every tenth record.
          const spans = field.startsWith('poster.') ? [{ start: 0, end: text.length, exemptionId: PRIVACY.id }] : field === 'content' && n % 10 === 0 ? [{ start: 0, end: text.indexOf(' '), exemptionId: BALANCING.id }] : [];
          return [{ field, label: redactableFieldLabels[field], pieces: applyTextRedactions(text, spans) }];
        }),
        images:
          n % 5 === 0
            ? [
                {
                  attachmentId: `att-${n}`,
                  fileName: `screenshot-${n}.png`,
                  mediaType: 'image/png' as const,
                  bytes: screenshot,
                  regions: [
                    { x: 40, y: 120, width: 420, height: 36, exemptionIds: [PRIVACY.id] },
                    { x: 40, y: 520, width: 900, height: 120, exemptionIds: [BALANCING.id] },
                  ],
                },
              ]
            : [],
      };
    }),
    certification: { name: 'Jane Ortiz', title: 'Deputy City Attorney', date: '2026-11-24' },
  };
}

export async function disclosureRows({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const records = quick ? RECORDS.quick : RECORDS.full;
  const input = disclosureInput(records);
  const client = createPdfClient(() => new ThreadPdfWorker());

  // The whole disclosure, with memory sampled and the gaps between progress reports timed.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const progressAt: number[] = [];
  let pages = 0;
  const started = performance.now();
  try {
    await client.makePdf('disclosure', input, { onProgress: () => progressAt.push(performance.now()), onPageCount: (count) => (pages = count) });
  } finally {
    clearInterval(sampler);
  }
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  // From the first report (the worker has started) to the file: what the person watching the bar sees.
  const times = [...progressAt, finished];
  const longestGap = Math.max(...times.slice(1).map((at, index) => at - times[index]!)) / 1000;
  const peakMb = peakRss / 1024 / 1024;

  // Cancel while pdfmake is in the middle of laying out, the longest stretch it spends in one call.
  const worker = new ThreadPdfWorker();
  const cancelling = createPdfClient(() => worker);
  const controller = new AbortController();
  let abortedAt = 0;
  const made = cancelling.makePdf('disclosure', input, {
    signal: controller.signal,
    onProgress: ({ label }) => {
      if (abortedAt === 0 && /^(Measuring record|Laying out page)/.test(label)) {
        abortedAt = performance.now();
        controller.abort();
      }
    },
  });
  const cancelMs = await made.then(
    () => {
      throw new Error('The cancelled disclosure was made anyway: Cancel did not stop it.');
    },
    () => performance.now() - abortedAt,
  );
  await worker.exited;

  const label = quick ? `${pages.toLocaleString('en-US')}-page disclosure PDF (quick run: ${records} records, not 1,000 pages)` : `1,000-page disclosure PDF (${pages.toLocaleString('en-US')} pages, ${records} records)`;
  return [
    { operation: `${label}: redact ${Math.ceil(records / 5)} screenshots, lay out, draw`, measured: seconds, unit: 's', budget: SECONDS_BUDGET, withinBudget: seconds <= SECONDS_BUDGET },
    { operation: `${label}: peak memory (process RSS, sampled every 100 ms)`, measured: peakMb, unit: 'MB', budget: MEMORY_BUDGET_MB, withinBudget: peakMb <= MEMORY_BUDGET_MB },
    { operation: `${label}: time to Cancel (abort during layout until the promise rejects)`, measured: cancelMs, unit: 'ms', budget: CANCEL_BUDGET_MS, withinBudget: cancelMs <= CANCEL_BUDGET_MS },
    { operation: `${label}: longest gap between progress reports`, measured: longestGap, unit: 's', budget: PROGRESS_GAP_BUDGET_SECONDS, withinBudget: longestGap <= PROGRESS_GAP_BUDGET_SECONDS },
  ];
}
