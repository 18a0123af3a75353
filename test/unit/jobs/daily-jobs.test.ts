import { describe, expect, it } from 'vitest';
import { scheduleDailyJobs } from '../../../src/jobs/daily-jobs.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { DailyJobRuns } from '../../../src/persistence/daily-job-runs.js';

/** The claims as the DailyJobRun table keeps them: one row per job and day, the first insert wins. */
class MemoryRuns implements DailyJobRuns {
  readonly rows = new Map<string, { holder: string; outcome: string | null }>();
  day = '2026-12-03';
  claim(job: string, holder: string) {
    const key = `${job}/${this.day}`;
    if (this.rows.has(key)) return Promise.resolve(null);
    this.rows.set(key, { holder, outcome: null });
    return Promise.resolve({ day: this.day });
  }
  finish(job: string, day: string, outcome: string) {
    this.rows.get(`${job}/${day}`)!.outcome = outcome;
    return Promise.resolve();
  }
}

describe('daily jobs', () => {
  const logger = createLogger('silent');
  const hours = { checkEveryMs: 3_600_000, firstCheckMs: 3_600_000 };

  it('runs each job once a day however many processes look, and again the next day', async () => {
    const runs = new MemoryRuns();
    let swept = 0;
    const jobs = [{ name: 'retention-sweep', run: () => Promise.resolve({ deleted: ++swept }) }];
    const a = scheduleDailyJobs(jobs, runs, logger, hours);
    const b = scheduleDailyJobs(jobs, runs, logger, hours);
    await Promise.all([a.check(), b.check(), a.check(), b.check()]);
    expect(swept).toBe(1);
    expect(runs.rows.get('retention-sweep/2026-12-03')?.outcome).toBe('{"deleted":1}');
    runs.day = '2026-12-04';
    await Promise.all([b.check(), a.check()]);
    expect(swept).toBe(2);
    await a.stop();
    await b.stop();
  });

  it('records a failed run and does not retry it that day; the other jobs still run', async () => {
    const runs = new MemoryRuns();
    let digests = 0;
    let attempts = 0;
    const s = scheduleDailyJobs(
      [
        { name: 'retention-sweep', run: () => (attempts++, Promise.reject(new Error('database went away'))) },
        { name: 'stale-digest', run: () => Promise.resolve(++digests) },
      ],
      runs,
      logger,
      hours,
    );
    await s.check();
    await s.check();
    expect(attempts).toBe(1);
    expect(digests).toBe(1);
    expect(runs.rows.get('retention-sweep/2026-12-03')?.outcome).toBe('failed: database went away');
    await s.stop();
  });

  it('looks again at the next check when the claim itself fails', async () => {
    const runs = new MemoryRuns();
    let down = true;
    const flaky: DailyJobRuns = { claim: (j, h) => (down ? Promise.reject(new Error('no connection')) : runs.claim(j, h)), finish: (j, d, o) => runs.finish(j, d, o) };
    let swept = 0;
    const s = scheduleDailyJobs([{ name: 'retention-sweep', run: () => Promise.resolve(++swept) }], flaky, logger, hours);
    await s.check();
    expect(swept).toBe(0);
    down = false;
    await s.check();
    expect(swept).toBe(1);
    await s.stop();
  });
});
