/**
 * How much the fuzz tests run. `npm test` keeps a small seeded run (a tenth
 * of the full figures, seed 20261202); `npm run test:fuzz` runs the full
 * figures, and `FUZZ_RUNS=N` sets the runs of the largest property (the
 * others keep their proportion). `FUZZ_SEED` replays a run; the seed in use
 * is printed.
 */
import fc from 'fast-check';

/** The runs of the largest property at full size. */
export const FULL_RUNS = 4_000;

const configured = Number(process.env.FUZZ_RUNS);
const factor = Number.isFinite(configured) && configured > 0 ? configured / FULL_RUNS : 0.1;
const envSeed = Number(process.env.FUZZ_SEED);
export const FUZZ_SEED = Number.isInteger(envSeed) ? envSeed : 20261202;

fc.configureGlobal({ seed: FUZZ_SEED });
console.info(`fuzz: seed ${FUZZ_SEED}, ${Math.round(factor * 100)}% of the full runs (FUZZ_RUNS=${Math.round(factor * FULL_RUNS)})`);

/** This property's runs, from its full-size figure. */
export const runs = (full: number): number => Math.max(10, Math.round(full * factor));
