import { hostname } from 'node:os';
import type { Logger } from '../logging/logger.js';
import type { DailyJobRuns } from '../persistence/daily-job-runs.js';

/** A job that runs once a day across every process of the bot. */
export type DailyJob = { readonly name: string; run(): Promise<unknown> };

export type DailyJobsOptions = {
  /** How often each process looks whether today's run is still to be done. */
  readonly checkEveryMs: number;
  /** The first look after start (a minute, or sooner when the checks are more frequent). */
  readonly firstCheckMs?: number;
};

/** Who took a run, as written in DailyJobRun.holder. */
export const jobHolder = (): string => `${hostname()}:${process.pid}`;

/**
 * Looks every `checkEveryMs` whether today's run of each job is taken, and runs
 * the ones it gets to claim first. The claim is a row per job and UTC day, so a
 * restart does not run a job twice in one day and many processes run it once.
 * A run that fails is logged and not retried until the next day, as before.
 */
export function scheduleDailyJobs(jobs: readonly DailyJob[], runs: DailyJobRuns, logger: Logger, options: DailyJobsOptions): { stop(): Promise<void>; check(): Promise<void> } {
  const holder = jobHolder();
  let running: Promise<void> = Promise.resolve();
  const checkOne = async (job: DailyJob): Promise<void> => {
    const claimed = await runs.claim(job.name, holder);
    if (!claimed) return;
    logger.info({ job: job.name, day: claimed.day }, 'daily job taken up here');
    try {
      const outcome = await job.run();
      await runs.finish(job.name, claimed.day, JSON.stringify(outcome ?? null));
      logger.info({ job: job.name, day: claimed.day, outcome }, 'daily job done');
    } catch (error) {
      await runs.finish(job.name, claimed.day, `failed: ${error instanceof Error ? error.message : String(error)}`).catch(() => undefined);
      logger.error({ err: error, job: job.name }, 'daily job failed; it runs again tomorrow');
    }
  };
  const check = (): Promise<void> => {
    running = running.then(() => Promise.all(jobs.map((job) => checkOne(job).catch((error: unknown) => logger.error({ err: error, job: job.name }, 'could not look at the daily job; trying at the next check')))).then(() => undefined));
    return running;
  };
  const first = setTimeout(() => void check(), options.firstCheckMs ?? Math.min(60_000, options.checkEveryMs));
  const every = setInterval(() => void check(), options.checkEveryMs);
  first.unref();
  every.unref();
  return {
    check,
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
