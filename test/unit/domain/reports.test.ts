import { describe, expect, it } from 'vitest';
import {
  checkReportTarget,
  checkTriage,
  planSubmission,
  rateLimitEndsAt,
  REPORT_MERGE_WINDOW_MS,
  REPORT_RATE_LIMIT,
  REPORT_RATE_WINDOW_MS,
  saysSomething,
  type RecentSubmission,
} from '../../../src/domain/reports.js';
import { REPORT_STATUSES, type ReportStatus } from '../../../src/domain/types.js';

const REPORTER = '300000000000000001';
const SAM = '300000000000000002';
const ROBIN = '300000000000000003';
const MINUTE = 60 * 1000;
const NOW = new Date('2025-03-01T12:00:00.000Z');

/** A submission made `minutesAgo` before NOW. */
const sub = (reportId: string, minutesAgo: number, reportedUserId: string = SAM, reportStatus: ReportStatus = 'open'): RecentSubmission => ({
  reportId,
  reportedUserId,
  reportStatus,
  submittedAt: new Date(NOW.getTime() - minutesAgo * MINUTE),
});

describe('checkReportTarget', () => {
  it('a member reporting someone else who is not a bot: allowed', () => {
    expect(checkReportTarget({ reporterId: REPORTER, reportedId: SAM, reportedIsBot: false })).toEqual({ ok: true, value: null });
  });

  it('a member reporting themselves: report-self', () => {
    expect(checkReportTarget({ reporterId: REPORTER, reportedId: REPORTER, reportedIsBot: false })).toEqual({ ok: false, reason: 'report-self' });
  });

  it('a member reporting a bot: report-bot', () => {
    expect(checkReportTarget({ reporterId: REPORTER, reportedId: SAM, reportedIsBot: true })).toEqual({ ok: false, reason: 'report-bot' });
  });
});

describe('planSubmission: new report or merge', () => {
  it('with nothing sent lately: a new report', () => {
    expect(planSubmission([], SAM, NOW)).toEqual({ ok: true, value: { kind: 'new' } });
  });

  it('a second form about the same member within the hour joins the open report', () => {
    expect(planSubmission([sub('r1', 30)], SAM, NOW)).toEqual({ ok: true, value: { kind: 'merge', reportId: 'r1' } });
  });

  it('with two open reports of the same member within the hour, it joins the newest', () => {
    const recent = [sub('r-old', 50), sub('r-new', 5), sub('r-mid', 20)];
    expect(planSubmission(recent, SAM, NOW)).toEqual({ ok: true, value: { kind: 'merge', reportId: 'r-new' } });
  });

  it('the report whose latest form is newest wins, whatever order the forms come in', () => {
    const recent = [sub('r-new', 2), sub('r-old', 40)];
    expect(planSubmission(recent, SAM, NOW)).toEqual({ ok: true, value: { kind: 'merge', reportId: 'r-new' } });
  });

  it.each(['case_opened', 'merged', 'dismissed'] as const)('a report already handled (%s) takes no more forms: a new report', (status) => {
    expect(planSubmission([sub('r1', 10, SAM, status)], SAM, NOW)).toEqual({ ok: true, value: { kind: 'new' } });
  });

  it('with a handled report and an older open one of the same member, it joins the open one', () => {
    const recent = [sub('r-handled', 5, SAM, 'dismissed'), sub('r-open', 30, SAM, 'open')];
    expect(planSubmission(recent, SAM, NOW)).toEqual({ ok: true, value: { kind: 'merge', reportId: 'r-open' } });
  });

  it('a form sent exactly 60 minutes ago is outside the window: a new report', () => {
    expect(planSubmission([sub('r1', 60)], SAM, NOW)).toEqual({ ok: true, value: { kind: 'new' } });
  });

  it('a form sent 61 minutes ago is outside the window: a new report', () => {
    expect(planSubmission([sub('r1', 61)], SAM, NOW)).toEqual({ ok: true, value: { kind: 'new' } });
  });

  it('a form sent just under 60 minutes ago is still inside: merge', () => {
    const justInside: RecentSubmission = { ...sub('r1', 0), submittedAt: new Date(NOW.getTime() - REPORT_MERGE_WINDOW_MS + 1) };
    expect(planSubmission([justInside], SAM, NOW)).toEqual({ ok: true, value: { kind: 'merge', reportId: 'r1' } });
  });

  it('an open report of a different member within the hour: a new report', () => {
    expect(planSubmission([sub('r-robin', 5, ROBIN)], SAM, NOW)).toEqual({ ok: true, value: { kind: 'new' } });
  });
});

