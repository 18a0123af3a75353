import { testGuild } from '../support/repository-subjects.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewOwedAction } from '../../src/actions/types.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { PrismaReportRepository } from '../../src/persistence/report-repository.js';
import type { CaseRepository, EventRecord, MessageEvidence, NewSubmission, ReportHandling, ReportRepository } from '../../src/ports.js';
import { InMemoryActionStore } from '../support/fakes/in-memory-action-store.js';
import { InMemoryCaseRepository, InMemoryEventLog, UuidSequence } from '../support/fakes/in-memory-case-repository.js';
import { InMemoryReportRepository } from '../support/fakes/in-memory-report-repository.js';
import { FakeClock } from '../support/fakes/service-harness.js';
import { newCase } from '../support/case-fixtures.js';
import { createTestDatabase, hasRealPostgres } from '../support/test-databases.js';

/**
 * One contract for ReportRepository, run against the in-memory fake the
 * service tests use and against PrismaReportRepository on both databases,
 * so the fake cannot drift: numbering, evidence, guild scoping, merges,
 * the triage transaction (all of it or none), the work owed, and the exact
 * audit events each change writes.
 */

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


type Event = Pick<EventRecord, 'caseId' | 'actorId' | 'type' | 'data'>;
type Subject = {
  readonly reports: ReportRepository;
  readonly cases: CaseRepository;
  /** The guild's audit events, oldest first. */
  events(guildId: string, type?: string): Promise<readonly Event[]>;
  /** The kinds of the guild's owed actions not done yet. */
  owed(guildId: string): Promise<readonly string[]>;
  close(): Promise<void>;
};

const subjects: { name: string; run: boolean; make(): Promise<Subject> }[] = [
  {
    name: 'the in-memory fake',
    run: true,
    make() {
      const clock = new FakeClock();
      const log = new InMemoryEventLog(clock);
      const ids = new UuidSequence();
      const cases = new InMemoryCaseRepository(clock, { log, ids });
      const actions = new InMemoryActionStore(clock, cases, log);
      cases.onOwed = (guildId, owed) => actions.addNow(guildId, owed);
      const reports = new InMemoryReportRepository(clock, { log, ids, cases, actions });
      return Promise.resolve({
        reports,
        cases,
        events: (guildId, type) =>
          Promise.resolve(
            log
              .all()
              .filter((e) => e.guildId === guildId && (type === undefined || e.type === type))
              .map(({ caseId, actorId, type: t, data }) => ({ caseId, actorId, type: t, data })),
          ),
        owed: (guildId) => Promise.resolve(actions.pending().filter((a) => a.guildId === guildId).map((a) => a.kind)),
        close: () => Promise.resolve(),
      });
    },
  },
  ...(['postgresql', 'embedded'] as const).map((kind) => ({
    name: `PrismaReportRepository on the ${kind} database`,
    run: kind === 'embedded' || hasRealPostgres(),
    async make(): Promise<Subject> {
      const db = await createTestDatabase(kind);
      return {
        reports: new PrismaReportRepository(db.prisma),
        cases: new PrismaCaseRepository(db.prisma),
        events: (guildId, type) =>
          db.prisma.caseEvent.findMany({
            where: { guildId, ...(type ? { type } : {}) },
            orderBy: { id: 'asc' },
            select: { caseId: true, actorId: true, type: true, data: true },
          }) as Promise<Event[]>,
        owed: async (guildId) => (await db.prisma.owedAction.findMany({ where: { guildId, status: 'pending' }, orderBy: { createdAt: 'asc' } })).map((a) => a.kind),
        close: () => db.drop(),
      };
    },
  })),
];


const queueOwed = (reportId: string): NewOwedAction => ({
  id: randomUUID(),
  kind: 'report.queue',
  caseId: null,
  actorId: MOD,
  payload: { reportId, number: 1, channelId: '500000000000000004', caseNumber: null },
});

