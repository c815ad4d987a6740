import { describe, expect, it, vi } from 'vitest';
import { createPdfClient, type PdfWorkerLike } from '../../../renderer/src/pdf/pdf-client';
import { runPdfJob, type PdfRequest, type PdfWorkerMessage } from '../../../renderer/src/pdf/pdf-jobs';
import { RECOVERY_KEY, recoveryKitInput } from './fixtures';
import { pdfText } from './pdf-inspect';

/** Runs the worker's job in this process, and drops every message once terminated, as a real terminated worker would. */
class InProcessWorker implements PdfWorkerLike {
  onmessage: PdfWorkerLike['onmessage'] = null;
  onerror: PdfWorkerLike['onerror'] = null;
  onmessageerror: PdfWorkerLike['onmessageerror'] = null;
  terminated = false;
  delivered: PdfWorkerMessage[] = [];

  postMessage(request: PdfRequest): void {
    setTimeout(() => {
      void runPdfJob(request, (message) => {
        if (this.terminated) return;
        this.delivered.push(message);
        this.onmessage?.({ data: message } as MessageEvent<PdfWorkerMessage>);
      });
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }
}

function collect(request: unknown) {
  const messages: Array<{ message: PdfWorkerMessage; transfer: Transferable[] | undefined }> = [];
  return { messages, done: runPdfJob(request, (message, transfer) => messages.push({ message, transfer })) };
}

describe('the PDF worker job', () => {
  it('posts progress, then the complete file with its buffer transferred', async () => {
    const { messages, done } = collect({ id: 'job-1', kind: 'recoveryKit', input: recoveryKitInput() });
    await done;
    const last = messages.at(-1);
    expect(last?.message.type).toBe('done');
    if (last?.message.type !== 'done') return;
    expect(last.transfer).toEqual([last.message.bytes.buffer]);
    expect(pdfText(last.message.bytes)).toContain(RECOVERY_KEY);
    expect(messages.slice(0, -1).every(({ message }) => message.type === 'progress' && message.id === 'job-1')).toBe(true);
  });

  it('refuses input that does not match the document schema, without repeating the input', async () => {
    const secret = 'NOT-A-VALID-KEY-abc';
    const { messages, done } = collect({ id: 'job-2', kind: 'recoveryKit', input: recoveryKitInput({ recoveryKey: secret }) });
    await done;
    expect(messages).toHaveLength(1);
    const [only] = messages;
    expect(only?.message).toMatchObject({ id: 'job-2', type: 'error', reason: 'invalid_input' });
    expect(only?.message.type === 'error' && only.message.message).toMatch(/^The Recovery Kit could not be made: recoveryKey: /);
    expect(JSON.stringify(only?.message)).not.toContain(secret);
  });

  it('refuses a request of an unknown kind', async () => {
    const { messages, done } = collect({ id: 'job-3', kind: 'invoice', input: {} });
    await done;
    expect(messages.map(({ message }) => message)).toEqual([expect.objectContaining({ id: 'job-3', type: 'error', reason: 'invalid_request' })]);
  });
});

describe('makePdf', () => {
  it('resolves with the bytes and passes progress on', async () => {
    const workers: InProcessWorker[] = [];
    const client = createPdfClient(() => {
      const worker = new InProcessWorker();
      workers.push(worker);
      return worker;
    });
    const onProgress = vi.fn();
    const bytes = await client.makePdf('recoveryKit', recoveryKitInput(), { onProgress });
    expect(pdfText(bytes)).toContain(RECOVERY_KEY);
    expect(onProgress).toHaveBeenCalledWith({ fraction: 1, label: 'Done' });
    expect(workers).toHaveLength(1);
    expect(workers[0]?.terminated).toBe(true);
  });

  it('rejects with the worker’s error message', async () => {
    const client = createPdfClient(() => new InProcessWorker());
    await expect(client.makePdf('recoveryKit', recoveryKitInput({ recoveryKey: 'nope' }))).rejects.toThrow(/Recovery Kit could not be made/);
  });

  it('cancels by terminating the worker: an AbortError, and no bytes ever delivered', async () => {
    const worker = new InProcessWorker();
    const client = createPdfClient(() => worker);
    const controller = new AbortController();
    const made = client.makePdf('recoveryKit', recoveryKitInput(), {
      signal: controller.signal,
      onProgress: ({ fraction }) => {
        if (fraction > 0) controller.abort();
      },
    });
    await expect(made).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.terminated).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.delivered.some((message) => message.type === 'done')).toBe(false);
  });

  it('does not start a worker for an already cancelled request', async () => {
    const createWorker = vi.fn(() => new InProcessWorker());
    const client = createPdfClient(createWorker);
    await expect(client.makePdf('recoveryKit', recoveryKitInput(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(createWorker).not.toHaveBeenCalled();
  });

  it('cancelAll stops every document in progress (for when the ledger locks)', async () => {
    const workers: InProcessWorker[] = [];
    const client = createPdfClient(() => {
      const worker = new InProcessWorker();
      workers.push(worker);
      return worker;
    });
    const first = client.makePdf('recoveryKit', recoveryKitInput());
    const second = client.makePdf('recoveryKit', recoveryKitInput());
    client.cancelAll();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers.every((worker) => worker.terminated)).toBe(true);
  });

  it('rejects when the worker itself fails (e.g. its script cannot load)', async () => {
    const worker = new InProcessWorker();
    worker.postMessage = () => {
      setTimeout(() => worker.onerror?.({ message: 'SyntaxError: boom', preventDefault: () => undefined } as ErrorEvent), 0);
    };
    const client = createPdfClient(() => worker);
    await expect(client.makePdf('recoveryKit', recoveryKitInput())).rejects.toThrow('The PDF worker stopped: SyntaxError: boom.');
    expect(worker.terminated).toBe(true);
  });
});
