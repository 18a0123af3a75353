import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

const GUILD = '100000000000000001';
const MOD = '200000000000000001';

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`the audit log is append-only (${kind} database)`, () => {
    let db: TestDatabase;
    let caseId: string;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      const opened = await new PrismaCaseRepository(db.prisma).forGuild(GUILD).open({
        category: 'harassment',
        realLife: false,
        offPlatform: false,
        exposureLocation: null,
        summary: 'Audit me',
        openedById: MOD,
        parties: [
          { userId: '300000000000000001', role: 'complainant' },
          { userId: '300000000000000002', role: 'accused' },
        ],
      });
      caseId = opened.id;
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('refuses to update an event, even through raw SQL', async () => {
      await expect(db.prisma.caseEvent.updateMany({ where: { caseId }, data: { type: 'rewritten' } })).rejects.toThrow(/append-only/);
      await expect(db.prisma.$executeRawUnsafe(`UPDATE "CaseEvent" SET "actorId" = 'x'`)).rejects.toThrow(/append-only/);
      expect((await db.prisma.caseEvent.findFirstOrThrow({ where: { caseId } })).type).toBe('case_opened');
    });

    it('refuses to delete or truncate events, and so to delete a case with its history', async () => {
      await expect(db.prisma.caseEvent.deleteMany({ where: { caseId } })).rejects.toThrow(/append-only/);
      await expect(db.prisma.$executeRawUnsafe('TRUNCATE "CaseEvent"')).rejects.toThrow(/append-only/);
      await expect(db.prisma.case.delete({ where: { id: caseId } })).rejects.toThrow(/append-only/);
      expect(await db.prisma.caseEvent.count({ where: { caseId } })).toBe(1);
    });

    it('lets only a transaction marked as the retention sweep delete, and still never update', async () => {
      // The refusal is kept and asserted outside: the failed statement aborts that transaction, whose own
      // rejection is expected and ignored.
      let refused: unknown = null;
      await db.prisma
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`SET LOCAL bothsides.retention_sweep = 'on'`);
          refused = await tx.$executeRawUnsafe(`UPDATE "CaseEvent" SET "type" = 'x' WHERE "caseId" = '${caseId}'`).then(
            () => 'the update went through',
            (error: unknown) => error,
          );
        })
        .catch(() => undefined);
      expect(refused).toBeInstanceOf(Error);
      expect(String(refused)).toMatch(/append-only/);
      await db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL bothsides.retention_sweep = 'on'`);
        await tx.case.delete({ where: { id: caseId } });
      });
      expect(await db.prisma.caseEvent.count({ where: { caseId } })).toBe(0);
      // The mark ended with its transaction.
      await db.prisma.caseEvent.create({ data: { guildId: GUILD, actorId: MOD, type: 'after' } });
      await expect(db.prisma.caseEvent.deleteMany({ where: { type: 'after' } })).rejects.toThrow(/append-only/);
    });
  });
}

describe('no code path changes an audit event', () => {
  it('nothing under src/ or commands/ calls update or delete on caseEvent, nor writes UPDATE/DELETE on "CaseEvent"', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'generated') await walk(path);
        } else if (entry.name.endsWith('.ts')) {
          const text = await readFile(path, 'utf8');
          if (/caseEvent\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/.test(text) || /(UPDATE|DELETE\s+FROM)\s+"CaseEvent"/i.test(text)) offenders.push(path);
        }
      }
    };
    await walk(join(root, 'src'));
    await walk(join(root, 'commands'));
    expect(offenders).toEqual([]);
  });
});
