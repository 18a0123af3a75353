/**
 * Rules for chatters' reports: who may be reported, when a new report is
 * one more submission of an earlier one, and the flood limit.
 */
import { fail, ok, type Result } from './result.js';
import type { ReportStatus } from './types.js';

/** A second report of the same member by the same reporter within this time joins the first. */
export const REPORT_MERGE_WINDOW_MS = 60 * 60 * 1000;
/** At most this many report forms per reporter ... */
export const REPORT_RATE_LIMIT = 5;
/** ... within this time. */
export const REPORT_RATE_WINDOW_MS = 10 * 60 * 1000;

export const REPORT_TEXT_MAX = 4000;
export const REPORT_SINCE_MAX = 200;
export const REPORT_ANSWER_MAX = 1000;

export type TargetProblem = 'report-self' | 'report-bot';

/** A member cannot report themselves, a bot, or this bot. */
export function checkReportTarget(input: { reporterId: string; reportedId: string; reportedIsBot: boolean }): Result<null, TargetProblem> {
  if (input.reporterId === input.reportedId) return fail('report-self');
  if (input.reportedIsBot) return fail('report-bot');
  return ok(null);
}

/** A submission the reporter made recently, with the report it belongs to. */
export type RecentSubmission = {
  readonly reportId: string;
  readonly reportedUserId: string;
  readonly reportStatus: ReportStatus;
  readonly submittedAt: Date;
};

export type SubmissionPlan = { readonly kind: 'new' } | { readonly kind: 'merge'; readonly reportId: string };

/**
 * Where a new submission goes: refused when the reporter sent too many
 * lately; into their open report of the same member from the last hour if
 * there is one; otherwise a new report.
 */
export function planSubmission(recent: readonly RecentSubmission[], reportedUserId: string, now: Date): Result<SubmissionPlan, 'report-rate-limited'> {
  const since = (ms: number) => recent.filter((s) => now.getTime() - s.submittedAt.getTime() < ms);
  if (since(REPORT_RATE_WINDOW_MS).length >= REPORT_RATE_LIMIT) return fail('report-rate-limited');
  const same = since(REPORT_MERGE_WINDOW_MS)
    .filter((s) => s.reportedUserId === reportedUserId && s.reportStatus === 'open')
    .sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime())[0];
  return ok(same ? { kind: 'merge', reportId: same.reportId } : { kind: 'new' });
}

/** When the reporter may send another form after hitting the limit. */
export function rateLimitEndsAt(recent: readonly RecentSubmission[], now: Date): Date {
  const inWindow = recent
    .map((s) => s.submittedAt.getTime())
    .filter((t) => now.getTime() - t < REPORT_RATE_WINDOW_MS)
    .sort((a, b) => a - b);
  const oldest = inWindow[inWindow.length - REPORT_RATE_LIMIT] ?? now.getTime();
  return new Date(oldest + REPORT_RATE_WINDOW_MS);
}

const NO = /^(no+|nope|nah|none|nothing|n|n\/a|na|-+|\.+)[.!]*$/i;

/**
 * An optional answer that says something: not empty and not just "no".
 * "Has it reached your real life? no" must not flag the report.
 */
export function saysSomething(answer: string | null | undefined): boolean {
  const text = (answer ?? '').trim();
  return text !== '' && !NO.test(text);
}

/** Only an open report can be turned into a case, merged or dismissed. */
export function checkTriage(status: ReportStatus): Result<null, 'report-already-handled'> {
  return status === 'open' ? ok(null) : fail('report-already-handled');
}
