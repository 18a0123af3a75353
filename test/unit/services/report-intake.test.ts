import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageEvidence } from '../../../src/ports.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { checkCanReport, submitReport, type ReportAnswers, type SubmitReportInput, type SubmitReportOutcome } from '../../../src/services/report-intake.js';
import { COMMUNITY_NAME, createHarness, IDS, type Harness } from '../../support/fakes/service-harness.js';

const REPORTS_CHANNEL = '500000000000000004';
const MINUTE = 60 * 1000;

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure(IDS.GUILD, { reportsChannelId: REPORTS_CHANNEL, caseLogChannelId: IDS.CASE_LOG_CHANNEL });
});

const WHAT = 'Sam joins every channel I am in and keeps messaging me after I blocked them';

const answers = (overrides: Partial<ReportAnswers> = {}): ReportAnswers => ({
  whatHappened: WHAT,
  since: '',
  elsewhere: '',
  realLife: '',
  other: '',
  ...overrides,
});

const input = (overrides: Partial<Omit<SubmitReportInput, 'answers'>> & { answers?: Partial<ReportAnswers> } = {}): SubmitReportInput => {
  const { answers: given, ...rest } = overrides;
  return {
    guildId: IDS.GUILD,
    reporterId: IDS.ALEX,
    reported: { id: IDS.SAM, isBot: false },
    kind: 'user',
    evidence: null,
    ...rest,
    answers: answers(given),
  };
};

async function submitted(overrides: Parameters<typeof input>[0] = {}): Promise<SubmitReportOutcome> {
  const result = await submitReport(h.deps, input(overrides));
  if (!result.ok) throw new Error(`submitReport refused with ${result.reason}`);
  return result.value;
}

