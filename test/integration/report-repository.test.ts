import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { PrismaReportRepository } from '../../src/persistence/report-repository.js';
import type { MessageEvidence, NewSubmission, ReportHandling } from '../../src/ports.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

const MOD = '200000000000000001';
const MOD2 = '200000000000000002';
const ALEX = '300000000000000001';
const SAM = '300000000000000002';
const ROBIN = '300000000000000003';

const submission = (overrides: Partial<NewSubmission> = {}): NewSubmission => ({
  kind: 'user',
  whatHappened: 'Keeps joining every channel I am in and messages me after I blocked them.',
  since: 'since last week',
  elsewhere: null,
  realLifeAnswer: null,
  other: null,
  evidence: null,
  ...overrides,
});

const evidence: MessageEvidence = {
  messageId: '600000000000000001',
  channelId: '500000000000000009',
  authorId: SAM,
  content: 'I know where you live.\nSee you "soon" 👀',
  sentAt: new Date('2025-03-01T11:58:00.123Z'),
  attachments: [
    { name: 'map.png', url: 'https://cdn.example.org/attachments/1/map.png' },
    { name: 'photo of the street.jpg', url: 'https://cdn.example.org/attachments/2/photo.jpg?ex=1&is=2' },
  ],
  link: 'https://discord.com/channels/100000000000000001/500000000000000009/600000000000000001',
};

