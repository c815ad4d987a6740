import 'fake-indexeddb/auto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { LedgerKeys, Session } from '../../../renderer/src/vault/session';
import { header, seededRandom } from '../services/ledger-fixtures';
import { readDataFolder } from './data-folder';
import { ExpectedLedger } from './expected-ledger';
import { heldRecordsDisposed, verifyChain } from './ledger-invariants';
import { chooseOperation, perform, possibleOperations, type OperationKind, type Workplace } from './ledger-operations';
import { previewLauncher, type PreviewLauncher, type RunningServer } from './preview-process';
import { previewLedger, type PreviewLedger } from './preview-ledger';
import { readModelDifferences } from './read-model-comparison';
import { LEDGER_ID, openSession, RECORDS_MANAGER, rebuildFromJournal } from './renderer-side';
import { WriteLog } from './write-log';

/**
 * The SIGKILL campaign: the window's own code writes through the preview's
 * HTTP protocol while the server is killed at seeded random moments and
 * started again on the same data folder, and after every restart the folder
 * is held to what was acknowledged (see preview-kill.test.ts for the list).
 *
 * Something lost or half written stops the campaign at once (`stoppedBy`
 * names the seed, the kill and the operation in flight): nothing checked
 * after that could be trusted. A read model that differs from a rebuild is
 * noted and the campaign goes on from a rebuilt one, so that one run shows
 * every kind of difference there is.
 */
export class Fatal extends Error {}

export interface CampaignOptions {
  root: string;
  scratch: string;
  seed: number;
  kills: number;
  /** Routes the transport's `fetch` (the page asks its own origin) to the server running now. */
  installFetch: (fetch: PreviewLedger['fetch']) => void;
  say: (line: string) => void;
}

export interface CampaignOutcome {
  kills: number;
  /** What stopped the campaign: something acknowledged lost, something half written, the chain broken, a hold ignored, the app not starting again. */
  stoppedBy: string | null;
  /** Saves refused by a restarted server that was up. */
  refusedSaves: string[];
  /** The window's read model differing from a rebuild from the journal, or thrown away at a restart. */
  readModel: string[];
}

