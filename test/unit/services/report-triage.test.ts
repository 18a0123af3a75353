import { beforeEach, describe, expect, it } from 'vitest';
import { reportControls } from '../../../src/discord/render/report-notice.js';
import { reportReviewedText } from '../../../src/messages/report-texts.js';
import type { NewSubmission, ReportWithSubmissions } from '../../../src/ports.js';
import { closeCase } from '../../../src/services/case-closing.js';
import type { Actor } from '../../../src/services/deps.js';
import { submitReport, type ReportAnswers } from '../../../src/services/report-intake.js';
import { dismissReport, listOpenReports, mergeReportIntoCase, openCaseFromReport } from '../../../src/services/report-triage.js';
import { COMMUNITY_NAME, createHarness, IDS, staffActor, type Harness } from '../../support/fakes/service-harness.js';
import { patchGuild } from '../../support/fakes/patch-guild.js';
import { translator } from '../../../src/i18n/translate.js';

const en = translator('en-US');

const REPORTS_CHANNEL = '500000000000000004';
const MINUTE = 60 * 1000;
const FIRST = 'Sam joins every channel I am in and keeps messaging me after I blocked them';
const SECOND = 'Now they post my old photos in #general';
const NO_SUCH_REPORT = '00000000-0000-4000-8000-0000000fffff';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure(IDS.GUILD, { reportsChannelId: REPORTS_CHANNEL });
});

/** A member's report through the intake service (Alex about Sam unless told otherwise). */
async function reported(
  o: { guildId?: string; reporterId?: string; reportedId?: string; answers?: Partial<ReportAnswers> } = {},
): Promise<ReportWithSubmissions> {
  const result = await submitReport(h.deps, {
    guildId: o.guildId ?? IDS.GUILD,
    reporterId: o.reporterId ?? IDS.ALEX,
    reported: { id: o.reportedId ?? IDS.SAM, isBot: false },
    kind: 'user',
    answers: { whatHappened: FIRST, since: '', elsewhere: '', realLife: '', other: '', ...o.answers },
    evidence: null,
  });
  if (!result.ok) throw new Error(`test setup: submitReport refused with ${result.reason}`);
  return result.value.report;
}

async function storedReport(reportId: string, guildId: string = IDS.GUILD): Promise<ReportWithSubmissions> {
  const found = await h.reports.forGuild(guildId).find(reportId);
  if (!found) throw new Error(`no report ${reportId}`);
  return found;
}

/** Everything that a refused triage that got as far as claiming must leave as it was: no case, party, statement, thread or DM. */
const caseSideOf = () => {
  const s = h.snapshot();
  return { cases: s.cases, parties: s.parties, statements: s.statements, notes: s.notes, threadCalls: s.threadCalls, dmCalls: s.dmCalls, queueCalls: s.queueCalls, reports: s.reports, reportSubmissions: s.reportSubmissions };
};

async function expectBackToOpen(reportId: string): Promise<void> {
  expect(await storedReport(reportId)).toMatchObject({ status: 'open', caseId: null, handledById: null, handledAt: null, dismissReason: null });
}

const open = (reportId: string, o: { actor?: Actor; guildId?: string; category?: 'stalking' | 'harassment' | 'personal_info_exposed' | 'other'; exposureLocation?: 'on_server' | 'elsewhere' | null } = {}) =>
  openCaseFromReport(h.deps, {
    guildId: o.guildId ?? IDS.GUILD,
    actor: o.actor ?? h.actors.mod,
    reportId,
    category: o.category ?? 'harassment',
    exposureLocation: o.exposureLocation ?? null,
  });

const merge = (reportId: string, caseNumber: number, o: { actor?: Actor; guildId?: string } = {}) =>
  mergeReportIntoCase(h.deps, { guildId: o.guildId ?? IDS.GUILD, actor: o.actor ?? h.actors.mod, reportId, caseNumber });

const dismiss = (reportId: string, o: { actor?: Actor; guildId?: string; reason?: string } = {}) =>
  dismissReport(h.deps, { guildId: o.guildId ?? IDS.GUILD, actor: o.actor ?? h.actors.mod, reportId, reason: o.reason ?? 'Ordinary disagreement, no pattern of following' });