for (const subject of subjects) {
  describe.runIf(subject.run)(`report repository contract: ${subject.name}`, () => {
    let s: Subject;
    let reports: ReportRepository;
    /** A report taken and dismissed through a triage that writes nothing else. */
    const dismissed = (guildId: string, reportId: string) => reports.forGuild(guildId).triage(reportId, handling(), { type: 'report_claimed', actorId: MOD }, () => Promise.resolve(null));

    beforeAll(async () => {
      s = await subject.make();
      reports = s.reports;
    });
    afterAll(async () => {
      await s?.close();
    });

    it('creates report #1 with its first submission and a report_submitted event, and reads it back by id and by number', async () => {
      const guildId = testGuild('g-create');
      const created = await reports.forGuild(guildId).create({ ...alexAboutSam, realLife: true }, submission({ kind: 'message', realLifeAnswer: 'they know my school', evidence }));

      expect(created).toMatchObject({ guildId, number: 1, reporterId: ALEX, reportedUserId: SAM, status: 'open', realLife: true, offPlatform: false, caseId: null, handledById: null, handledAt: null, dismissReason: null, queueChannelId: null, queueMessageId: null });
      expect(created.submissions).toHaveLength(1);
      expect(created.submissions[0]).toMatchObject({ reportId: created.id, kind: 'message', realLifeAnswer: 'they know my school', since: 'since last week', elsewhere: null, other: null });
      expect(await reports.forGuild(guildId).find(created.id)).toEqual(created);
      expect(await reports.forGuild(guildId).findByNumber(1)).toEqual(created);
      const events = await s.events(guildId);
      expect(events.map((e) => e.type)).toEqual(['report_submitted']);
      expect(events[0]).toMatchObject({ caseId: null, actorId: ALEX, data: { reportId: created.id, number: 1, kind: 'message', realLife: true } });
    });

    it('keeps the reported message intact: content, time, link and the attachments in order', async () => {
      const created = await reports.forGuild(testGuild('g-evidence')).create(alexAboutSam, submission({ kind: 'message', evidence }));
      const found = await reports.forGuild(testGuild('g-evidence')).find(created.id);
      expect(found?.submissions[0]?.evidence).toEqual(evidence);
      expect(created.submissions[0]?.evidence).toEqual(evidence);
    });

    it('keeps a message whose content was not captured, and one without attachments', async () => {
      const bare: MessageEvidence = { ...evidence, content: null, sentAt: null, attachments: [] };
      const empty: MessageEvidence = { ...evidence, content: '' };
      const a = await reports.forGuild(testGuild('g-evidence-bare')).create(alexAboutSam, submission({ kind: 'message', evidence: bare }));
      const b = await reports.forGuild(testGuild('g-evidence-bare')).create({ ...alexAboutSam, reportedUserId: ROBIN }, submission({ kind: 'message', evidence: empty }));
      expect((await reports.forGuild(testGuild('g-evidence-bare')).find(a.id))?.submissions[0]?.evidence).toEqual(bare);
      expect((await reports.forGuild(testGuild('g-evidence-bare')).find(b.id))?.submissions[0]?.evidence).toEqual(empty);
    });

    it('reads a submission without a message as evidence null', async () => {
      const created = await reports.forGuild(testGuild('g-no-evidence')).create(alexAboutSam, submission());
      expect((await reports.forGuild(testGuild('g-no-evidence')).find(created.id))?.submissions[0]?.evidence).toBeNull();
    });

    it('gives 30 concurrent creates in one guild the numbers 1 to 30 with no gap or duplicate, and another guild starts at 1', async () => {
      const created = await Promise.all(Array.from({ length: 30 }, () => reports.forGuild(testGuild('g-concurrent')).create(alexAboutSam, submission())));
      expect(created.map((r) => r.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect((await reports.forGuild(testGuild('g-concurrent')).listOpen(0, 100)).total).toBe(30);
      expect((await s.events(testGuild('g-concurrent'), 'report_submitted')).length).toBe(30);
      expect((await reports.forGuild(testGuild('g-concurrent-other')).create(alexAboutSam, submission())).number).toBe(1);
    });

    it('keeps a report of guild A invisible and untouchable from guild B', async () => {
      const a = await reports.forGuild(testGuild('g-scope-a')).create(alexAboutSam, submission());
      const b = await reports.forGuild(testGuild('g-scope-b')).create({ ...alexAboutSam, reporterId: ROBIN }, submission());
      expect(b.number).toBe(1);

      expect(await reports.forGuild(testGuild('g-scope-b')).find(a.id)).toBeNull();
      expect((await reports.forGuild(testGuild('g-scope-b')).findByNumber(1))?.id).toBe(b.id);
      expect(await reports.forGuild(testGuild('g-scope-c')).findByNumber(1)).toBeNull();
      expect((await reports.forGuild(testGuild('g-scope-b')).listOpen(0, 10)).items.map((r) => r.id)).toEqual([b.id]);
      expect(await reports.forGuild(testGuild('g-scope-b')).countReportsOf(SAM, b.id)).toBe(0);
      expect(await reports.forGuild(testGuild('g-scope-b')).recentSubmissionsBy(ALEX, new Date(0))).toEqual([]);
      expect(await reports.forGuild(testGuild('g-scope-b')).triage(a.id, handling(), { type: 'report_claimed', actorId: MOD }, () => Promise.resolve('ran'))).toBeNull();
      expect(await reports.forGuild(testGuild('g-scope-b')).addSubmission(a.id, submission(), { realLife: true, offPlatform: true })).toBeNull();

      expect(await reports.forGuild(testGuild('g-scope-a')).find(a.id)).toEqual(a);
      expect((await s.events(testGuild('g-scope-b'))).filter((e) => e.type !== 'report_submitted')).toEqual([]);
    });

    it('adds a submission to an open report: both read back oldest first, flags only turn on, a report_submission_added event', async () => {
      const guildId = testGuild('g-add');
      const created = await reports.forGuild(guildId).create({ ...alexAboutSam, realLife: true }, submission({ whatHappened: 'first' }));

      const added = await reports.forGuild(guildId).addSubmission(created.id, submission({ whatHappened: 'second', kind: 'message', evidence }), { realLife: false, offPlatform: true });

      expect(added?.id).toBe(created.id);
      expect(added?.submissions.map((s) => s.whatHappened)).toEqual(['first', 'second']);
      expect(added?.submissions[1]?.evidence).toEqual(evidence);
      expect(added).toMatchObject({ realLife: true, offPlatform: true, number: 1, status: 'open' });
      expect(await reports.forGuild(guildId).find(created.id)).toEqual(added);
      const events = await s.events(guildId, 'report_submission_added');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ caseId: null, actorId: ALEX, data: { reportId: created.id, number: 1, kind: 'message', submissions: 2 } });
    });

    it('adds no submission to a report no longer open: null, nothing written', async () => {
      const guildId = testGuild('g-add-closed');
      const created = await reports.forGuild(guildId).create(alexAboutSam, submission());
      await dismissed(guildId, created.id);

      expect(await reports.forGuild(guildId).addSubmission(created.id, submission(), { realLife: true, offPlatform: true })).toBeNull();

      const found = await reports.forGuild(guildId).find(created.id);
      expect(found?.submissions).toHaveLength(1);
      expect(found).toMatchObject({ realLife: false, offPlatform: false, status: 'dismissed' });
      expect(await s.events(guildId, 'report_submission_added')).toHaveLength(0);
    });

    it("gives the reporter's recent submissions with their report's member and current status, only since the given time", async () => {
      const guildId = testGuild('g-recent');
      const one = await reports.forGuild(guildId).create(alexAboutSam, submission());
      await reports.forGuild(guildId).addSubmission(one.id, submission(), { realLife: false, offPlatform: false });
      const two = await reports.forGuild(guildId).create({ ...alexAboutSam, reportedUserId: ROBIN }, submission());
      await dismissed(guildId, two.id);
      await reports.forGuild(guildId).create({ ...alexAboutSam, reporterId: ROBIN }, submission());

      const since = new Date(one.createdAt.getTime() - 60 * 60 * 1000);
      const recent = await reports.forGuild(guildId).recentSubmissionsBy(ALEX, since);

      expect(recent).toHaveLength(3);
      const summary = recent.map((s) => `${s.reportId === one.id ? 'one' : 'two'}:${s.reportedUserId === SAM ? 'sam' : 'robin'}:${s.reportStatus}`).sort();
      expect(summary).toEqual(['one:sam:open', 'one:sam:open', 'two:robin:dismissed']);
      for (const s of recent) {
        expect(s.submittedAt).toBeInstanceOf(Date);
        expect(s.submittedAt.getTime()).toBeGreaterThanOrEqual(since.getTime());
      }
      expect(await reports.forGuild(guildId).recentSubmissionsBy(ALEX, new Date(one.createdAt.getTime() + 60 * 60 * 1000))).toEqual([]);
      expect(await reports.forGuild(guildId).recentSubmissionsBy(SAM, since)).toEqual([]);
    });

    it('lists the open reports newest first, paged, with their submissions', async () => {
      const guildId = testGuild('g-list');
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await reports.forGuild(guildId).create(alexAboutSam, submission({ whatHappened: `form ${i + 1}` })));
      await dismissed(guildId, created[1]!.id);

      const page0 = await reports.forGuild(guildId).listOpen(0, 2);
      const page1 = await reports.forGuild(guildId).listOpen(1, 2);

      expect(page0.total).toBe(4);
      expect(page0.items.map((r) => r.number)).toEqual([5, 4]);
      expect(page1.items.map((r) => r.number)).toEqual([3, 1]);
      expect(page1.items[1]?.submissions.map((s) => s.whatHappened)).toEqual(['form 1']);
    });

    it('counts the other reports naming a member, handled ones included, not the one given', async () => {
      const guildId = testGuild('g-count');
      const one = await reports.forGuild(guildId).create(alexAboutSam, submission());
      const two = await reports.forGuild(guildId).create({ ...alexAboutSam, reporterId: ROBIN }, submission());
      await dismissed(guildId, two.id);
      await reports.forGuild(guildId).create({ ...alexAboutSam, reportedUserId: ROBIN }, submission());

      expect(await reports.forGuild(guildId).countReportsOf(SAM, one.id)).toBe(1);
      expect(await reports.forGuild(guildId).countReportsOf(SAM, 'none')).toBe(2);
      expect(await reports.forGuild(guildId).countReportsOf(ROBIN, one.id)).toBe(1);
      expect(await reports.forGuild(guildId).countReportsOf(ALEX, one.id)).toBe(0);
    });



    it('triage: takes an open report once, with its handling and a report_claimed event; a second triage gets null and its work never runs', async () => {
      const guildId = testGuild('g-claim');
      const created = await reports.forGuild(guildId).create(alexAboutSam, submission());
      const at = new Date('2025-03-01T12:30:00.000Z');

      const first = await reports.forGuild(guildId).triage(created.id, handling({ at }), { type: 'report_claimed', actorId: MOD, data: { status: 'dismissed' } }, (report) =>
        Promise.resolve(report.submissions.length),
      );
      let ranAgain = false;
      const second = await reports.forGuild(guildId).triage(created.id, handling({ handledById: MOD2, status: 'case_opened' }), { type: 'report_claimed', actorId: MOD2 }, () => {
        ranAgain = true;
        return Promise.resolve(0);
      });

      expect(first?.value).toBe(1);
      expect(first?.claimed).toMatchObject({ id: created.id, status: 'dismissed', handledById: MOD, handledAt: at, dismissReason: 'no pattern' });
      expect(first?.claimed).not.toHaveProperty('submissions');
      expect(second).toBeNull();
      expect(ranAgain).toBe(false);
      expect(await reports.forGuild(guildId).find(created.id)).toMatchObject({ status: 'dismissed', handledById: MOD });
      expect((await s.events(guildId)).slice(1)).toEqual([{ caseId: null, actorId: MOD, type: 'report_claimed', data: { status: 'dismissed', reportId: created.id } }]);
    });

    it('triage: a handling without a dismiss reason stores none', async () => {
      const created = await reports.forGuild(testGuild('g-claim-open')).create(alexAboutSam, submission());
      const done = await reports.forGuild(testGuild('g-claim-open')).triage(created.id, { status: 'case_opened', handledById: MOD, at: new Date() }, { type: 'report_claimed', actorId: MOD }, () => Promise.resolve(null));
      expect(done?.claimed).toMatchObject({ status: 'case_opened', dismissReason: null });
    });

    it("triage: the work's writes commit with the claim: the case, its statement, the link (event on the case) and the work owed", async () => {
      const guildId = testGuild('g-triage-writes');
      const created = await reports.forGuild(guildId).create(alexAboutSam, submission());

      const done = await reports.forGuild(guildId).triage(created.id, handling({ status: 'case_opened', dismissReason: undefined }), { type: 'report_claimed', actorId: MOD }, async (report, writes) => {
        const opened = await writes.openCase(newCase(), () => []);
        await writes.linkCase(opened.id, { type: 'case_opened_from_report', actorId: MOD, data: { number: report.number } });
        const complainant = opened.parties[0]!;
        await writes.addSide(opened.id, { party: { id: complainant.id }, statement: { recordedById: MOD, text: 'What the report said', source: 'report' } }, (party) => ({
          events: [{ type: 'statement_recorded', actorId: MOD, data: { partyId: party.id, source: 'report' } }],
          owed: [],
        }));
        await writes.owe([queueOwed(report.id)]);
        return { opened, seen: await writes.findCase(opened.number) };
      });

      if (!done) throw new Error('the triage should have taken the report');
      const { opened, seen } = done.value;
      expect(seen?.id).toBe(opened.id);
      expect(opened).toMatchObject({ guildId, number: 1 });
      expect((await reports.forGuild(guildId).find(created.id))?.caseId).toBe(opened.id);
      const detail = await s.cases.forGuild(guildId).detail(opened.number, 10);
      expect(detail?.statements.map((x) => [x.text, x.source])).toEqual([['What the report said', 'report']]);
      expect((await s.events(guildId)).map((e) => [e.type, e.caseId])).toEqual([
        ['report_submitted', null],
        ['report_claimed', null],
        ['case_opened', opened.id],
        ['case_opened_from_report', opened.id],
        ['statement_recorded', opened.id],
      ]);
      expect((await s.events(guildId, 'case_opened_from_report'))[0]?.data).toEqual({ number: 1, reportId: created.id });
      expect(await s.owed(guildId)).toEqual(['report.queue']);
    });

    it('triage: work that throws leaves nothing of it: the report open, no case, no event, nothing owed; the next triage can take it', async () => {
      const guildId = testGuild('g-triage-undone');
      const created = await reports.forGuild(guildId).create(alexAboutSam, submission());
      const failure = new Error('the statement could not be written');

      await expect(
        reports.forGuild(guildId).triage(created.id, handling({ status: 'case_opened', dismissReason: undefined }), { type: 'report_claimed', actorId: MOD }, async (report, writes) => {
          const opened = await writes.openCase(newCase(), () => [queueOwed(report.id)]);
          await writes.linkCase(opened.id, { type: 'case_opened_from_report', actorId: MOD });
          await writes.owe([queueOwed(report.id)]);
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await reports.forGuild(guildId).find(created.id)).toMatchObject({ status: 'open', caseId: null, handledById: null, handledAt: null, dismissReason: null });
      expect(await s.cases.forGuild(guildId).find(1)).toBeNull();
      expect((await s.events(guildId)).map((e) => e.type)).toEqual(['report_submitted']);
      expect(await s.owed(guildId)).toEqual([]);
      const again = await reports.forGuild(guildId).triage(created.id, handling({ status: 'case_opened', dismissReason: undefined }), { type: 'report_claimed', actorId: MOD }, async (_, writes) => (await writes.openCase(newCase(), () => [])).number);
      expect(again?.value).toBe(1);
    });

    it('triage: two at once on the same report: exactly one takes it, with one event', async () => {
      const guildId = testGuild('g-claim-race');
      for (let round = 0; round < 5; round++) {
        const created = await reports.forGuild(guildId).create(alexAboutSam, submission());
        const results = await Promise.all(
          [MOD, MOD2].map((moderator) =>
            reports.forGuild(guildId).triage(created.id, handling({ handledById: moderator }), { type: 'report_claimed', actorId: moderator }, () => Promise.resolve(moderator)),
          ),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect((await reports.forGuild(guildId).find(created.id))?.handledById).toBe(winners[0]?.value);
        expect((await s.events(guildId, 'report_claimed')).filter((e) => e.data.reportId === created.id)).toHaveLength(1);
      }
    });

    it('submit: the work it owes is written with the report; a form refused by the rate limit writes and owes nothing', async () => {
      const guildId = testGuild('g-submit-owed');
      const allow = () => ({ ok: true as const, value: { kind: 'new' as const } });
      const saved = await reports.forGuild(guildId).submit(alexAboutSam, submission(), new Date(0), allow, (report) => [queueOwed(report.id)]);
      if (!saved.ok) throw new Error('the form should have been taken');
      expect(await s.owed(guildId)).toEqual(['report.queue']);

      const until = new Date('2030-01-01T00:00:00.000Z');
      const refused = await reports.forGuild(guildId).submit(alexAboutSam, submission(), new Date(0), () => ({ ok: false, reason: 'report-rate-limited', until }), (report) => [queueOwed(report.id)]);

      expect(refused).toEqual({ ok: false, reason: 'report-rate-limited', until });
      expect(await s.owed(guildId)).toEqual(['report.queue']);
      expect((await s.events(guildId)).map((e) => e.type)).toEqual(['report_submitted']);
    });

    it('writes one event per change, in order, for a report submitted twice and then dismissed', async () => {
      const guildId = testGuild('g-events');
      const created = await reports.forGuild(guildId).create(alexAboutSam, submission());
      await reports.forGuild(guildId).addSubmission(created.id, submission(), { realLife: false, offPlatform: false });
      await dismissed(guildId, created.id);

      expect((await s.events(guildId)).map((e) => e.type)).toEqual(['report_submitted', 'report_submission_added', 'report_claimed']);
    });
  });
}