const alexAboutSam = { reporterId: ALEX, reportedUserId: SAM, realLife: false, offPlatform: false };
const handling = (overrides: Partial<ReportHandling> = {}): ReportHandling => ({ status: 'dismissed', handledById: MOD, at: new Date('2025-03-01T12:30:00.000Z'), dismissReason: 'no pattern', ...overrides });

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`report repository on ${kind} database`, () => {
    let db: TestDatabase;
    let reports: PrismaReportRepository;

    const eventsOf = (guildId: string, type?: string) =>
      db.prisma.caseEvent.findMany({ where: { guildId, ...(type ? { type } : {}) }, orderBy: { id: 'asc' } });

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      reports = new PrismaReportRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('creates report #1 with its first submission and a report_submitted event, and reads it back by id and by number', async () => {
      const guildId = 'g-create';
      const created = await reports.create(guildId, { ...alexAboutSam, realLife: true }, submission({ kind: 'message', realLifeAnswer: 'they know my school', evidence }));

      expect(created).toMatchObject({ guildId, number: 1, reporterId: ALEX, reportedUserId: SAM, status: 'open', realLife: true, offPlatform: false, caseId: null, handledById: null, handledAt: null, dismissReason: null, queueChannelId: null, queueMessageId: null });
      expect(created.submissions).toHaveLength(1);
      expect(created.submissions[0]).toMatchObject({ reportId: created.id, kind: 'message', realLifeAnswer: 'they know my school', since: 'since last week', elsewhere: null, other: null });
      expect(await reports.find(guildId, created.id)).toEqual(created);
      expect(await reports.findByNumber(guildId, 1)).toEqual(created);
      const events = await eventsOf(guildId);
      expect(events.map((e) => e.type)).toEqual(['report_submitted']);
      expect(events[0]).toMatchObject({ caseId: null, actorId: ALEX, data: { reportId: created.id, number: 1, kind: 'message', realLife: true } });
    });

    it('keeps the reported message intact: content, time, link and the attachments in order', async () => {
      const created = await reports.create('g-evidence', alexAboutSam, submission({ kind: 'message', evidence }));
      const found = await reports.find('g-evidence', created.id);
      expect(found?.submissions[0]?.evidence).toEqual(evidence);
      expect(created.submissions[0]?.evidence).toEqual(evidence);
    });

    it('keeps a message whose content was not captured, and one without attachments', async () => {
      const bare: MessageEvidence = { ...evidence, content: null, sentAt: null, attachments: [] };
      const empty: MessageEvidence = { ...evidence, content: '' };
      const a = await reports.create('g-evidence-bare', alexAboutSam, submission({ kind: 'message', evidence: bare }));
      const b = await reports.create('g-evidence-bare', { ...alexAboutSam, reportedUserId: ROBIN }, submission({ kind: 'message', evidence: empty }));
      expect((await reports.find('g-evidence-bare', a.id))?.submissions[0]?.evidence).toEqual(bare);
      expect((await reports.find('g-evidence-bare', b.id))?.submissions[0]?.evidence).toEqual(empty);
    });

    it('reads a submission without a message as evidence null', async () => {
      const created = await reports.create('g-no-evidence', alexAboutSam, submission());
      expect((await reports.find('g-no-evidence', created.id))?.submissions[0]?.evidence).toBeNull();
    });

    it('gives 30 concurrent creates in one guild the numbers 1 to 30 with no gap or duplicate, and another guild starts at 1', async () => {
      const created = await Promise.all(Array.from({ length: 30 }, () => reports.create('g-concurrent', alexAboutSam, submission())));
      expect(created.map((r) => r.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect((await reports.listOpen('g-concurrent', 0, 100)).total).toBe(30);
      expect(await db.prisma.caseEvent.count({ where: { guildId: 'g-concurrent', type: 'report_submitted' } })).toBe(30);
      expect((await reports.create('g-concurrent-other', alexAboutSam, submission())).number).toBe(1);
    });

    it('keeps a report of guild A invisible and untouchable from guild B', async () => {
      const a = await reports.create('g-scope-a', alexAboutSam, submission());
      const b = await reports.create('g-scope-b', { ...alexAboutSam, reporterId: ROBIN }, submission());
      expect(b.number).toBe(1);

      expect(await reports.find('g-scope-b', a.id)).toBeNull();
      expect((await reports.findByNumber('g-scope-b', 1))?.id).toBe(b.id);
      expect(await reports.findByNumber('g-scope-c', 1)).toBeNull();
      expect((await reports.listOpen('g-scope-b', 0, 10)).items.map((r) => r.id)).toEqual([b.id]);
      expect(await reports.countReportsOf('g-scope-b', SAM, b.id)).toBe(0);
      expect(await reports.recentSubmissionsBy('g-scope-b', ALEX, new Date(0))).toEqual([]);
      expect(await reports.claim('g-scope-b', a.id, handling(), { type: 'report_dismissed', actorId: MOD })).toBeNull();
      expect(await reports.addSubmission('g-scope-b', a.id, submission(), { realLife: true, offPlatform: true })).toBeNull();
      await expect(reports.setQueueMessage('g-scope-b', a.id, '1', '2')).rejects.toThrow();
      await expect(reports.linkCase('g-scope-b', a.id, 'case-x', { type: 'case_opened_from_report', actorId: MOD })).rejects.toThrow();
      await expect(reports.release('g-scope-b', a.id, { type: 'report_released', actorId: MOD })).rejects.toThrow();

      expect(await reports.find('g-scope-a', a.id)).toEqual(a);
      expect(await db.prisma.caseEvent.count({ where: { guildId: 'g-scope-b', type: { not: 'report_submitted' } } })).toBe(0);
    });

    it('adds a submission to an open report: both read back oldest first, flags only turn on, a report_submission_added event', async () => {
      const guildId = 'g-add';
      const created = await reports.create(guildId, { ...alexAboutSam, realLife: true }, submission({ whatHappened: 'first' }));

      const added = await reports.addSubmission(guildId, created.id, submission({ whatHappened: 'second', kind: 'message', evidence }), { realLife: false, offPlatform: true });

      expect(added?.id).toBe(created.id);
      expect(added?.submissions.map((s) => s.whatHappened)).toEqual(['first', 'second']);
      expect(added?.submissions[1]?.evidence).toEqual(evidence);
      expect(added).toMatchObject({ realLife: true, offPlatform: true, number: 1, status: 'open' });
      expect(await reports.find(guildId, created.id)).toEqual(added);
      const events = await eventsOf(guildId, 'report_submission_added');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ caseId: null, actorId: ALEX, data: { reportId: created.id, number: 1, kind: 'message', submissions: 2 } });
    });

    it('adds no submission to a report no longer open: null, nothing written', async () => {
      const guildId = 'g-add-closed';
      const created = await reports.create(guildId, alexAboutSam, submission());
      await reports.claim(guildId, created.id, handling(), { type: 'report_dismissed', actorId: MOD });

      expect(await reports.addSubmission(guildId, created.id, submission(), { realLife: true, offPlatform: true })).toBeNull();

      const found = await reports.find(guildId, created.id);
      expect(found?.submissions).toHaveLength(1);
      expect(found).toMatchObject({ realLife: false, offPlatform: false, status: 'dismissed' });
      expect(await db.prisma.reportSubmission.count({ where: { reportId: created.id } })).toBe(1);
      expect(await eventsOf(guildId, 'report_submission_added')).toHaveLength(0);
    });

    it('claims an open report once: the handling recorded, its event with the report id, and a second claim null', async () => {
      const guildId = 'g-claim';
      const created = await reports.create(guildId, alexAboutSam, submission());
      const at = new Date('2025-03-01T12:30:00.000Z');

      const claimed = await reports.claim(guildId, created.id, handling({ at }), { type: 'report_dismissed', actorId: MOD, data: { note: 'kept' } });

      expect(claimed).toMatchObject({ id: created.id, status: 'dismissed', handledById: MOD, handledAt: at, dismissReason: 'no pattern' });
      expect(claimed).not.toHaveProperty('submissions');
      expect(await reports.claim(guildId, created.id, handling({ handledById: MOD2, status: 'case_opened' }), { type: 'report_case_opened', actorId: MOD2 })).toBeNull();
      expect(await reports.find(guildId, created.id)).toMatchObject({ status: 'dismissed', handledById: MOD });
      const events = await eventsOf(guildId, 'report_dismissed');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ caseId: null, actorId: MOD, data: { reportId: created.id, note: 'kept' } });
      expect(await eventsOf(guildId, 'report_case_opened')).toHaveLength(0);
    });

    it('a claim without a dismiss reason stores none', async () => {
      const created = await reports.create('g-claim-open', alexAboutSam, submission());
      const claimed = await reports.claim('g-claim-open', created.id, { status: 'case_opened', handledById: MOD, at: new Date() }, { type: 'report_case_opened', actorId: MOD });
      expect(claimed).toMatchObject({ status: 'case_opened', dismissReason: null });
    });

    it('two concurrent claims of the same report: exactly one wins, with one event', async () => {
      const guildId = 'g-claim-race';
      for (let round = 0; round < 5; round++) {
        const created = await reports.create(guildId, alexAboutSam, submission());
        const results = await Promise.all([
          reports.claim(guildId, created.id, handling({ handledById: MOD, status: 'case_opened', dismissReason: undefined }), { type: 'report_case_opened', actorId: MOD }),
          reports.claim(guildId, created.id, handling({ handledById: MOD2 }), { type: 'report_dismissed', actorId: MOD2 }),
        ]);
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect((await reports.find(guildId, created.id))?.handledById).toBe(winners[0]?.handledById);
        const claimEvents = await db.prisma.caseEvent.count({ where: { guildId, type: { in: ['report_case_opened', 'report_dismissed'] }, data: { path: ['reportId'], equals: created.id } } });
        expect(claimEvents).toBe(1);
      }
    });

    it('releases a claimed report back to open, clearing the handling and the case, with its event; it can be claimed again', async () => {
      const guildId = 'g-release';
      const created = await reports.create(guildId, alexAboutSam, submission());
      await reports.claim(guildId, created.id, handling({ status: 'case_opened', dismissReason: undefined }), { type: 'report_case_opened', actorId: MOD });
      const theCase = await new PrismaCaseRepository(db.prisma).open({
        guildId,
        category: 'harassment',
        realLife: false,
        offPlatform: false,
        exposureLocation: null,
        summary: 'From report R-1',
        openedById: MOD,
        parties: [
          { userId: ALEX, role: 'complainant' },
          { userId: SAM, role: 'accused' },
        ],
      });
      await reports.linkCase(guildId, created.id, theCase.id, { type: 'case_opened_from_report', actorId: MOD });

      await reports.release(guildId, created.id, { type: 'report_released', actorId: MOD, data: { refused: 'exposure-location-required' } });

      expect(await reports.find(guildId, created.id)).toMatchObject({ status: 'open', handledById: null, handledAt: null, dismissReason: null, caseId: null });
      const events = await eventsOf(guildId, 'report_released');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorId: MOD, data: { reportId: created.id, refused: 'exposure-location-required' } });
      expect(await reports.claim(guildId, created.id, handling({ handledById: MOD2 }), { type: 'report_dismissed', actorId: MOD2 })).not.toBeNull();
    });

    it('links a claimed report to the case it became', async () => {
      const guildId = 'g-link';
      const theCase = await new PrismaCaseRepository(db.prisma).open({
        guildId,
        category: 'harassment',
        realLife: false,
        offPlatform: false,
        exposureLocation: null,
        summary: 'From report R-1',
        openedById: MOD,
        parties: [
          { userId: ALEX, role: 'complainant' },
          { userId: SAM, role: 'accused' },
        ],
      });
      const created = await reports.create(guildId, alexAboutSam, submission());
      await reports.claim(guildId, created.id, handling({ status: 'case_opened', dismissReason: undefined }), { type: 'report_case_opened', actorId: MOD });

      await reports.linkCase(guildId, created.id, theCase.id, { type: 'case_opened_from_report', actorId: MOD, data: { number: 1 } });

      expect((await reports.find(guildId, created.id))?.caseId).toBe(theCase.id);
      const linked = await db.prisma.caseEvent.findMany({ where: { guildId, caseId: theCase.id, type: 'case_opened_from_report' } });
      expect(linked.map((e) => e.data)).toEqual([{ number: 1, reportId: created.id }]);
    });

    it('remembers the staff post of a report', async () => {
      const created = await reports.create('g-queue', alexAboutSam, submission());
      await reports.setQueueMessage('g-queue', created.id, '500000000000000004', '700000000000000001');
      expect(await reports.find('g-queue', created.id)).toMatchObject({ queueChannelId: '500000000000000004', queueMessageId: '700000000000000001' });
    });

    it("gives the reporter's recent submissions with their report's member and current status, only since the given time", async () => {
      const guildId = 'g-recent';
      const one = await reports.create(guildId, alexAboutSam, submission());
      await reports.addSubmission(guildId, one.id, submission(), { realLife: false, offPlatform: false });
      const two = await reports.create(guildId, { ...alexAboutSam, reportedUserId: ROBIN }, submission());
      await reports.claim(guildId, two.id, handling(), { type: 'report_dismissed', actorId: MOD });
      await reports.create(guildId, { ...alexAboutSam, reporterId: ROBIN }, submission());

      const since = new Date(Date.now() - 60 * 60 * 1000);
      const recent = await reports.recentSubmissionsBy(guildId, ALEX, since);

      expect(recent).toHaveLength(3);
      const summary = recent.map((s) => `${s.reportId === one.id ? 'one' : 'two'}:${s.reportedUserId === SAM ? 'sam' : 'robin'}:${s.reportStatus}`).sort();
      expect(summary).toEqual(['one:sam:open', 'one:sam:open', 'two:robin:dismissed']);
      for (const s of recent) {
        expect(s.submittedAt).toBeInstanceOf(Date);
        expect(s.submittedAt.getTime()).toBeGreaterThanOrEqual(since.getTime());
      }
      expect(await reports.recentSubmissionsBy(guildId, ALEX, new Date(Date.now() + 60 * 60 * 1000))).toEqual([]);
      expect(await reports.recentSubmissionsBy(guildId, SAM, since)).toEqual([]);
    });

    it('lists the open reports newest first, paged, with their submissions', async () => {
      const guildId = 'g-list';
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await reports.create(guildId, alexAboutSam, submission({ whatHappened: `form ${i + 1}` })));
      await reports.claim(guildId, created[1]!.id, handling(), { type: 'report_dismissed', actorId: MOD });

      const page0 = await reports.listOpen(guildId, 0, 2);
      const page1 = await reports.listOpen(guildId, 1, 2);

      expect(page0.total).toBe(4);
      expect(page0.items.map((r) => r.number)).toEqual([5, 4]);
      expect(page1.items.map((r) => r.number)).toEqual([3, 1]);
      expect(page1.items[1]?.submissions.map((s) => s.whatHappened)).toEqual(['form 1']);
    });

    it('counts the other reports naming a member, handled ones included, not the one given', async () => {
      const guildId = 'g-count';
      const one = await reports.create(guildId, alexAboutSam, submission());
      const two = await reports.create(guildId, { ...alexAboutSam, reporterId: ROBIN }, submission());
      await reports.claim(guildId, two.id, handling(), { type: 'report_dismissed', actorId: MOD });
      await reports.create(guildId, { ...alexAboutSam, reportedUserId: ROBIN }, submission());

      expect(await reports.countReportsOf(guildId, SAM, one.id)).toBe(1);
      expect(await reports.countReportsOf(guildId, SAM, 'none')).toBe(2);
      expect(await reports.countReportsOf(guildId, ROBIN, one.id)).toBe(1);
      expect(await reports.countReportsOf(guildId, ALEX, one.id)).toBe(0);
    });

    it('appends an event to the guild log, with or without a case', async () => {
      await reports.appendEvent('g-append', null, { type: 'report_not_queued', actorId: ALEX, data: { reason: 'no-reports-channel' } });
      const events = await eventsOf('g-append');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ caseId: null, actorId: ALEX, type: 'report_not_queued', data: { reason: 'no-reports-channel' } });
    });

    it('writes one event per change, in order, for a report submitted twice, claimed and released', async () => {
      const guildId = 'g-events';
      const created = await reports.create(guildId, alexAboutSam, submission());
      await reports.addSubmission(guildId, created.id, submission(), { realLife: false, offPlatform: false });
      await reports.claim(guildId, created.id, handling({ status: 'merged', dismissReason: undefined }), { type: 'report_merged', actorId: MOD });
      await reports.release(guildId, created.id, { type: 'report_released', actorId: MOD });

      expect((await eventsOf(guildId)).map((e) => e.type)).toEqual(['report_submitted', 'report_submission_added', 'report_merged', 'report_released']);
    });
  });
}
