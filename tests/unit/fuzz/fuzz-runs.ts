/**
 * How many cases each property tries: a bounded number in the test suite,
 * many more under `npm run fuzz` (which sets FUZZ_RUNS). The seed is printed
 * by fast-check on a failure, so any case found can be replayed.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** A long run may take minutes; a bounded one must not hold up the suite. */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 200);