/** Runs a triage refused before anything was claimed, and checks that nothing was recorded nor sent. */
async function expectRefusedWithoutChange(run: () => Promise<unknown>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  expect(await run()).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

describe('openCaseFromReport: refused, nothing recorded nor sent', () => {
  let reportId: string;
  beforeEach(async () => {
    reportId = (await reported()).id;
  });

  it('a member without the staff role: not-staff', async () => {
    await expectRefusedWithoutChange(() => open(reportId, { actor: h.actors.member }), { reason: 'not-staff' });
  });

  it('before /setup of that guild: not-configured', async () => {
    await expectRefusedWithoutChange(() => open(reportId, { guildId: IDS.OTHER_GUILD }), { reason: 'not-configured' });
  });

  it('a report that does not exist: report-not-found', async () => {
    await expectRefusedWithoutChange(() => open(NO_SUCH_REPORT), { reason: 'report-not-found' });
  });

  it("another guild's report is invisible: report-not-found", async () => {
    await h.configure(IDS.OTHER_GUILD);
    await expectRefusedWithoutChange(() => open(reportId, { guildId: IDS.OTHER_GUILD }), { reason: 'report-not-found' });
    expect((await storedReport(reportId)).status).toBe('open');
  });

  it('a report already dismissed: report-already-handled', async () => {
    const dismissed = await dismiss(reportId);
    expect(dismissed.ok).toBe(true);
    await expectRefusedWithoutChange(() => open(reportId, { actor: h.actors.mod2 }), { reason: 'report-already-handled' });
  });

  it('a moderator who is the reporter: actor-is-party', async () => {
    await expectRefusedWithoutChange(() => open(reportId, { actor: staffActor(IDS.ALEX) }), { reason: 'actor-is-party' });
  });

  it('a moderator who is the reported member: actor-is-party', async () => {
    await expectRefusedWithoutChange(() => open(reportId, { actor: staffActor(IDS.SAM) }), { reason: 'actor-is-party' });
  });
});

describe('openCaseFromReport: success', () => {
  it('opens a case with the reporter as complainant, the reported member as accused, and the summary from the report', async () => {
    const report = await reported();

    const result = await open(report.id, { category: 'stalking' });

    if (!result.ok) throw new Error(result.reason);
    const c = result.value.opened.case;
    expect(c).toMatchObject({ number: 1, category: 'stalking', openedById: IDS.MOD, summary: `From report R-1: ${FIRST}`, realLife: false, offPlatform: false });
    expect(c.parties.map((p) => [p.userId, p.role])).toEqual([
      [IDS.ALEX, 'complainant'],
      [IDS.SAM, 'accused'],
    ]);
    expect(h.threads.opened.map((o) => o.addresseeId).sort()).toEqual([IDS.ALEX, IDS.SAM].sort());
  });

  it("carries the report's flags over to the case and suggests escalating a real-life report", async () => {
    const report = await reported({ answers: { realLife: 'they came to my school', elsewhere: 'Instagram' } });

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.opened.case).toMatchObject({ realLife: true, offPlatform: true });
    expect(result.value.opened.suggestEscalation).toBe(true);
  });

  it("records every form as the complainant's statements (what happened exactly as written, then the other answers; source report), and the case moves to interviewing", async () => {
    const report = await reported({ answers: { since: 'since March', other: 'I have screenshots' } });
    h.clock.advance(10 * MINUTE);
    await reported({ answers: { whatHappened: SECOND } });

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    const c = result.value.opened.case;
    const alex = c.parties.find((p) => p.userId === IDS.ALEX);
    const statements = h.cases.statements.filter((s) => s.caseId === c.id);
    expect(statements).toHaveLength(4); // two forms, each: what happened + the other answers
    expect(statements.every((s) => s.partyId === alex?.id && s.source === 'report' && s.recordedById === IDS.MOD)).toBe(true);
    expect(statements[0]?.text).toBe(FIRST);
    expect(statements[1]?.text).toContain(`(Report R-${report.number}, sent`);
    expect(statements[1]?.text).toContain('Since: since March');
    expect(statements[1]?.text).toContain('Anything else: I have screenshots');
    expect(statements[2]?.text).toBe(SECOND);
    expect((await h.cases.forGuild(IDS.GUILD).find(c.number))?.status).toBe('interviewing');
  });

  it('marks the report case_opened with the case, who handled it and when', async () => {
    const report = await reported();
    h.clock.advance(5 * MINUTE);

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    const expected = { status: 'case_opened', caseId: result.value.opened.case.id, handledById: IDS.MOD, handledAt: h.clock.now() };
    expect(await storedReport(report.id)).toMatchObject(expected);
    expect(result.value.report).toMatchObject({ status: 'case_opened', handledById: IDS.MOD });
    expect(h.cases.eventsOfType('report_claimed')[0]).toMatchObject({ caseId: null, actorId: IDS.MOD, data: { reportId: report.id, status: 'case_opened' } });
  });

  it('records a case_opened_from_report event on the case', async () => {
    const report = await reported();

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    const events = h.cases.eventsOfType('case_opened_from_report');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: result.value.opened.case.id, actorId: IDS.MOD, data: { reportId: report.id, number: report.number } });
  });

  it('updates the staff post with the case number and removes its controls', async () => {
    const report = await reported();
    const postId = h.reportQueue.calls[0]?.messageId;

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.queued).toBe(true);
    const last = h.reportQueue.calls.at(-1);
    expect(last).toMatchObject({ kind: 'update', channelId: REPORTS_CHANNEL, messageId: postId, failure: null });
    expect(last?.view).toMatchObject({ caseNumber: result.value.opened.case.number, report: { id: report.id, status: 'case_opened' } });
    if (!last) throw new Error('an update expected');
    expect(reportControls(last.view)).toEqual([]);
    expect(h.reportQueue.calls.filter((c) => c.kind === 'post')).toHaveLength(1);
  });

  it('a moderator and an admin racing: exactly one handles the report', async () => {
    const report = await reported();

    const results = await Promise.all([open(report.id), dismiss(report.id, { actor: h.actors.admin })]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.reason))).toEqual(['report-already-handled']);
  });
});

