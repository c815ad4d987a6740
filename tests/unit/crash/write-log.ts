import type { ChannelRequest } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { NewEvent } from '../../../shared/journal/entry';
import type { JobRequest } from '../../../shared/jobs/jobs';

/**
 * Every write the "renderer" sends, and whether it was acknowledged: its
 * answer came back ok. Only an acknowledged write is promised to survive a
 * crash; a write whose answer never came (the server died first) or came
 * back as an error is "in doubt": after the restart it must be wholly there
 * or wholly absent. The log sits between the renderer's code and the
 * transport, so it sees exactly what was sent, byte for byte.
 */
export type Outcome = 'pending' | 'acknowledged' | 'in doubt';

interface Logged {
  /** The user operation that sent it, for the failure message. */
  operation: string;
  outcome: Outcome;
}

export type DisposeJob = Extract<JobRequest, { kind: 'dispose' }>;

export type Write = Logged &
  (
    | { kind: 'append'; events: NewEvent[]; firstSeq: number | null }
    | { kind: 'attachment'; id: string; bytes: Uint8Array }
    | { kind: 'dispose'; job: DisposeJob; jobId: string | null; firstSeq: number | null }
    | { kind: 'marker'; marker: ChannelRequest<'readModelMarkerSet'> }
  );

export class WriteLog {
  /** Writes since the last call to `take()`, oldest first. */
  private writes: Write[] = [];
  operation = 'setting up';

  /** The writes of the cycle that just ended; whatever had no answer yet is in doubt. */
  take(): Write[] {
    const taken = this.writes;
    this.writes = [];
    for (const write of taken) if (write.outcome === 'pending') write.outcome = 'in doubt';
    return taken;
  }

  /** The ledger as the renderer's code sees it, with every write logged on its way out. */
  wrap(ledger: LedgerApi): LedgerApi {
    const log = (write: Write) => {
      this.writes.push(write);
      return write;
    };
    const settle = (write: Write, ok: boolean) => {
      if (write.outcome === 'pending') write.outcome = ok ? 'acknowledged' : 'in doubt';
    };
    return {
      ...ledger,
      vaultCreate: async (request) => {
        const write = log({ kind: 'append', events: request.events, firstSeq: null, operation: this.operation, outcome: 'pending' });
        const answer = await ledger.vaultCreate(request);
        if (answer.ok && write.kind === 'append') write.firstSeq = answer.value.head.seq - request.events.length + 1;
        settle(write, answer.ok);
        return answer;
      },
      journalAppend: async (request) => {
        const write = log({ kind: 'append', events: request.events, firstSeq: null, operation: this.operation, outcome: 'pending' });
        const answer = await ledger.journalAppend(request);
        if (answer.ok && write.kind === 'append') write.firstSeq = answer.value.firstSeq;
        settle(write, answer.ok);
        return answer;
      },
      attachmentPut: async (request) => {
        const write = log({ kind: 'attachment', id: request.id, bytes: new Uint8Array(request.bytes), operation: this.operation, outcome: 'pending' });
        const answer = await ledger.attachmentPut(request);
        settle(write, answer.ok);
        return answer;
      },
      readModelMarkerSet: async (request) => {
        const write = log({ kind: 'marker', marker: { ...request }, operation: this.operation, outcome: 'pending' });
        const answer = await ledger.readModelMarkerSet(request);
        settle(write, answer.ok);
        return answer;
      },
      jobStart: async (request) => {
        if (request.job.kind !== 'dispose') return ledger.jobStart(request);
        const write = log({ kind: 'dispose', job: request.job, jobId: null, firstSeq: null, operation: this.operation, outcome: 'pending' });
        const answer = await ledger.jobStart(request);
        if (!answer.ok) settle(write, false);
        else if (write.kind === 'dispose') {
          write.jobId = answer.value.id;
          this.observeJob(write, answer.value);
        }
        return answer;
      },
      jobStatus: async (request) => {
        const answer = await ledger.jobStatus(request);
        const write = this.writes.find((w) => w.kind === 'dispose' && w.jobId === request.id);
        if (answer.ok && write?.kind === 'dispose') this.observeJob(write, answer.value);
        return answer;
      },
    };
  }

  /** A disposition is acknowledged when its job is seen done, not when it is started: main does the work after answering. */
  private observeJob(write: Extract<Write, { kind: 'dispose' }>, status: { state: string; result: unknown }): void {
    if (write.outcome !== 'pending' || status.state === 'running') return;
    const result = status.result as { kind?: string; firstSeq?: number } | null;
    if (status.state === 'done' && result?.kind === 'dispose' && typeof result.firstSeq === 'number') {
      write.firstSeq = result.firstSeq;
      write.outcome = 'acknowledged';
    } else {
      // Failed or cancelled: main may still finish it at the next start (its intent is on disk), or never begun it.
      write.outcome = 'in doubt';
    }
  }
}
