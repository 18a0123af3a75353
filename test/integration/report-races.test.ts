import { testGuild } from '../support/repository-subjects.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSubmission, rateLimitEndsAt, REPORT_MERGE_WINDOW_MS, REPORT_RATE_LIMIT } from '../../src/domain/reports.js';
import { PrismaReportRepository } from '../../src/persistence/report-repository.js';
import type { NewSubmission } from '../../src/ports.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

/**
 * Report forms sent by one member at the same instant, about the same
 * member (a double click, two devices): one report, as many submissions as
 * the rate limit takes, the rest refused; in 200 seeded runs of 2 to 7
 * simultaneous forms on each database.
 */
const RUNS = 200;
const SEED = Number(process.env.RACE_SEED ?? 20261202);
const REPORTED = '300000000000000002';
const form: NewSubmission = { kind: 'user', whatHappened: 'Keeps messaging me.', since: null, elsewhere: null, realLifeAnswer: null, other: null, evidence: null };

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`simultaneous report forms on the ${kind} database`, () => {
    let db: TestDatabase;
    let reports: PrismaReportRepository;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      reports = new PrismaReportRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it(`make one report and keep the rate limit, in ${RUNS} runs (seed ${SEED})`, async () => {
      const guildId = testGuild(`g-report-race-${kind}`);
      let reporterN = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 2, max: 7 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }), async (forms, delays) => {
          const reporterId = `4${String(++reporterN).padStart(17, '0')}`;
          const now = new Date();
          const send = async (i: number) => {
            await new Promise((r) => setTimeout(r, delays[i]));
            return reports.forGuild(guildId).submit({ reporterId, reportedUserId: REPORTED, realLife: false, offPlatform: false }, form, new Date(now.getTime() - REPORT_MERGE_WINDOW_MS), (recent) => {
              const plan = planSubmission(recent, REPORTED, now);
              return plan.ok ? plan : { ok: false, reason: plan.reason, until: rateLimitEndsAt(recent, now) };
            });
          };
          const outcomes = await Promise.all(Array.from({ length: forms }, (_, i) => send(i)));
          const taken = Math.min(forms, REPORT_RATE_LIMIT);
          expect(outcomes.filter((o) => o.ok)).toHaveLength(taken);
          expect(outcomes.filter((o) => !o.ok && o.reason === 'report-rate-limited')).toHaveLength(forms - taken);
          const stored = await db.prisma.report.findMany({ where: { guildId, reporterId }, include: { submissions: true } });
          expect(stored).toHaveLength(1);
          expect(stored[0]!.submissions).toHaveLength(taken);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    }, 120_000);
  });
}