describe('openCaseFromReport: the database fails during the triage', () => {
  // The claim, the case, the statements, the link and the owed work are one transaction: a failure anywhere in it
  // leaves the report open, with no case, nothing owed and no event, ready for another try.
  const expectNothingOfIt = async (reportId: string, before: ReturnType<typeof caseSideOf>) => {
    expect(caseSideOf()).toEqual(before);
    await expectBackToOpen(reportId);
    expect(h.cases.eventsOfType('report_claimed')).toHaveLength(0);
    expect(h.actions.pending()).toHaveLength(0);
  };

  it('before the case is written: the error reaches the moderator, and the report is still open', async () => {
    const report = await reported();
    const before = caseSideOf();
    const outage = new Error('Connection terminated unexpectedly');
    patchGuild(h.cases, () => ({ open: () => Promise.reject(outage) }));

    await expect(open(report.id)).rejects.toBe(outage);

    await expectNothingOfIt(report.id, before);
  });

  it('after the case was written, while its statements are: the case is undone too, and the report is still open', async () => {
    const report = await reported();
    const before = caseSideOf();
    patchGuild(h.cases, () => ({ addSide: () => Promise.reject(new Error('Connection terminated unexpectedly')) }));

    await expect(open(report.id)).rejects.toThrow('Connection terminated');

    await expectNothingOfIt(report.id, before);
    expect(h.cases.counts().cases).toBe(0);
  });

  it('opened once the database is back: one case, from the same report', async () => {
    const report = await reported();
    const restore = patchGuild(h.cases, () => ({ addSide: () => Promise.reject(new Error('Connection terminated unexpectedly')) }));
    await expect(open(report.id)).rejects.toThrow();
    restore();

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.opened.case.number).toBe(1);
    expect(h.cases.counts().cases).toBe(1);
    expect((await storedReport(report.id))?.caseId).toBe(result.value.opened.case.id);
  });
});

