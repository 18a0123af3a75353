import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../src/persistence/prisma-client.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { createTestDatabase, hasRealPostgres, type TestDatabase } from '../support/test-databases.js';

describe('the Prisma query listener (what the benchmark counts with)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(hasRealPostgres() ? 'postgresql' : 'embedded');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reports each SQL statement with its duration, transactions included', async () => {
    const seen: { sql: string; durationMs: number }[] = [];
    const prisma = createPrismaClient(db.url, { poolSize: 1, onQuery: (q) => seen.push(q) });
    try {
      const cases = new PrismaCaseRepository(prisma);
      expect(await cases.forGuild('100000000000000001').find(1)).toBeNull();
      expect(seen).toHaveLength(1);
      expect(seen[0]?.sql).toMatch(/^SELECT .*"Case"/);
      expect(seen[0]?.durationMs).toBeGreaterThanOrEqual(0);
      seen.length = 0;
      await cases.forGuild('100000000000000001').appendEvent(null, { type: 'settings_updated', actorId: '200000000000000001' });
      expect(seen.map((q) => q.sql.split(' ')[0])).toEqual(['INSERT']);
    } finally {
      await prisma.$disconnect();
    }
  });
});
