import { CaseStateConflict } from '../../src/domain/lifecycle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { createPrismaClient } from '../../src/persistence/prisma-client.js';
import { PrismaSettingsRepository } from '../../src/persistence/settings-repository.js';
import type { NewCase } from '../../src/ports.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

const GUILD_A = '100000000000000001';
const GUILD_B = '100000000000000002';
const MOD = '200000000000000001';

const newCase = (guildId: string, overrides: Partial<NewCase> = {}): NewCase => ({
  guildId,
  category: 'harassment',
  realLife: false,
  offPlatform: false,
  exposureLocation: null,
  summary: 'Keeps following them from channel to channel.',
  openedById: MOD,
  parties: [
    { userId: '300000000000000001', role: 'complainant' },
    { userId: '300000000000000002', role: 'accused' },
  ],
  ...overrides,
});

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`case repository on ${kind} database`, () => {
    let db: TestDatabase;
    let cases: PrismaCaseRepository;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      cases = new PrismaCaseRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('opens a case with its parties and an opening event, and reads it back by number', async () => {
      const opened = await cases.open(newCase('g-open'));
      expect(opened.number).toBe(1);
      expect(opened.status).toBe('open');
      expect(opened.parties.map((p) => [p.role, p.position])).toEqual([
        ['complainant', 1],
        ['accused', 2],
      ]);
      const found = await cases.find('g-open', 1);
      expect(found?.id).toBe(opened.id);
      const detail = await cases.detail('g-open', 1, 10);
      expect(detail?.recentEvents.map((e) => e.type)).toEqual(['case_opened']);
    });

    it('keeps a case of guild A invisible from guild B, by number, list and user', async () => {
      const a = await cases.open(newCase(GUILD_A));
      expect(await cases.find(GUILD_B, a.number)).toBeNull();
      expect(await cases.detail(GUILD_B, a.number, 5)).toBeNull();
      expect((await cases.list(GUILD_B, { page: 0, pageSize: 10 })).total).toBe(0);
      expect(await cases.openCasesOfUser(GUILD_B, '300000000000000001')).toEqual([]);
      expect((await cases.list(GUILD_A, { page: 0, pageSize: 10 })).total).toBe(1);
    });

    it('reads the whole record in one query: the newest events first, only as many as asked, and nothing of another guild', async () => {
      const c = await cases.open(newCase('g-detail'));
      for (let i = 1; i <= 12; i++) await cases.appendEvent('g-detail', c.id, { type: `step_${i}`, actorId: MOD });
      const sql: string[] = [];
      const counted = createPrismaClient(db.url, { poolSize: 1, onQuery: (q) => sql.push(q.sql) });
      try {
        const detail = await new PrismaCaseRepository(counted).detail('g-detail', c.number, 10);
        expect(detail?.recentEvents.map((e) => e.type)).toEqual(Array.from({ length: 10 }, (_, i) => `step_${12 - i}`));
        expect(detail?.parties).toHaveLength(2);
        expect(sql).toHaveLength(1);
      } finally {
        await counted.$disconnect();
      }
      expect(await cases.detail('g-other', c.number, 10)).toBeNull();
    });

    it('gives the statements of a case (party and text) for counting sides, only within the guild', async () => {
      const c = await cases.open(newCase('g-sides'));
      const [complainant] = c.parties;
      await cases.addStatement('g-sides', c.id, { partyId: complainant!.id, recordedById: MOD, text: 'My side', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
      expect(await cases.sideStatements('g-sides', c.id)).toEqual([{ partyId: complainant!.id, text: 'My side' }]);
      expect(await cases.sideStatements('g-other', c.id)).toEqual([]);
    });

    it('tells which listed cases have a given user as a party, only within the guild', async () => {
      const one = await cases.open(newCase('g-party'));
      const two = await cases.open(newCase('g-party', { parties: [{ userId: '300000000000000003', role: 'complainant' }, { userId: '300000000000000002', role: 'accused' }] }));
      const ids = [one.id, two.id];
      expect([...(await cases.casesWithParty('g-party', '300000000000000001', ids))]).toEqual([one.id]);
      expect([...(await cases.casesWithParty('g-party', '300000000000000002', ids))].sort()).toEqual([...ids].sort());
      expect((await cases.casesWithParty('g-other', '300000000000000002', ids)).size).toBe(0);
      expect((await cases.casesWithParty('g-party', '300000000000000002', [])).size).toBe(0);
    });

    it('refuses to change a case through another guild id', async () => {
      const a = await cases.open(newCase('g-scope-a'));
      const party = a.parties[0]!;
      await expect(cases.addSide('g-scope-b', a.id, { party: { id: party.id }, statement: { recordedById: MOD, text: 'x', source: 'moderator_entry' } }, () => ({ events: [], owed: [] }))).rejects.toThrow();
      await expect(cases.close('g-scope-b', a.id, { outcome: 'no_action', reason: 'x', closedById: MOD, at: new Date() }, { type: 'case_closed', actorId: MOD })).rejects.toThrow();
      expect((await cases.find('g-scope-a', a.number))?.status).toBe('open');
    });

    it('gives 50 concurrent opens in one guild the numbers 1 to 50 with no gap or duplicate', async () => {
      const opened = await Promise.all(Array.from({ length: 50 }, () => cases.open(newCase('g-concurrent'))));
      const numbers = opened.map((c) => c.number).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await cases.list('g-concurrent', { page: 0, pageSize: 100 })).total).toBe(50);
    });

    it('leaves no case, party, event or used number behind when the open transaction fails half way', async () => {
      const guildId = 'g-rollback';
      // The same user twice violates the (case, user) unique key after the
      // counter and the case row were written inside the transaction.
      const broken = newCase(guildId, {
        parties: [
          { userId: '300000000000000009', role: 'complainant' },
          { userId: '300000000000000009', role: 'accused' },
        ],
      });
      await expect(cases.open(broken)).rejects.toThrow();
      expect(await db.prisma.case.count({ where: { guildId } })).toBe(0);
      expect(await db.prisma.party.count({ where: { guildId } })).toBe(0);
      expect(await db.prisma.caseEvent.count({ where: { guildId } })).toBe(0);
      expect((await cases.open(newCase(guildId))).number).toBe(1);
    });

    it('records statements, escalations, a single acknowledgement and a close, each with its event', async () => {
      const guildId = 'g-flow';
      const c = await cases.open(newCase(guildId));
      const [complainant, accused] = c.parties;
      await db.prisma.party.update({ where: { id: complainant!.id }, data: { threadId: '400000000000000001' } });
      await cases.appendEvent(guildId, c.id, { type: 'thread_created', actorId: MOD });
      await cases.addStatement(guildId, c.id, { partyId: complainant!.id, recordedById: MOD, text: 'My side.', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
      await cases.addNote(guildId, c.id, { authorId: MOD, text: 'Staff only.' }, { type: 'note_added', actorId: MOD });
      const esc = await cases.addEscalation(guildId, c.id, { escalatedById: MOD, reason: 'legitimate complaint', urgency: 'urgent' }, { type: 'case_escalated', actorId: MOD });
      const first = await cases.acknowledgeEscalation(guildId, esc.id, 'admin-1', new Date());
      const second = await cases.acknowledgeEscalation(guildId, esc.id, 'admin-2', new Date());
      expect(first?.acknowledgedById).toBe('admin-1');
      expect(second).toBeNull();
      const { party: witness } = await cases.addSide(guildId, c.id, { party: { userId: '300000000000000003', role: 'witness' }, statement: null }, () => ({ events: [{ type: 'party_added', actorId: MOD }], owed: [] }));
      expect(witness.position).toBe(3);
      const closed = await cases.close(guildId, c.id, { outcome: 'advised_self_help', reason: 'Both advised.', closedById: MOD, at: new Date() }, { type: 'case_closed', actorId: MOD });
      expect(closed.status).toBe('closed');
      await expect(cases.close(guildId, c.id, { outcome: 'no_action', reason: 'again', closedById: MOD, at: new Date() }, { type: 'case_closed', actorId: MOD })).rejects.toThrow(CaseStateConflict);

      const detail = await cases.detail(guildId, c.number, 20);
      expect(detail?.parties.find((p) => p.id === complainant!.id)?.threadId).toBe('400000000000000001');
      expect(detail?.statements.map((s) => s.text)).toEqual(['My side.']);
      expect(detail?.notes.map((n) => n.text)).toEqual(['Staff only.']);
      expect(detail?.escalations[0]?.acknowledgedById).toBe('admin-1');
      expect(detail?.recentEvents.map((e) => e.type)).toEqual([
        'case_closed',
        'party_added',
        'escalation_acknowledged',
        'case_escalated',
        'note_added',
        'statement_recorded',
        'thread_created',
        'case_opened',
      ]);
      expect(accused?.role).toBe('accused');
    });

    it('stores safe-chat deliveries, failed ones included, and finds the recent ones per user', async () => {
      const guildId = 'g-deliveries';
      const since = new Date(Date.now() - 60_000);
      await cases.recordDelivery(guildId, { caseId: null, userId: 'u1', requestedById: MOD, topics: ['self_help', 'personal_info'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
      await cases.recordDelivery(guildId, { caseId: null, userId: 'u1', requestedById: MOD, topics: ['real_life'], channel: 'none', delivered: false, failureReason: 'dms-closed' }, { type: 'safechat_failed', actorId: MOD });
      const recent = await cases.recentDeliveries(guildId, 'u1', since);
      expect(recent).toHaveLength(2);
      expect(recent.find((d) => !d.delivered)?.failureReason).toBe('dms-closed');
      expect(await cases.recentDeliveries('other-guild', 'u1', since)).toEqual([]);
    });

    it('lists cases newest first, filtered by status and paged', async () => {
      const guildId = 'g-list';
      for (let i = 0; i < 5; i++) await cases.open(newCase(guildId));
      const c2 = await cases.find(guildId, 2);
      await cases.close(guildId, c2!.id, { outcome: 'no_action', reason: 'r', closedById: MOD, at: new Date() }, { type: 'case_closed', actorId: MOD });
      const page0 = await cases.list(guildId, { page: 0, pageSize: 2 });
      expect(page0.items.map((c) => c.number)).toEqual([5, 4]);
      expect(page0.total).toBe(5);
      const closed = await cases.list(guildId, { status: 'closed', page: 0, pageSize: 10 });
      expect(closed.items.map((c) => c.number)).toEqual([2]);
    });

    it('saves guild settings with an audit event and reads them back only for that guild', async () => {
      const settings = new PrismaSettingsRepository(db.prisma);
      const saved = await settings.save(
        { guildId: 'g-settings', staffRoleId: '1', adminRoleId: '2', escalationChannelId: '3', interviewChannelId: '4', caseLogChannelId: null, reportsChannelId: null, retentionDays: null, communityName: 'Test', standardsUrl: 'https://example.org/standards' },
        MOD,
      );
      expect(await settings.get('g-settings')).toEqual(saved);
      expect(await settings.get('g-other')).toBeNull();
      expect(await db.prisma.caseEvent.count({ where: { guildId: 'g-settings', type: 'settings_updated' } })).toBe(1);
    });
  });
}