describe('openCaseFromReport: refused by /case open after the report was taken', () => {
  it('personal_info_exposed without where: exposure-location-required, the report back to open and nothing created', async () => {
    const report = await reported();
    const before = caseSideOf();

    const result = await open(report.id, { category: 'personal_info_exposed', exposureLocation: null });

    expect(result).toEqual({ ok: false, reason: 'exposure-location-required' });
    expect(caseSideOf()).toEqual(before);
    await expectBackToOpen(report.id);
    expect(h.cases.eventsOfType('report_claimed')).toHaveLength(0);
    expect(h.cases.eventsOfType('case_opened_from_report')).toHaveLength(0);
  });

  it('the released report can be opened afterwards, with where given', async () => {
    const report = await reported();
    await open(report.id, { category: 'personal_info_exposed', exposureLocation: null });

    const result = await open(report.id, { category: 'personal_info_exposed', exposureLocation: 'on_server' });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.opened.case).toMatchObject({ number: 1, category: 'personal_info_exposed', exposureLocation: 'on_server' });
  });
});

describe('mergeReportIntoCase', () => {
  /** Case #1: Robin about Sam. Alex then reports Sam. */
  async function caseAndReport(): Promise<ReportWithSubmissions> {
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
    return reported();
  }

  it('adds the reporter to the case as a witness, with a thread and their forms as statements', async () => {
    const report = await caseAndReport();
    await reported({ answers: { whatHappened: SECOND } });
    const threadsBefore = h.threads.opens.length;

    const result = await merge(report.id, 1);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.caseNumber).toBe(1);
    expect(result.value.added).toMatchObject({ newParty: true, party: { userId: IDS.ALEX, role: 'witness' } });
    const c = await h.cases.forGuild(IDS.GUILD).find(1);
    const alex = c?.parties.find((p) => p.userId === IDS.ALEX);
    expect(alex).toMatchObject({ role: 'witness', position: 3 });
    expect(alex?.threadId).toMatch(/^\d{17,}$/);
    expect(h.threads.opens.slice(threadsBefore).map((o) => o.addresseeId)).toEqual([IDS.ALEX]);
    const statements = h.cases.statements.filter((s) => s.partyId === alex?.id);
    expect(statements.map((s) => s.source)).toEqual(['report', 'report', 'report', 'report']);
    expect(statements[0]?.text).toBe(FIRST);
    expect(statements[2]?.text).toBe(SECOND);
    expect(c?.status).toBe('interviewing');
  });

  it('marks the report merged with the case, records report_merged_into_case and updates the post without controls', async () => {
    const report = await caseAndReport();

    const result = await merge(report.id, 1);

    if (!result.ok) throw new Error(result.reason);
    const c = await h.cases.forGuild(IDS.GUILD).find(1);
    expect(await storedReport(report.id)).toMatchObject({ status: 'merged', caseId: c?.id, handledById: IDS.MOD });
    expect(h.cases.eventsOfType('report_merged_into_case')[0]).toMatchObject({ caseId: c?.id, actorId: IDS.MOD, data: { reportId: report.id, number: report.number } });
    const last = h.reportQueue.calls.at(-1);
    expect(last).toMatchObject({ kind: 'update', view: { caseNumber: 1, report: { status: 'merged' } } });
    if (!last) throw new Error('an update expected');
    expect(reportControls(last.view)).toEqual([]);
    expect(result.value.queued).toBe(true);
  });

  it('a reporter already on the case keeps their role and gets the statement', async () => {
    await h.open(); // Alex about Sam: Alex is the complainant.
    const report = await reported();

    const result = await merge(report.id, 1);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.added).toMatchObject({ newParty: false, party: { userId: IDS.ALEX, role: 'complainant' } });
    expect(h.cases.statements.filter((s) => s.source === 'report')).toHaveLength(2); // what happened + the other answers
  });

  it('into a case that does not exist: case-not-found, the report back to open and nothing added', async () => {
    const report = await caseAndReport();
    const before = caseSideOf();

    const result = await merge(report.id, 99);

    expect(result).toEqual({ ok: false, reason: 'case-not-found' });
    expect(caseSideOf()).toEqual(before);
    await expectBackToOpen(report.id);
    expect(h.cases.eventsOfType('report_claimed')).toHaveLength(0);
  });

  it('into a closed case: case-closed, the report back to open and nothing added', async () => {
    const report = await caseAndReport();
    const closed = await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, outcome: 'no_action', reason: 'Nothing to act on', oneSidedReason: 'No answers' });
    if (!closed.ok) throw new Error(closed.reason);
    const before = caseSideOf();

    const result = await merge(report.id, 1);

    expect(result).toEqual({ ok: false, reason: 'case-closed' });
    expect(caseSideOf()).toEqual(before);
    await expectBackToOpen(report.id);
  });

  it('into a case of another guild (by its number): case-not-found', async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD, complainant: { id: IDS.ROBIN, isBot: false } });
    const report = await reported();

    const result = await merge(report.id, 1);

    expect(result).toEqual({ ok: false, reason: 'case-not-found' });
    await expectBackToOpen(report.id);
  });

  it('by a moderator who is a party to the target case: actor-is-party, the report back to open', async () => {
    // Case #1: MOD2 about Sam, opened by MOD.
    await h.open({ complainant: { id: IDS.MOD2, isBot: false } });
    const report = await reported();
    const before = caseSideOf();

    const result = await merge(report.id, 1, { actor: h.actors.mod2 });

    expect(result).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(caseSideOf()).toEqual(before);
    await expectBackToOpen(report.id);
  });

  it('by a moderator who is the reporter: actor-is-party, nothing changed', async () => {
    const report = await caseAndReport();
    await expectRefusedWithoutChange(() => merge(report.id, 1, { actor: staffActor(IDS.ALEX) }), { reason: 'actor-is-party' });
  });

  it('a report already handled: report-already-handled, nothing changed', async () => {
    const report = await caseAndReport();
    expect((await merge(report.id, 1)).ok).toBe(true);
    await expectRefusedWithoutChange(() => merge(report.id, 1, { actor: h.actors.mod2 }), { reason: 'report-already-handled' });
  });

  it('a member without the staff role: not-staff, nothing changed', async () => {
    const report = await caseAndReport();
    await expectRefusedWithoutChange(() => merge(report.id, 1, { actor: h.actors.member }), { reason: 'not-staff' });
  });
});