describe('planSubmission and rateLimitEndsAt: at most 5 forms per 10 minutes', () => {
  const fiveForms = (): RecentSubmission[] => [9, 7, 5, 3, 1].map((m, i) => sub(`r${i}`, m, i % 2 === 0 ? SAM : ROBIN));

  it('the limit is 5 forms per 10 minutes', () => {
    expect(REPORT_RATE_LIMIT).toBe(5);
    expect(REPORT_RATE_WINDOW_MS).toBe(10 * MINUTE);
  });

  it('with 4 forms in the last 10 minutes, a 5th is taken', () => {
    const recent = fiveForms().slice(1);
    expect(planSubmission(recent, SAM, NOW).ok).toBe(true);
  });

  it('with 5 forms in the last 10 minutes, the 6th is refused: report-rate-limited', () => {
    expect(planSubmission(fiveForms(), SAM, NOW)).toEqual({ ok: false, reason: 'report-rate-limited' });
  });

  it('forms merged into one report count one by one', () => {
    const recent = [9, 7, 5, 3, 1].map((m) => sub('r1', m));
    expect(planSubmission(recent, SAM, NOW)).toEqual({ ok: false, reason: 'report-rate-limited' });
  });

  it('forms of handled reports count too', () => {
    const recent = [9, 7, 5, 3, 1].map((m, i) => sub(`r${i}`, m, SAM, 'dismissed'));
    expect(planSubmission(recent, SAM, NOW)).toEqual({ ok: false, reason: 'report-rate-limited' });
  });

  it('forms older than 10 minutes do not count', () => {
    const recent = [...[30, 20, 15, 11].map((m, i) => sub(`old${i}`, m, ROBIN)), sub('r1', 10, ROBIN), sub('r2', 2, ROBIN)];
    expect(planSubmission(recent, SAM, NOW)).toEqual({ ok: true, value: { kind: 'new' } });
  });

  it('fine again once the oldest form leaves the window, at the moment rateLimitEndsAt gives', () => {
    const recent = fiveForms();
    const until = rateLimitEndsAt(recent, NOW);
    // The oldest was 9 minutes ago: free again 1 minute from now.
    expect(until).toEqual(new Date(NOW.getTime() + MINUTE));
    expect(planSubmission(recent, SAM, new Date(until.getTime() - 1))).toEqual({ ok: false, reason: 'report-rate-limited' });
    expect(planSubmission(recent, SAM, until).ok).toBe(true);
  });

  it('with more than 5 forms in the window (e.g. raced in), the moment is when only 4 remain', () => {
    const recent = [9, 8, 6, 4, 2, 1].map((m, i) => sub(`r${i}`, m, ROBIN));
    const until = rateLimitEndsAt(recent, NOW);
    // Forms at -9 and -8 must both leave: at -8 + 10 = +2 minutes.
    expect(until).toEqual(new Date(NOW.getTime() + 2 * MINUTE));
    expect(planSubmission(recent, SAM, new Date(until.getTime() - 1)).ok).toBe(false);
    expect(planSubmission(recent, SAM, until).ok).toBe(true);
  });

  it('ignores forms outside the window and the order the forms come in', () => {
    const recent = [sub('x', 45), sub('a', 1), sub('b', 6), sub('c', 3), sub('d', 8), sub('e', 4)];
    expect(rateLimitEndsAt(recent, NOW)).toEqual(new Date(NOW.getTime() + 2 * MINUTE));
  });
});

describe('saysSomething: an optional answer that is not just "no"', () => {
  it.each(['', '  ', 'no', 'No.', 'none', 'n/a', '-', 'NO!', 'nope', 'nah', 'nothing', 'N/A', '...', '--'])('%j says nothing', (answer) => {
    expect(saysSomething(answer)).toBe(false);
  });

  it('null and undefined say nothing', () => {
    expect(saysSomething(null)).toBe(false);
    expect(saysSomething(undefined)).toBe(false);
  });

  it.each(['yes, they called me', 'they know my address', 'Yes', 'no, but they found my school', 'not sure, maybe'])('%j says something', (answer) => {
    expect(saysSomething(answer)).toBe(true);
  });
});

describe('checkTriage: only an open report can be triaged', () => {
  it('open: allowed', () => {
    expect(checkTriage('open')).toEqual({ ok: true, value: null });
  });

  it.each(REPORT_STATUSES.filter((s) => s !== 'open'))('%s: report-already-handled', (status) => {
    expect(checkTriage(status)).toEqual({ ok: false, reason: 'report-already-handled' });
  });
});
