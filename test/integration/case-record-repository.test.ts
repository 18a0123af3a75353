import { testGuild } from '../support/repository-subjects.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCaseRecordRepository } from '../../src/persistence/case-record-repository.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { PrismaSettingsRepository } from '../../src/persistence/settings-repository.js';
import type { GuildSettings } from '../../src/ports.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { addEvidence, verifyEvidence } from '../../src/services/evidence.js';
import { ALEX, DAY_MS, evidenceOf, message, MOD, newCase, ROBIN, SAM } from '../support/case-fixtures.js';
import { createHarness, IDS } from '../support/fakes/service-harness.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

/**
 * What only PrismaCaseRecordRepository can be asked: evidence bytes changed
 * behind its back with SQL, and what the retention sweep leaves in the tables
 * (the append-only audit log, reports unlinked). Its behaviour, shared with
 * the in-memory fake, is in case-record-repository.contract.test.ts.
 */
const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`case record repository, Prisma only, on ${kind} database`, () => {
    let db: TestDatabase;
    let cases: PrismaCaseRepository;
    let records: PrismaCaseRecordRepository;
    let settings: PrismaSettingsRepository;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      cases = new PrismaCaseRepository(db.prisma);
      records = new PrismaCaseRecordRepository(db.prisma);
      settings = new PrismaSettingsRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    const closeAt = (guildId: string, caseId: string, at: Date) =>
      cases.forGuild(guildId).close(caseId, { outcome: 'no_action', reason: 'Done', closedById: MOD, at }, { type: 'case_closed', actorId: MOD });

    const settingsFor = (guildId: string, retentionDays: number | null): GuildSettings => ({
      guildId,
      staffRoleId: IDS.STAFF_ROLE,
      adminRoleId: IDS.ADMIN_ROLE,
      escalationChannelId: IDS.ESCALATION_CHANNEL,
      interviewChannelId: IDS.INTERVIEW_CHANNEL,
      caseLogChannelId: null,
      reportsChannelId: null,
      retentionDays,
      communityName: 'Example Town',
      standardsUrl: 'https://example.org/standards',
      language: 'en-US',
      escalationReminderHours: 12,
      staleDays: 7,
      followupDays: 3,
    });

    describe('evidence', () => {
      it('verifyEvidence over the real repositories finds a row whose bytes were changed with raw SQL', async () => {
        const guildId = '100000000000000071';
        await settings.forGuild(guildId).save(settingsFor(guildId, null), MOD);
        const h = createHarness();
        const deps: ServiceDeps = { ...h.deps, cases, settings, caseRecords: records };
        const opened = await cases.forGuild(guildId).open(newCase());
        const urls = ['https://cdn.discordapp.com/attachments/1/2/a.png', 'https://cdn.discordapp.com/attachments/1/2/b.png'];
        urls.forEach((url, i) => h.recordDiscord.files.set(url, { bytes: new TextEncoder().encode(`file ${i}`), contentType: 'image/png' }));
        for (const url of urls) {
          const result = await addEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number, source: { kind: 'file', url, name: 'a.png', contentType: null, size: 6 }, note: null });
          expect(result.ok).toBe(true);
        }
        const before = await verifyEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number });
        expect(before.ok && before.value.items.map((i) => i.result)).toEqual(['intact', 'intact']);

        const [, second] = await records.forGuild(guildId).evidenceOf(opened.id);
        const changed = await db.prisma.$executeRaw`UPDATE "Evidence" SET "bytes" = convert_to('file 1, doctored', 'UTF8') WHERE "id" = ${second!.id}`;
        expect(changed).toBe(1);

        const after = await verifyEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number });
        expect(after.ok && after.value.items.map((i) => [i.number, i.result])).toEqual([
          [1, 'intact'],
          [2, 'changed'],
        ]);
        const verified = (await records.forGuild(guildId).allEvents(opened.id)).filter((e) => e.type === 'evidence_verified');
        expect(verified.map((e) => e.data)).toEqual([
          { items: 2, problems: [] },
          { items: 2, problems: [{ number: 2, result: 'changed' }] },
        ]);

        await db.prisma.$executeRaw`UPDATE "Evidence" SET "bytes" = NULL WHERE "id" = ${second!.id}`;
        const gone = await verifyEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number });
        expect(gone.ok && gone.value.items.map((i) => i.result)).toEqual(['intact', 'missing']);
      });
    });

    describe('retention', () => {
      it('deletes expired cases with everything about them despite the append-only audit log, writes the retention log, unlinks reports, and leaves held cases and other guilds alone', async () => {
        const guildId = testGuild('g-delete');
        const otherGuild = testGuild('g-delete-other');
        const now = new Date();
        const longAgo = new Date(now.getTime() - 100 * DAY_MS);

        const doomed = await cases.forGuild(guildId).open(newCase());
        const [complainant] = doomed.parties;
        await db.prisma.party.update({ where: { id: complainant!.id }, data: { threadId: '450000000000000001' } });
        await cases.forGuild(guildId).addStatement(doomed.id, { partyId: complainant!.id, recordedById: MOD, text: 'personal statement', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
        await cases.forGuild(guildId).addNote(doomed.id, { authorId: MOD, text: 'staff note' }, { type: 'note_added', actorId: MOD });
        await cases.forGuild(guildId).addEscalation(doomed.id, { escalatedById: MOD, reason: 'worrying', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
        await cases.forGuild(guildId).recordDelivery({ caseId: doomed.id, userId: ALEX, requestedById: MOD, topics: ['self_help'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
        await records.forGuild(guildId).saveTranscript(doomed.id, [message(doomed, '700000000000000001', longAgo)], { type: 'transcript_recorded', actorId: MOD });
        await records.forGuild(guildId).addEvidence(doomed.id, evidenceOf(new Uint8Array([9, 9, 9])), { type: 'evidence_added', actorId: MOD });
        await closeAt(guildId, doomed.id, longAgo);

        const held = await cases.forGuild(guildId).open(newCase());
        await records.forGuild(guildId).addEvidence(held.id, evidenceOf(new Uint8Array([7])), { type: 'evidence_added', actorId: MOD });
        await closeAt(guildId, held.id, longAgo);
        await records.forGuild(guildId).setLegalHold(held.id, true, { type: 'legal_hold_set', actorId: MOD });

        const elsewhere = await cases.forGuild(otherGuild).open(newCase());
        await closeAt(otherGuild, elsewhere.id, longAgo);

        const report = await db.prisma.report.create({ data: { guildId, number: 1, reporterId: ALEX, reportedUserId: SAM, status: 'case_opened', caseId: doomed.id, handledById: MOD, handledAt: longAgo } });
        const heldReport = await db.prisma.report.create({ data: { guildId, number: 2, reporterId: ROBIN, reportedUserId: SAM, status: 'merged', caseId: held.id } });

        const expired = await records.forGuild(guildId).expiredCases(new Date(now.getTime() - 30 * DAY_MS), 100);
        expect(expired.map((c) => c.id)).toEqual([doomed.id]);
        // The held case is passed too, as if held a moment after listing: the transaction checks again.
        const passed = [...expired, { id: held.id, number: held.number, closedAt: longAgo, evidencePaths: [] }];

        const count = (await records.forGuild(guildId).deleteExpired(passed, 30, now)).length;

        expect(count).toBe(1);
        const where = { caseId: doomed.id };
        expect(await db.prisma.case.count({ where: { id: doomed.id } })).toBe(0);
        expect(
          await Promise.all([
            db.prisma.party.count({ where }),
            db.prisma.statement.count({ where }),
            db.prisma.note.count({ where }),
            db.prisma.escalation.count({ where }),
            db.prisma.safeChatDelivery.count({ where }),
            db.prisma.caseEvent.count({ where }),
            db.prisma.transcriptMessage.count({ where }),
            db.prisma.evidence.count({ where }),
          ]),
        ).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);

        const log = await db.prisma.retentionLog.findMany({ where: { guildId } });
        expect(log.map(({ id: _id, ...row }) => row)).toEqual([{ guildId, caseNumber: doomed.number, closedAt: longAgo, retentionDays: 30, deletedAt: now }]);
        expect(await db.prisma.retentionLog.count({ where: { guildId: otherGuild } })).toBe(0);

        expect(await db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ caseId: null, status: 'case_opened', reporterId: ALEX });
        expect((await db.prisma.report.findUniqueOrThrow({ where: { id: heldReport.id } })).caseId).toBe(held.id);

        expect((await cases.forGuild(guildId).find(held.number))?.legalHold).toBe(true);
        expect(await records.forGuild(guildId).evidenceOf(held.id)).toHaveLength(1);
        expect((await records.forGuild(guildId).allEvents(held.id)).length).toBeGreaterThan(0);
        expect((await cases.forGuild(otherGuild).find(elsewhere.number))?.status).toBe('closed');

        // The permission to delete events ended with that transaction.
        await expect(db.prisma.caseEvent.deleteMany({ where: { caseId: held.id } })).rejects.toThrow(/append-only/);
        await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "CaseEvent" WHERE "caseId" = '${elsewhere.id}'`)).rejects.toThrow(/append-only/);
        await expect(db.prisma.case.delete({ where: { id: held.id } })).rejects.toThrow(/append-only/);
        expect(await db.prisma.caseEvent.count({ where: { caseId: held.id } })).toBeGreaterThan(0);
      });
    });
  });
}