/** Runs a refused submission and checks that nothing was stored nor sent. */
async function expectRefusedWithoutChange(overrides: Parameters<typeof input>[0], expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const result = await submitReport(h.deps, input(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

const queueCalls = () => h.reportQueue.calls.map((c) => ({ kind: c.kind, channelId: c.channelId, messageId: c.messageId, failure: c.failure }));

const evidence: MessageEvidence = {
  messageId: '600000000000000001',
  channelId: '500000000000000009',
  authorId: IDS.SAM,
  content: 'I know where you live.\nSee you soon.',
  sentAt: new Date('2025-03-01T11:58:00.000Z'),
  attachments: [
    { name: 'map.png', url: 'https://cdn.example.org/attachments/1/map.png' },
    { name: 'photo.jpg', url: 'https://cdn.example.org/attachments/2/photo.jpg' },
  ],
  link: `https://discord.com/channels/${IDS.GUILD}/500000000000000009/600000000000000001`,
};

describe('submitReport: refused, nothing stored nor sent', () => {
  it('before /setup: not-configured', async () => {
    await expectRefusedWithoutChange({ guildId: IDS.OTHER_GUILD }, { reason: 'not-configured' });
  });

  it('a member reporting themselves: report-self', async () => {
    await expectRefusedWithoutChange({ reported: { id: IDS.ALEX, isBot: false } }, { reason: 'report-self' });
  });

  it('a member reporting a bot: report-bot', async () => {
    await expectRefusedWithoutChange({ reported: { id: IDS.BOT, isBot: true } }, { reason: 'report-bot' });
  });

  it('"what is happening" left blank: text-required on what_happened', async () => {
    await expectRefusedWithoutChange({ answers: { whatHappened: '  \n\t ' } }, { reason: 'text-required', field: 'what_happened' });
  });

  it('"what is happening" of invisible characters only: text-required on what_happened', async () => {
    await expectRefusedWithoutChange({ answers: { whatHappened: '\u200b\u2800\u3164 \ufeff' } }, { reason: 'text-required', field: 'what_happened' });
  });

  it('"what is happening" of 4001 characters: text-too-long on what_happened', async () => {
    await expectRefusedWithoutChange({ answers: { whatHappened: 'x'.repeat(4001) } }, { reason: 'text-too-long', field: 'what_happened', max: 4000 });
  });

  it('"since when" of 201 characters: text-too-long on since', async () => {
    await expectRefusedWithoutChange({ answers: { since: 's'.repeat(201) } }, { reason: 'text-too-long', field: 'since', max: 200 });
  });

  it('"other apps or sites" of 1001 characters: text-too-long on elsewhere', async () => {
    await expectRefusedWithoutChange({ answers: { elsewhere: 'e'.repeat(1001) } }, { reason: 'text-too-long', field: 'elsewhere', max: 1000 });
  });

  it('"real life" of 1001 characters: text-too-long on real_life', async () => {
    await expectRefusedWithoutChange({ answers: { realLife: 'r'.repeat(1001) } }, { reason: 'text-too-long', field: 'real_life', max: 1000 });
  });

  it('"anything else" of 1001 characters: text-too-long on other', async () => {
    await expectRefusedWithoutChange({ answers: { other: 'o'.repeat(1001) } }, { reason: 'text-too-long', field: 'other', max: 1000 });
  });
});

describe('submitReport: the limits themselves are accepted', () => {
  it('takes 4000 characters of "what is happening", 200 of "since" and 1000 of each other answer', async () => {
    const { report } = await submitted({
      answers: { whatHappened: 'w'.repeat(4000), since: 's'.repeat(200), elsewhere: 'e'.repeat(1000), realLife: 'r'.repeat(1000), other: 'o'.repeat(1000) },
    });
    const [s] = report.submissions;
    expect([s?.whatHappened.length, s?.since?.length, s?.elsewhere?.length, s?.realLifeAnswer?.length, s?.other?.length]).toEqual([4000, 200, 1000, 1000, 1000]);
  });
});

describe('submitReport: a new report', () => {
  it('stores report R-1 (open, from the reporter about the member) with its first form, trimmed, blank answers as null', async () => {
    const outcome = await submitted({ answers: { whatHappened: `  ${WHAT}  `, since: ' since last week ', other: '   ' } });

    expect(outcome).toMatchObject({ merged: false, queued: true, communityName: COMMUNITY_NAME, realLife: false });
    const stored = await h.reports.forGuild(IDS.GUILD).find(outcome.report.id);
    expect(stored).toMatchObject({ guildId: IDS.GUILD, number: 1, reporterId: IDS.ALEX, reportedUserId: IDS.SAM, status: 'open', realLife: false, offPlatform: false, caseId: null, handledById: null });
    expect(stored?.submissions).toHaveLength(1);
    expect(stored?.submissions[0]).toMatchObject({ kind: 'user', whatHappened: WHAT, since: 'since last week', elsewhere: null, realLifeAnswer: null, other: null, evidence: null });
    const events = h.cases.eventsOfType('report_submitted');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: null, actorId: IDS.ALEX, data: { reportId: outcome.report.id, number: 1 } });
  });

  it('numbers reports per guild: 1, 2 here and 1 in another guild', async () => {
    await h.configure(IDS.OTHER_GUILD, { reportsChannelId: REPORTS_CHANNEL });
    const first = await submitted();
    const second = await submitted({ reported: { id: IDS.ROBIN, isBot: false } });
    const elsewhere = await submitted({ guildId: IDS.OTHER_GUILD });
    expect([first.report.number, second.report.number, elsewhere.report.number]).toEqual([1, 2, 1]);
  });

  it('is posted in the reports channel, and the post is remembered on the report', async () => {
    const { report } = await submitted();

    expect(queueCalls()).toEqual([{ kind: 'post', channelId: REPORTS_CHANNEL, messageId: expect.stringMatching(/^\d{17,}$/) as unknown, failure: null }]);
    const post = h.reportQueue.calls[0];
    expect(post?.view).toMatchObject({ report: { id: report.id, number: 1 }, caseNumber: null });
    const stored = await h.reports.forGuild(IDS.GUILD).find(report.id);
    expect(stored).toMatchObject({ queueChannelId: REPORTS_CHANNEL, queueMessageId: post?.messageId });
  });

  it('without a reports channel, is posted in the case-log channel', async () => {
    await h.configure(IDS.GUILD, { reportsChannelId: null, caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    const outcome = await submitted();

    expect(outcome.queued).toBe(true);
    expect(queueCalls()).toEqual([expect.objectContaining({ kind: 'post', channelId: IDS.CASE_LOG_CHANNEL })]);
  });

  it('with neither channel, is stored but not posted: queued false and a report_not_queued event', async () => {
    await h.configure(IDS.GUILD, { reportsChannelId: null, caseLogChannelId: null });
    const outcome = await submitted();

    expect(outcome.queued).toBe(false);
    expect(h.reportQueue.calls).toHaveLength(0);
    expect(h.reports.size).toBe(1);
    expect((await h.reports.forGuild(IDS.GUILD).find(outcome.report.id))?.queueMessageId).toBeNull();
    const events = h.cases.eventsOfType('report_not_queued');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: null, actorId: IDS.ALEX, data: { reportId: outcome.report.id, number: 1, reason: 'no-reports-channel' } });
  });

  it('when Discord refuses the post, is stored with queued false and a report_not_queued event naming the failure', async () => {
    h.reportQueue.fail('missing-permissions');
    const outcome = await submitted();

    expect(outcome.queued).toBe(false);
    expect(h.reports.size).toBe(1);
    expect(h.cases.eventsOfType('report_not_queued')[0]?.data).toMatchObject({ reportId: outcome.report.id, reason: 'missing-permissions' });
  });

  it('stores the reported message as it was given, attachments included', async () => {
    const { report } = await submitted({ kind: 'message', evidence });

    const stored = await h.reports.forGuild(IDS.GUILD).find(report.id);
    expect(stored?.submissions[0]?.kind).toBe('message');
    expect(stored?.submissions[0]?.evidence).toEqual(evidence);
    expect(h.reportQueue.calls[0]?.view.report.submissions[0]?.evidence).toEqual(evidence);
  });

  it('stores a message whose content could not be captured (content null) as such', async () => {
    const uncaptured: MessageEvidence = { ...evidence, content: null, sentAt: null, attachments: [] };
    const { report } = await submitted({ kind: 'message', evidence: uncaptured });
    expect((await h.reports.forGuild(IDS.GUILD).find(report.id))?.submissions[0]?.evidence).toEqual(uncaptured);
  });
});

describe('submitReport: the flags', () => {
  it('a real-life answer that says something flags the report as reached real life', async () => {
    const outcome = await submitted({ answers: { realLife: 'yes, they called me at home' } });
    expect(outcome.realLife).toBe(true);
    expect(outcome.report.realLife).toBe(true);
    expect(outcome.report.submissions[0]?.realLifeAnswer).toBe('yes, they called me at home');
  });

  it.each(['no', 'No.', 'none', 'n/a', '-', '   '])('a real-life answer of %j does not flag it', async (realLife) => {
    const outcome = await submitted({ answers: { realLife } });
    expect(outcome.realLife).toBe(false);
    expect(outcome.report.realLife).toBe(false);
  });

  it('an "other apps or sites" answer that says something flags it as off-platform', async () => {
    const outcome = await submitted({ answers: { elsewhere: 'Instagram and Snapchat' } });
    expect(outcome.report.offPlatform).toBe(true);
    expect(outcome.report.realLife).toBe(false);
  });

  it('an "other apps or sites" answer of "none" does not flag it', async () => {
    const outcome = await submitted({ answers: { elsewhere: 'none' } });
    expect(outcome.report.offPlatform).toBe(false);
    // The answer itself is kept as written.
    expect(outcome.report.submissions[0]?.elsewhere).toBe('none');
  });
});

describe('submitReport: a second form about the same member', () => {
  it('within the hour joins the first report: same number, two forms, merged, the staff post updated not posted again', async () => {
    const first = await submitted();
    h.clock.advance(30 * MINUTE);
    const second = await submitted({ answers: { whatHappened: 'Now they post about me in #general' } });

    expect(second.merged).toBe(true);
    expect(second.queued).toBe(true);
    expect(second.report.id).toBe(first.report.id);
    expect(second.report.number).toBe(1);
    expect(second.report.submissions.map((s) => s.whatHappened)).toEqual([WHAT, 'Now they post about me in #general']);
    expect(h.reports.size).toBe(1);
    expect(h.reports.submissionCount).toBe(2);
    const postedId = h.reportQueue.calls[0]?.messageId;
    expect(queueCalls()).toEqual([
      { kind: 'post', channelId: REPORTS_CHANNEL, messageId: postedId, failure: null },
      { kind: 'update', channelId: REPORTS_CHANNEL, messageId: postedId, failure: null },
    ]);
    expect(h.reportQueue.calls[1]?.view.report.submissions).toHaveLength(2);
    expect(h.cases.eventsOfType('report_submission_added')[0]).toMatchObject({ actorId: IDS.ALEX, data: { reportId: first.report.id, number: 1, submissions: 2 } });
  });

  it('a "Report message" form joins an earlier "Report user" form of the same member', async () => {
    const first = await submitted();
    const second = await submitted({ kind: 'message', evidence });
    expect(second.report.id).toBe(first.report.id);
    expect(second.report.submissions.map((s) => s.kind)).toEqual(['user', 'message']);
    expect(second.report.submissions[1]?.evidence).toEqual(evidence);
  });

  it('flags only turn on: a later "no" keeps real life, a later elsewhere answer adds off-platform', async () => {
    await submitted({ answers: { realLife: 'they sent a letter to my house', elsewhere: 'no' } });
    const second = await submitted({ answers: { realLife: 'no', elsewhere: 'on Instagram too' } });

    expect(second.merged).toBe(true);
    expect(second.report).toMatchObject({ realLife: true, offPlatform: true });
    expect(second.realLife).toBe(true);
  });

  it('a later form can turn real life on for a report that had it off', async () => {
    await submitted();
    const second = await submitted({ answers: { realLife: 'they know my address' } });
    expect(second.report.realLife).toBe(true);
    expect(second.realLife).toBe(true);
  });

  it('after an hour starts a new report', async () => {
    const first = await submitted();
    h.clock.advance(60 * MINUTE);
    const second = await submitted();

    expect(second.merged).toBe(false);
    expect(second.report.id).not.toBe(first.report.id);
    expect(second.report.number).toBe(2);
    expect(queueCalls().map((c) => c.kind)).toEqual(['post', 'post']);
  });

  it('after the first report was handled starts a new report', async () => {
    const first = await submitted();
    await h.reports.forGuild(IDS.GUILD).triage(first.report.id, { status: 'dismissed', handledById: IDS.MOD, at: h.clock.now(), dismissReason: 'r' }, { type: 'report_claimed', actorId: IDS.MOD }, () => Promise.resolve(null));
    h.clock.advance(5 * MINUTE);
    const second = await submitted();

    expect(second.merged).toBe(false);
    expect(second.report.number).toBe(2);
    expect((await h.reports.forGuild(IDS.GUILD).find(first.report.id))?.submissions).toHaveLength(1);
  });

  it('about a different member within the hour starts a new report', async () => {
    const first = await submitted();
    const second = await submitted({ reported: { id: IDS.ROBIN, isBot: false } });
    expect(second.merged).toBe(false);
    expect(second.report.id).not.toBe(first.report.id);
    expect(second.report.reportedUserId).toBe(IDS.ROBIN);
  });

  it('from a different reporter about the same member starts a new report', async () => {
    const first = await submitted();
    const second = await submitted({ reporterId: IDS.ROBIN });
    expect(second.merged).toBe(false);
    expect(second.report.id).not.toBe(first.report.id);
  });

  it('whose staff post was deleted by hand is posted again, and the new post is remembered', async () => {
    const first = await submitted();
    const deleted = h.reportQueue.calls[0]?.messageId;
    if (!deleted) throw new Error('first post expected');
    h.reportQueue.deleteByHand(deleted);

    const second = await submitted();

    expect(second.queued).toBe(true);
    const reposted = h.reportQueue.calls[2]?.messageId;
    expect(queueCalls()).toEqual([
      { kind: 'post', channelId: REPORTS_CHANNEL, messageId: deleted, failure: null },
      { kind: 'update', channelId: REPORTS_CHANNEL, messageId: deleted, failure: 'unknown-message' },
      { kind: 'post', channelId: REPORTS_CHANNEL, messageId: reposted, failure: null },
    ]);
    expect(reposted).not.toBe(deleted);
    expect((await h.reports.forGuild(IDS.GUILD).find(first.report.id))?.queueMessageId).toBe(reposted);
    expect(h.cases.eventsOfType('report_not_queued')).toHaveLength(0);

    await submitted();
    expect(h.reportQueue.calls[3]).toMatchObject({ kind: 'update', messageId: reposted, failure: null });
  });

  it('whose first post failed is posted now', async () => {
    h.reportQueue.fail('unavailable');
    await submitted();
    h.reportQueue.recover();
    const second = await submitted();

    expect(second.queued).toBe(true);
    expect(queueCalls().map((c) => [c.kind, c.failure])).toEqual([
      ['post', 'unavailable'],
      ['post', null],
    ]);
  });

  it('when updating the post fails for another reason than deletion, records report_not_queued and does not post twice', async () => {
    const first = await submitted();
    h.reportQueue.fail('missing-access');
    const second = await submitted();

    expect(second.queued).toBe(false);
    expect(queueCalls().map((c) => c.kind)).toEqual(['post', 'update']);
    expect(h.cases.eventsOfType('report_not_queued')[0]?.data).toMatchObject({ reportId: first.report.id, reason: 'missing-access' });
  });
});

describe('submitReport: at most 5 forms per 10 minutes', () => {
  const members = [IDS.SAM, IDS.ROBIN, IDS.MEMBER, IDS.MOD2, IDS.ADMIN];

  async function fiveFormsOneMinuteApart(): Promise<Date> {
    const start = h.clock.now();
    for (const [i, id] of members.entries()) {
      if (i > 0) h.clock.advance(MINUTE);
      await submitted({ reported: { id, isBot: false } });
    }
    return start;
  }

  it('refuses the 6th with report-rate-limited and the moment it may be sent, storing and sending nothing', async () => {
    const start = await fiveFormsOneMinuteApart();
    h.clock.advance(MINUTE);

    await expectRefusedWithoutChange({}, { reason: 'report-rate-limited', until: new Date(start.getTime() + 10 * MINUTE) });
  });

  it('counts forms merged into one report', async () => {
    const start = h.clock.now();
    for (let i = 0; i < 5; i++) await submitted();
    expect(h.reports.size).toBe(1);

    await expectRefusedWithoutChange({}, { reason: 'report-rate-limited', until: new Date(start.getTime() + 10 * MINUTE) });
  });

  it('takes a form again once the oldest leaves the window', async () => {
    const start = await fiveFormsOneMinuteApart();
    h.clock.set(new Date(start.getTime() + 10 * MINUTE - 1));
    expect((await submitReport(h.deps, input())).ok).toBe(false);

    h.clock.set(new Date(start.getTime() + 10 * MINUTE));
    const outcome = await submitted();
    expect(outcome.report.reportedUserId).toBe(IDS.SAM);
  });

  it('counts per reporter: another member may still report', async () => {
    await fiveFormsOneMinuteApart();
    const outcome = await submitted({ reporterId: IDS.ROBIN });
    expect(outcome.merged).toBe(false);
  });

  it('counts per guild: the same reporter may still report in another guild', async () => {
    await h.configure(IDS.OTHER_GUILD, { reportsChannelId: REPORTS_CHANNEL });
    await fiveFormsOneMinuteApart();
    expect((await submitReport(h.deps, input({ guildId: IDS.OTHER_GUILD }))).ok).toBe(true);
  });
});

describe('submitReport: what staff see beside the report', () => {
  it("shows the reported member's open cases and how many other reports name them, and never the other reporters", async () => {
    // Case #1: Alex about Sam, open. Case #2: Robin about Sam, closed.
    await h.open();
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
    const closed = await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 2, outcome: 'no_action', reason: 'Nothing to act on', oneSidedReason: 'No answer' });
    if (!closed.ok) throw new Error(closed.reason);
    // Robin reported Sam before, and reported someone else too.
    await submitted({ reporterId: IDS.ROBIN });
    await submitted({ reporterId: IDS.ROBIN, reported: { id: IDS.MEMBER, isBot: false } });

    const { report } = await submitted();

    const view = h.reportQueue.calls.at(-1)?.view;
    expect(view?.report.id).toBe(report.id);
    expect(view?.history).toEqual({ openCases: [{ number: 1, status: 'open' }], earlierReports: 1 });
    expect(JSON.stringify(view)).not.toContain(IDS.ROBIN);
  });

  it('a first report of a member shows no case and no other report', async () => {
    await submitted();
    expect(h.reportQueue.calls[0]?.view.history).toEqual({ openCases: [], earlierReports: 0 });
  });

  it('a merged form does not count its own report as another report', async () => {
    await submitted();
    await submitted();
    expect(h.reportQueue.calls[1]?.view.history.earlierReports).toBe(0);
  });
});

