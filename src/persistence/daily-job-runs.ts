import type { PrismaClient } from './prisma-client.js';

/** What the daily jobs need from the database: a claim on today's run of a job, and its outcome. */
export type DailyJobRuns = {
  /** Today's run of `job` (by the database's clock, in UTC) for `holder`, or null when some process already took it. */
  claim(job: string, holder: string): Promise<{ readonly day: string } | null>;
  finish(job: string, day: string, outcome: string): Promise<void>;
};

export class PrismaDailyJobRuns implements DailyJobRuns {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(job: string, holder: string): Promise<{ readonly day: string } | null> {
    const rows = await this.prisma.$queryRaw<{ day: string }[]>`
      INSERT INTO "DailyJobRun" ("job", "day", "holder")
      VALUES (${job}, (now() AT TIME ZONE 'UTC')::date, ${holder})
      ON CONFLICT DO NOTHING
      RETURNING to_char("day", 'YYYY-MM-DD') AS "day"`;
    return rows[0] ?? null;
  }

  async finish(job: string, day: string, outcome: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "DailyJobRun" SET "finishedAt" = now(), "outcome" = ${outcome}
      WHERE "job" = ${job} AND "day" = ${day}::date`;
  }
}