describe('dismissReport', () => {
  const REASON = 'Ordinary disagreement over a game, no pattern of following';

  it('marks the report dismissed with the reason, who and when, and updates the post without controls', async () => {
    const report = await reported();
    h.clock.advance(MINUTE);

    const result = await dismiss(report.id, { reason: `  ${REASON}  ` });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value).toMatchObject({ reporterTold: true, queued: true, report: { status: 'dismissed', dismissReason: REASON } });
    expect(await storedReport(report.id)).toMatchObject({ status: 'dismissed', dismissReason: REASON, handledById: IDS.MOD, handledAt: h.clock.now(), caseId: null });
    expect(h.cases.eventsOfType('report_claimed')[0]).toMatchObject({ actorId: IDS.MOD, data: { reportId: report.id, status: 'dismissed' } });
    const last = h.reportQueue.calls.at(-1);
    expect(last).toMatchObject({ kind: 'update', view: { caseNumber: null, report: { status: 'dismissed' } } });
    if (!last) throw new Error('an update expected');
    expect(reportControls(last.view)).toEqual([]);
    expect(h.cases.counts().cases).toBe(0);
  });

  it('tells the reporter, in neutral words, without the reason nor the reported member', async () => {
    const report = await reported();

    await dismiss(report.id, { reason: REASON });

    expect(h.dms.attempts).toHaveLength(1);
    const dm = h.dms.sent[0];
    expect(dm?.userId).toBe(IDS.ALEX);
    expect(dm?.content).toBe(reportReviewedText(en, COMMUNITY_NAME, report.number));
    expect(dm?.content).toContain(`R-${report.number}`);
    expect(dm?.content).not.toContain(REASON);
    expect(dm?.content).not.toContain('disagreement');
    expect(dm?.content).not.toContain(IDS.SAM);
    expect(h.dms.attempts.some((a) => a.userId === IDS.SAM)).toBe(false);
    expect(h.threads.callCount).toBe(0);
  });

  it('with the reporter\'s DMs closed: still dismissed, reporterTold false and a report_dismissal_not_delivered event', async () => {
    const report = await reported();
    h.dms.closeDmsOf(IDS.ALEX);

    const result = await dismiss(report.id);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.reporterTold).toBe(false);
    expect((await storedReport(report.id)).status).toBe('dismissed');
    const events = h.cases.eventsOfType('report_dismissal_not_delivered');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: null, actorId: IDS.MOD, data: { reportId: report.id, number: report.number, reason: 'cannot-dm' } });
  });

  it('a blank reason: text-required on reason, nothing changed', async () => {
    const report = await reported();
    await expectRefusedWithoutChange(() => dismiss(report.id, { reason: ' \u200b ' }), { reason: 'text-required', field: 'reason' });
    expect((await storedReport(report.id)).status).toBe('open');
  });

  it('a reason of 1001 characters: text-too-long on reason, nothing changed', async () => {
    const report = await reported();
    await expectRefusedWithoutChange(() => dismiss(report.id, { reason: 'r'.repeat(1001) }), { reason: 'text-too-long', field: 'reason', max: 1000 });
  });

  it('a reason of exactly 1000 characters is accepted', async () => {
    const report = await reported();
    expect((await dismiss(report.id, { reason: 'r'.repeat(1000) })).ok).toBe(true);
  });

  it('a second dismissal: report-already-handled, no second DM', async () => {
    const report = await reported();
    expect((await dismiss(report.id)).ok).toBe(true);
    await expectRefusedWithoutChange(() => dismiss(report.id, { actor: h.actors.mod2 }), { reason: 'report-already-handled' });
    expect(h.dms.attempts).toHaveLength(1);
  });

  it('a member without the staff role: not-staff, nothing changed', async () => {
    const report = await reported();
    await expectRefusedWithoutChange(() => dismiss(report.id, { actor: h.actors.member }), { reason: 'not-staff' });
  });

  it('a moderator who is the reported member: actor-is-party, nothing changed', async () => {
    const report = await reported();
    await expectRefusedWithoutChange(() => dismiss(report.id, { actor: staffActor(IDS.SAM) }), { reason: 'actor-is-party' });
  });

  it("another guild's report: report-not-found, nothing changed", async () => {
    await h.configure(IDS.OTHER_GUILD);
    const report = await reported();
    await expectRefusedWithoutChange(() => dismiss(report.id, { guildId: IDS.OTHER_GUILD }), { reason: 'report-not-found' });
  });
});

