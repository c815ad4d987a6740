import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { JobRequest, JobStatus } from '../../../shared/jobs/jobs';
import type { Role } from '../../../shared/users/user';
import type { SearchClient } from '../../../renderer/src/search/search-client';
import type { Session } from '../../../renderer/src/vault/session';
import { unitLedger } from '../../support/unit-session';
import { inProcessSearch } from './in-process-search';

export const SOAK_ROLES = ['clerk', 'counsel', 'records_manager'] as const satisfies readonly Role[];
export type SoakRole = (typeof SOAK_ROLES)[number];

/**
 * The ledger as the soak's three people use it: main's real services on a
 * temp folder, one read model, a session per role and the search the app
 * starts at unlock. Locking drops the sessions and the search; unlocking
 * opens them again from the journal, as the app does.
 */
export class SignedInLedger {
  private constructor(
    private readonly opened: Awaited<ReturnType<typeof unitLedger>>,
    private current: Record<SoakRole, Session>,
    private searchClient: SearchClient,
  ) {}

  static async open(): Promise<SignedInLedger> {
    const opened = await unitLedger('records-ledger-soak-');
    try {
      const { sessions, search } = await SignedInLedger.unlock(opened);
      return new SignedInLedger(opened, sessions, search);
    } catch (error) {
      await opened.close();
      throw error;
    }
  }

  private static async unlock(opened: Awaited<ReturnType<typeof unitLedger>>) {
    const sessions = {} as Record<SoakRole, Session>;
    for (const role of SOAK_ROLES) sessions[role] = await opened.openSession(role);
    const first = sessions[SOAK_ROLES[0]];
    const search = await inProcessSearch(first.db.name, first.keys.records);
    for (const role of SOAK_ROLES) sessions[role] = { ...sessions[role], search };
    await search.ready;
    return { sessions, search };
  }

  get ledger(): LedgerApi {
    return this.opened.ledger;
  }

  get dataDir(): string {
    return this.opened.dataDir;
  }

  get search(): SearchClient {
    return this.searchClient;
  }

  session(role: SoakRole): Session {
    return this.current[role];
  }

  /** Locks (every session and the search worker are dropped) and unlocks again: the read model catches up from the journal and search is rebuilt from it. */
  async lockAndUnlock(): Promise<void> {
    this.searchClient.close();
    const { sessions, search } = await SignedInLedger.unlock(this.opened);
    this.current = sessions;
    this.searchClient = search;
  }

  /** As when Chromium discards a damaged IndexedDB store: the read model is gone, and the next unlock rebuilds it from the journal. */
  async loseReadModelAndUnlock(): Promise<void> {
    this.searchClient.close();
    const db = this.opened.db;
    db.close();
    await db.delete();
    await this.lockAndUnlock();
  }

  /** Runs one of main's jobs to its end, as the app's job panel does. */
  async runJob(actor: string, job: JobRequest): Promise<JobStatus> {
    const started = await this.ledger.jobStart({ actor, job });
    if (!started.ok) throw new Error(started.error.message);
    let status = started.value;
    while (status.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const polled = await this.ledger.jobStatus({ id: status.id });
      if (!polled.ok) throw new Error(polled.error.message);
      status = polled.value;
    }
    return status;
  }

  async close(): Promise<void> {
    this.searchClient.close();
    await this.opened.close();
  }
}
