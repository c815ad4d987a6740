import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { checkAfterEveryOperation, checkEverything } from './invariants';
import { JournalChain } from './journal-chain';
import { SeededRandom, seedFrom } from './seeded-random';
import { SignedInLedger } from './signed-in-ledger';
import { SoakModel } from './soak-model';
import { operations, type OperationName, type SoakContext } from './user-operations';

/**
 * The soak: random user operations against the real renderer code and main's
 * real services, with every invariant checked after each one. The test suite
 * runs a bounded number; `npm run soak` runs 10,000 (SOAK_OPS). The seed is
 * printed; SOAK_SEED replays a run operation for operation.
 */
const OPERATIONS = Number(process.env.SOAK_OPS ?? 600);
const SEED = seedFrom(process.env.SOAK_SEED);
/**
 * K: the full checks (main's verification of the whole journal on disk, the
 * read model against a rebuild from the journal, every record and the
 * retention schedule against the model) run every K operations and at the
 * end. Each reads everything, so running them after every operation would
 * make a run quadratic in its length. Between them, every operation is still
 * checked: each new link of the chain, the records in every state, what it
 * touched, and on the spot whatever it destroyed. What only the full checks
 * see (the journal as a restart reads it, a read model drifting from its
 * journal) is caught within K operations of its cause, and a failure names
 * the seed and operation to replay up to. K = 50 here keeps them to about a
 * third of a 600-operation run; `npm run soak` uses 250 (about an eighth of a
 * 10,000-operation run).
 */
const FULL_CHECK_EVERY = Number(process.env.SOAK_FULL_CHECK_EVERY ?? 50);
const START_DAY = '2026-01-05';

describe('the soak', () => {
  it(
    'keeps every invariant after each of its random user operations (SOAK_OPS of them, seeded by SOAK_SEED)',
    async () => {
      console.log(`Soak: ${OPERATIONS} operations, seed ${SEED}. Replay with SOAK_SEED=${SEED} SOAK_OPS=${OPERATIONS}.`);
      const desk = await SignedInLedger.open();
      const timings = new Map<string, { count: number; ms: number }>();
      const started = performance.now();
      try {
        let number = 0;
        const context: SoakContext = {
          desk,
          model: new SoakModel(START_DAY),
          random: new SeededRandom(SEED),
          chain: new JournalChain(desk.ledger),
          nextNumber: () => ++number,
        };
        await context.chain.checkNewEntries();
        const weights = Object.fromEntries(Object.entries(operations).map(([name, op]) => [name, op.weight])) as Record<OperationName, number>;
        const recent: string[] = [];
        const time = async (label: string, work: () => Promise<void>) => {
          const from = performance.now();
          await work();
          const spent = timings.get(label) ?? { count: 0, ms: 0 };
          timings.set(label, { count: spent.count + 1, ms: spent.ms + performance.now() - from });
        };

        for (let index = 1; index <= OPERATIONS; index++) {
          const name = context.random.weighted(weights);
          try {
            await time(name, async () => {
              const outcome = await operations[name].run(context);
              recent.push(`#${index} ${name}: ${outcome?.did ?? 'nothing to do'}`);
              await checkAfterEveryOperation(context, outcome);
            });
            if (index % FULL_CHECK_EVERY === 0) await time('full check', () => checkEverything(context));
          } catch (error) {
            throw new Error(
              `The soak (seed ${SEED}) failed at operation ${index} (${name}) on ${context.model.today}. Replay it with SOAK_SEED=${SEED} SOAK_OPS=${index}.\n` +
                `The last operations:\n  ${recent.slice(-12).join('\n  ')}\n${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            );
          }
        }
        await time('full check', () => checkEverything(context));

        const { model } = context;
        const total = performance.now() - started;
        const perOperation = [...timings].filter(([label]) => label !== 'full check').reduce((sum, [, t]) => sum + t.ms, 0) / OPERATIONS;
        console.log(
          [
            `Soak seed ${SEED}: ${OPERATIONS} operations in ${(total / 1000).toFixed(1)} s (${perOperation.toFixed(1)} ms per operation with its checks; full checks every ${FULL_CHECK_EVERY}).`,
            `Ledger at the end (${model.today}): ${JSON.stringify(model.counts())}; journal entries ${context.chain.head}.`,
            `Disposition: ${model.tally.destroyed} destroyed, ${model.tally.leftOut} left out at execution (${model.tally.heldAtExecution} because held), ${model.tally.refusals} refused executions.`,
            ...[...timings].sort(([a], [b]) => a.localeCompare(b)).map(([label, t]) => `  ${label.padEnd(26)} ${String(t.count).padStart(6)} × ${(t.ms / t.count).toFixed(1).padStart(7)} ms`),
          ].join('\n'),
        );
        // A run as long as the suite's reaches every stage: records logged, batches approved, records destroyed, some left out.
        if (OPERATIONS >= 300) {
          expect(model.removals.size, 'removals logged').toBeGreaterThan(0);
          expect(model.tally.destroyed, 'records destroyed').toBeGreaterThan(0);
          expect(model.tally.leftOut + model.tally.refusals, 'records left out or executions refused').toBeGreaterThan(0);
        }
      } finally {
        await desk.close();
      }
    },
    Math.max(120_000, OPERATIONS * 300),
  );
});