describe('listOpenReports', () => {
  const list = (o: { actor?: Actor; guildId?: string; page?: number } = {}) =>
    listOpenReports(h.deps, { guildId: o.guildId ?? IDS.GUILD, actor: o.actor ?? h.actors.mod, page: o.page ?? 0 });

  const submission: NewSubmission = { kind: 'user', whatHappened: 'x', since: null, elsewhere: null, realLifeAnswer: null, other: null, evidence: null };

  it('lists only the open reports of this guild, newest first', async () => {
    await h.configure(IDS.OTHER_GUILD);
    const one = await reported();
    const two = await reported({ reporterId: IDS.ROBIN });
    const three = await reported({ reportedId: IDS.ROBIN });
    await reported({ guildId: IDS.OTHER_GUILD });
    expect((await dismiss(two.id)).ok).toBe(true);

    const result = await list();

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.items.map((r) => r.id)).toEqual([three.id, one.id]);
    expect(result.value).toMatchObject({ total: 2, page: 0, pages: 1 });
    expect(result.value.items.every((r) => r.guildId === IDS.GUILD && r.status === 'open')).toBe(true);
  });

  it('pages by 10', async () => {
    for (let i = 0; i < 12; i++) await h.reports.forGuild(IDS.GUILD).create({ reporterId: IDS.ALEX, reportedUserId: IDS.SAM, realLife: false, offPlatform: false }, submission);

    const first = await list();
    const second = await list({ page: 1 });

    if (!first.ok || !second.ok) throw new Error('list refused');
    expect(first.value.items.map((r) => r.number)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(second.value.items.map((r) => r.number)).toEqual([2, 1]);
    expect(first.value).toMatchObject({ total: 12, pages: 2 });
  });

  it('with no report: an empty first page', async () => {
    expect(await list()).toEqual({ ok: true, value: { items: [], total: 0, page: 0, pages: 1 } });
  });

  it('a member without the staff role: not-staff', async () => {
    await reported();
    expect(await list({ actor: h.actors.member })).toEqual({ ok: false, reason: 'not-staff' });
  });

  it('an admin may list', async () => {
    await reported();
    const result = await list({ actor: h.actors.admin });
    expect(result.ok && result.value.total).toBe(1);
  });

  it('before /setup: not-configured', async () => {
    expect(await list({ guildId: IDS.OTHER_GUILD })).toEqual({ ok: false, reason: 'not-configured' });
  });
});