describe('submitReport: the reported member is never contacted', () => {
  it('no DM, thread or thread post goes anywhere, through a new report, a merged form and a reported message', async () => {
    await submitted({ answers: { realLife: 'they know my address', elsewhere: 'Instagram' } });
    await submitted({ kind: 'message', evidence });
    await submitted({ reported: { id: IDS.ROBIN, isBot: false } });

    expect(h.dms.attempts).toEqual([]);
    expect(h.threads.callCount).toBe(0);
    expect(h.notifier.callCount).toBe(0);
  });
});

describe('checkCanReport: told before the form, nothing changed', () => {
  const check = (overrides: { guildId?: string; reporterId?: string; reported?: { id: string; isBot: boolean } } = {}) =>
    checkCanReport(h.deps, { guildId: IDS.GUILD, reporterId: IDS.ALEX, reported: { id: IDS.SAM, isBot: false }, ...overrides });

  async function expectCheck(overrides: Parameters<typeof check>[0], expected: unknown): Promise<void> {
    const before = h.snapshot();
    expect(await check(overrides)).toEqual(expected);
    expect(h.snapshot()).toEqual(before);
  }

  it('a member who may report: ok', async () => {
    await expectCheck({}, { ok: true, value: null });
  });

  it('before /setup: not-configured', async () => {
    await expectCheck({ guildId: IDS.OTHER_GUILD }, { ok: false, reason: 'not-configured' });
  });

  it('themselves: report-self', async () => {
    await expectCheck({ reported: { id: IDS.ALEX, isBot: false } }, { ok: false, reason: 'report-self' });
  });

  it('a bot: report-bot', async () => {
    await expectCheck({ reported: { id: IDS.BOT, isBot: true } }, { ok: false, reason: 'report-bot' });
  });

  it('after 5 forms in 10 minutes: report-rate-limited with until', async () => {
    const start = h.clock.now();
    for (let i = 0; i < 5; i++) await submitted();
    h.clock.advance(3 * MINUTE);
    await expectCheck({}, { ok: false, reason: 'report-rate-limited', until: new Date(start.getTime() + 10 * MINUTE) });
    h.clock.set(new Date(start.getTime() + 10 * MINUTE));
    await expectCheck({}, { ok: true, value: null });
  });

  it('with an open report of the same member: ok (the form will join it)', async () => {
    await submitted();
    await expectCheck({}, { ok: true, value: null });
  });
});

describe('report intake: invisible answers', () => {
  it('an optional answer of invisible characters only counts as no answer, and the report is taken', async () => {
    await h.configure(IDS.GUILD, { reportsChannelId: '500000000000000004' });
    const result = await submitReport(h.deps, {
      guildId: IDS.GUILD,
      reporterId: IDS.ALEX,
      reported: { id: IDS.SAM, isBot: false },
      kind: 'user',
      answers: { whatHappened: 'Real text', since: '\u200b', elsewhere: '\u2060', realLife: '\u200b\u200c', other: '' },
      evidence: null,
    });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.report.submissions[0]).toMatchObject({ since: null, elsewhere: null, realLifeAnswer: null });
    expect(result.value.report.realLife).toBe(false);
  });
});
