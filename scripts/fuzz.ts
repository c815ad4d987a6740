import { spawnSync } from 'node:child_process';

/**
 * The long fuzzing run: the same properties as the test suite's bounded run
 * (tests/unit/fuzz), with many more cases each. `npm run fuzz -- 100000`
 * sets how many; fast-check prints the seed of any failure to replay it.
 */
const runs = process.argv[2] ?? '20000';
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/fuzz'], { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs } });
process.exit(result.status ?? 1);
