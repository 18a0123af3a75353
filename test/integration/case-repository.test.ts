import { testGuild } from '../support/repository-subjects.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { createPrismaClient } from '../../src/persistence/prisma-client.js';
import { MOD, newCase } from '../support/case-fixtures.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

/**
 * What only PrismaCaseRepository can be asked: how many SQL statements a read
 * takes, and what is left in the tables. Its behaviour, shared with the
 * in-memory fake, is in case-repository.contract.test.ts.
 */

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`case repository, Prisma only, on ${kind} database`, () => {
    let db: TestDatabase;
    let cases: PrismaCaseRepository;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      cases = new PrismaCaseRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('reads the whole record in one SQL statement', async () => {
      const c = await cases.forGuild(testGuild('g-detail')).open(newCase());
      for (let i = 1; i <= 12; i++) await cases.forGuild(testGuild('g-detail')).appendEvent(c.id, { type: 'note_added', actorId: MOD, data: { step: i } });
      const sql: string[] = [];
      const counted = createPrismaClient(db.url, { poolSize: 1, onQuery: (q) => sql.push(q.sql) });
      try {
        const detail = await new PrismaCaseRepository(counted).forGuild(testGuild('g-detail')).detail(c.number, 10);
        expect(detail?.recentEvents.map((e) => e.data.step)).toEqual(Array.from({ length: 10 }, (_, i) => 12 - i));
        expect(detail?.parties).toHaveLength(2);
        expect(sql).toHaveLength(1);
      } finally {
        await counted.$disconnect();
      }
    });

    it('leaves no row in any table, nor a used number, when the open transaction fails half way', async () => {
      const guildId = testGuild('g-rollback');
      // The same user twice violates the (case, user) unique key after the
      // counter and the case row were written inside the transaction.
      const broken = newCase({
        parties: [
          { userId: '300000000000000009', role: 'complainant' },
          { userId: '300000000000000009', role: 'accused' },
        ],
      });
      await expect(cases.forGuild(guildId).open(broken)).rejects.toThrow();
      expect(await db.prisma.case.count({ where: { guildId } })).toBe(0);
      expect(await db.prisma.party.count({ where: { guildId } })).toBe(0);
      expect(await db.prisma.caseEvent.count({ where: { guildId } })).toBe(0);
      expect(await db.prisma.guildCaseCounter.findUnique({ where: { guildId } })).toBeNull();
      expect((await cases.forGuild(guildId).open(newCase())).number).toBe(1);
    });
  });
}