describe('report triage: what the reporter wrote reaches the case whole', () => {
  it('a form sent while a moderator is taking the report is part of the case they open', async () => {
    const report = await reported();
    patchGuild(h.reports, (inner) => ({
      triage: async (...args) => {
        h.clock.advance(MINUTE);
        await reported({ answers: { whatHappened: 'LATE-FORM: it happened again just now' } }); // joins the still-open report
        return inner.triage(...args);
      },
    }));

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    const texts = h.cases.statements.filter((s) => s.caseId === result.value.opened.case.id).map((s) => s.text);
    expect(texts).toContain('LATE-FORM: it happened again just now');
  });

  it('a form at its longest, with every answer, loses nothing on the way into the case', async () => {
    const long = `${'x'.repeat(3990)} END-MARK`;
    const report = await reported({ answers: { whatHappened: long, realLife: 'they know my school', elsewhere: 'Instagram', since: 'May', other: 'screenshots' } });

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    const texts = h.cases.statements.filter((s) => s.caseId === result.value.opened.case.id).map((s) => s.text);
    expect(texts[0]).toBe(long);
    for (const answer of ['Real life: they know my school', 'Other apps or sites: Instagram', 'Since: May', 'Anything else: screenshots']) {
      expect(texts[1]).toContain(answer);
    }
  });

  it('when the reporter\'s thread cannot be opened, it is tried once, not once per statement', async () => {
    await reported();
    h.clock.advance(MINUTE);
    const report = await reported({ answers: { whatHappened: SECOND, since: 'today' } });
    h.threads.failOpenFor(IDS.ALEX, 'missing-permissions');

    const result = await open(report.id);

    if (!result.ok) throw new Error(result.reason);
    expect(h.threads.opens.filter((o) => o.addresseeId === IDS.ALEX)).toHaveLength(1);
    expect(h.cases.eventsOfType('thread_failed')).toHaveLength(1);
  });
});

describe('report triage: the Discord work it owes is carried out once, even after an outage', () => {
  it('a dismissal DM Discord did not answer is queued, then sent once by the runner, with nothing recorded as lost', async () => {
    const report = await reported();
    h.dms.failNextSend('unavailable');

    const result = await dismiss(report.id);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.reporterTold).toBe(false);
    expect(h.actions.pending().map((a) => a.kind)).toEqual(['report.notice']);
    h.clock.advance(1_000);
    await h.runner.drain();
    expect(h.actions.pending()).toEqual([]);
    expect(h.dms.sent.filter((d) => d.userId === IDS.ALEX)).toHaveLength(1);
    expect(h.dms.sent[0]?.content).toBe(reportReviewedText(en, COMMUNITY_NAME, report.number));
    expect(h.cases.eventsOfType('report_dismissal_not_delivered')).toHaveLength(0);
  });

  it('a staff post Discord did not answer at intake is posted once by the runner and recorded on the report', async () => {
    h.reportQueue.fail('unavailable');
    const report = await reported();
    expect(h.actions.pending().map((a) => a.kind)).toEqual(['report.queue']);
    h.reportQueue.recover();

    h.clock.advance(1_000);
    await h.runner.drain();

    const posts = h.reportQueue.calls.filter((c) => c.kind === 'post' && c.failure === null);
    expect(posts).toHaveLength(1);
    expect(await storedReport(report.id)).toMatchObject({ queueChannelId: REPORTS_CHANNEL, queueMessageId: posts[0]?.messageId });
    expect(h.cases.eventsOfType('report_not_queued')).toHaveLength(0);
  });

  it('with no channel for reports: nothing is posted, and the report says why (report_not_queued)', async () => {
    await h.configure(IDS.GUILD, { reportsChannelId: null, caseLogChannelId: null });
    const report = await reported();

    expect(h.reportQueue.callCount).toBe(0);
    expect(h.actions.pending()).toEqual([]);
    expect(h.cases.eventsOfType('report_not_queued').map((e) => e.data)).toEqual([{ reportId: report.id, number: report.number, reason: 'no-reports-channel' }]);
  });
});