/** A new ledger every so many kills keeps each check (a rebuild of the read model above all) small and the time per kill flat. */
const KILLS_PER_LEDGER = 10;
/** Operations that complete before the one a kill lands in, at most. */
const MAX_OPERATIONS_BEFORE = 3;
/** First guesses at how long each operation takes; replaced by what is measured. Each kill lands within 1.25 times that after its operation began. */
const TYPICAL_MS: Record<OperationKind, number> = {
  'log a removal with screenshots': 60,
  'correct a removal': 40,
  'import removals': 80,
  'place a legal hold': 25,
  'release a legal hold': 25,
  'execute a disposition': 400,
};
const OPERATION_LIMIT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Fatal(`${what} did not finish within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface Ledger {
  number: number;
  folder: string;
  folders: { dataDir: string; exportsDir: string; rendererDir: string };
  dbName: string;
  model: ExpectedLedger;
}

export async function runKillCampaign(options: CampaignOptions): Promise<CampaignOutcome> {
  const { seed } = options;
  const launcher: PreviewLauncher = previewLauncher(options.root, options.scratch);
  const replay = `CRASH_SEED=${seed}`;
  options.say(`Crash campaign: seed ${seed}, ${options.kills} kills, preview ${launcher.build === 'built' ? 'built (a copy of out/main)' : 'from source (tsx)'}. Replay with ${replay}.`);
  const plan = seededRandom(seed);
  const data = seededRandom(seed ^ 0x5eed5eed);
  const wire = previewLedger(globalThis.fetch);
  options.installFetch(wire.fetch);
  const log = new WriteLog();
  const ledger: LedgerApi = log.wrap(wire.api);
  const keys: LedgerKeys = await deriveLedgerKeys(new Uint8Array(32).fill(7), LEDGER_ID);
  let clock = Date.parse('2026-04-20T16:00:00.000Z');
  let serial = 0;
  const work = (session: Session): Workplace => ({
    session,
    ledger,
    random: data,
    now: () => new Date((clock += 60_000)),
    newId: (prefix) => `${prefix}-${seed.toString(36)}-${++serial}`,
  });
  const typical = new Map(Object.entries(TYPICAL_MS) as Array<[OperationKind, number]>);
  const measured = (kind: OperationKind, ms: number) => typical.set(kind, 0.7 * typical.get(kind)! + 0.3 * ms);
  const refusedSaves: string[] = [];
  const readModel: string[] = [];
  let stoppedBy: string | null = null;
  const stats = { killedMidOperation: 0, writesInDoubt: 0, foundWhole: 0, finishedByMain: 0, leftoverTemps: 0, tornQuarantines: 0, operations: 0 };
  const spent = { starting: 0, operating: 0, checkingTheFolder: 0, verifying: 0, unlocking: 0, comparingWithARebuild: 0 };
  let lap = performance.now();
  const lapTo = (phase: keyof typeof spent) => {
    const at = performance.now();
    spent[phase] += at - lap;
    lap = at;
  };
  const startedAt = performance.now();
  let server: RunningServer | null = null;
  let session: Session | null = null;
  let kills = 0;

  const start = async (current: Ledger) => {
    server = await launcher.launch(current.folders);
    wire.connect(server);
    return server;
  };

  try {
    for (let number = 1; kills < options.kills; number++) {
      const folder = join(options.scratch, `ledger-${number}`);
      const current: Ledger = {
        number,
        folder,
        folders: { dataDir: join(folder, 'data'), exportsDir: join(folder, 'exports'), rendererDir: join(folder, 'renderer') },
        dbName: `crash-${seed}-${number}`,
        model: new ExpectedLedger(header()),
      };
      mkdirSync(current.folders.rendererDir, { recursive: true });
      let running = await start(current);
      log.operation = 'creating the ledger';
      const created = await ledger.vaultCreate({ header: header(), events: [{ type: 'vault.created', actor: RECORDS_MANAGER.id, recordId: null, payload: null }] });
      if (!created.ok) throw new Error(`The ledger could not be created: ${created.error.message}`);
      session = (await openSession(ledger, current.dbName, keys, null)).session;
      current.model.acknowledge(log.take());

      for (let inThisLedger = 0; inThisLedger < KILLS_PER_LEDGER && kills < options.kills; inThisLedger++) {
        kills++;
        const where = `seed ${seed}, kill ${kills} of ${options.kills} (ledger ${number})`;
        lapTo('comparingWithARebuild');

        // Some operations that finish, then one the kill lands in.
        const before = Math.floor(plan() * (MAX_OPERATIONS_BEFORE + 1));
        for (let i = 0; i < before; i++) {
          const kind = chooseOperation(plan, await possibleOperations(work(session)));
          log.operation = kind;
          const began = performance.now();
          try {
            await withTimeout(perform(kind, work(session)), OPERATION_LIMIT_MS, `"${kind}"`);
            measured(kind, performance.now() - began);
          } catch (error) {
            if (error instanceof Fatal) throw error;
            refusedSaves.push(`${where}: "${kind}" failed with the server running: ${message(error)}`);
          }
          stats.operations++;
        }
        const kind = chooseOperation(plan, await possibleOperations(work(session)));
        const delay = plan() * 1.25 * typical.get(kind)!;
        log.operation = kind;
        const began = performance.now();
        const operation = perform(kind, work(session)).then(
          (did) => ({ ok: true as const, did, ms: performance.now() - began }),
          (error: unknown) => ({ ok: false as const, error: message(error) }),
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        const killed = running;
        await killed.kill();
        const ended = await withTimeout(operation, OPERATION_LIMIT_MS, `"${kind}" after the kill`);
        const inFlight = `${kind}, killed ${Math.round(delay)} ms after it began${ended.ok ? ` (it had finished: ${ended.did})` : ` (it failed: ${ended.error})`}`;
        const fatal = (lines: string[]) =>
          new Fatal(`${where}, ${inFlight}:\n  ${lines.join('\n  ')}\nThe killed server's output:\n${killed.output().slice(-2_000)}\nReplay: ${replay} CRASH_CYCLES=${kills}`);
        if (ended.ok) measured(kind, ended.ms);
        else stats.killedMidOperation++;
        stats.operations++;
        session.end();
        session = null;
        lapTo('operating');

        // Started again on the same folder: the window reconnects with the new launch token.
        running = await start(current).catch((error: unknown) => {
          throw fatal([`the app does not start again: ${message(error)}`]);
        });
        lapTo('starting');
        const inDoubt = current.model.acknowledge(log.take());
        stats.writesInDoubt += inDoubt.length;
        log.operation = 'reopening the ledger after the restart';
        const status = await ledger.vaultStatus({});
        if (!status.ok || status.value.state !== 'ready') throw fatal([`the ledger does not open after the restart: ${JSON.stringify(status)}`]);
        const found = current.model.reconcile(await readDataFolder(current.folders.dataDir), inDoubt, status.value.readModelMarker);
        stats.foundWhole += found.adopted.length;
        stats.finishedByMain += found.adopted.filter((text) => text.startsWith('disposition')).length;
        stats.leftoverTemps = Math.max(stats.leftoverTemps, found.leftoverTemps);
        stats.tornQuarantines = Math.max(stats.tornQuarantines, found.tornQuarantines);
        if (found.problems.length) throw fatal(found.problems);
        if (status.value.head.seq !== current.model.lastSeq) throw fatal([`main reports head seq ${status.value.head.seq}; the journal on disk ends at ${current.model.lastSeq}`]);
        lapTo('checkingTheFolder');

        log.operation = 'verifying the chain';
        const verified = await verifyChain(ledger, RECORDS_MANAGER.id, current.model.lastSeq);
        if (verified.auditEntry) current.model.acknowledgeOwnEntry(verified.auditEntry.seq, verified.auditEntry.event);
        if (verified.problems.length) throw fatal(verified.problems);
        lapTo('verifying');

        // The window unlocks again: its read model is brought up to the journal, with main's marker.
        log.operation = 'unlocking after the restart';
        const opened = await openSession(ledger, current.dbName, keys, status.value.readModelMarker);
        session = opened.session;
        current.model.acknowledge(log.take());
        if (opened.outcome.rebuiltBecause) readModel.push(`${where}, ${inFlight}: the window's read model was thrown away at the restart: ${opened.outcome.rebuiltBecause}`);
        const held = await heldRecordsDisposed(session);
        if (held.length) throw fatal(held);
        lapTo('unlocking');

        const rebuilt = await rebuildFromJournal(wire.api, `${current.dbName}-rebuilt-${kills}`, keys);
        let differences: string[];
        try {
          differences = [...(await readModelDifferences(session.db, rebuilt.db)), ...rebuilt.outcome.unreadable.map((u) => `the journal's seq ${u.seq} cannot be read: ${u.reason}`)];
        } finally {
          rebuilt.db.close();
          await rebuilt.db.delete();
        }
        if (differences.length) {
          const shown = differences.slice(0, 8).join('\n    ') + (differences.length > 8 ? `\n    …and ${differences.length - 8} more` : '');
          readModel.push(`${where}, ${inFlight}: the window's read model differs from a rebuild from the journal:\n    ${shown}`);
          // Go on from a read model that is right, so one difference is not reported again at every later kill.
          session.end();
          await session.db.delete();
          session = (await openSession(ledger, current.dbName, keys, null)).session;
          current.model.acknowledge(log.take());
        }
      }

      await running.kill();
      session.end();
      await session.db.delete();
      session = null;
      rmSync(folder, { recursive: true, force: true });
    }
  } catch (error) {
    if (!(error instanceof Fatal)) throw error;
    stoppedBy = error.message;
  } finally {
    session?.end();
    await (server as RunningServer | null)?.kill();
  }

  const seconds = (performance.now() - startedAt) / 1000;
  options.say(
    `Crash campaign, seed ${seed}: ${kills} kills in ${seconds.toFixed(1)} s (${((seconds * 1000) / kills).toFixed(0)} ms each: ` +
      `${Object.entries(spent).map(([phase, ms]) => `${phase.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${(ms / kills).toFixed(0)}`).join(', ')}). ` +
      `${stats.operations} operations, ${stats.killedMidOperation} cut short by the kill; ${stats.writesInDoubt} writes in doubt, ${stats.foundWhole} of them found whole ` +
      `(${stats.finishedByMain} dispositions finished by main at its restart); at most ${stats.leftoverTemps} leftover temp files and ${stats.tornQuarantines} quarantined torn tails in one folder.`,
  );
  return { kills, stoppedBy, refusedSaves, readModel };
}
