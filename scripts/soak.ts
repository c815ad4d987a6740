import { spawnSync } from 'node:child_process';

/**
 * The long soak: the test suite's soak (tests/unit/soak) with 10,000 random
 * user operations instead of a few hundred. `npm run soak -- 50000` sets how
 * many; SOAK_SEED=N replays a run (the seed is printed here and by the test).
 * The full checks run every 250 operations here rather than every 50: each
 * reads the whole journal, so at this length every 50 would make the run
 * several times longer for no check the per-operation ones do not already make.
 */
const operations = process.argv[2] ?? '10000';
if (!/^\d+$/.test(operations) || Number(operations) < 1) {
  console.error(`Give the number of operations as a whole number, for example: npm run soak -- 10000 (not "${operations}").`);
  process.exit(2);
}
const seed = process.env.SOAK_SEED ?? String(Math.floor(Math.random() * 0x1_0000_0000));
const fullCheckEvery = process.env.SOAK_FULL_CHECK_EVERY ?? '250';
console.log(`Soak: ${operations} operations, seed ${seed}, full checks every ${fullCheckEvery}. Replay with SOAK_SEED=${seed} npm run soak -- ${operations}`);
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/soak'], {
  stdio: 'inherit',
  env: { ...process.env, SOAK_OPS: operations, SOAK_SEED: seed, SOAK_FULL_CHECK_EVERY: fullCheckEvery },
});
process.exit(result.status ?? 1);
