import { checkReportTarget, planSubmission, REPORT_ANSWER_MAX, REPORT_MERGE_WINDOW_MS, REPORT_SINCE_MAX, REPORT_TEXT_MAX, rateLimitEndsAt, saysSomething } from '../domain/reports.js';
import { ok } from '../domain/result.js';
import { checkText, isBlank, type TextField } from '../domain/text-limits.js';
import type { ReportKind } from '../domain/types.js';
import type { MessageEvidence, NewSubmission, ReportWithSubmissions } from '../ports.js';
import type { ServiceDeps } from './deps.js';
import type { NewOwedAction } from '../actions/types.js';
import { queueAction } from './report-queue.js';
import { refuse, refuseText, type ServiceResult } from './service-result.js';

export type ReportAnswers = {
  readonly whatHappened: string;
  readonly since: string;
  readonly elsewhere: string;
  readonly realLife: string;
  readonly other: string;
};

export type SubmitReportInput = {
  readonly guildId: string;
  readonly reporterId: string;
  readonly reported: { readonly id: string; readonly isBot: boolean };
  readonly kind: ReportKind;
  readonly answers: ReportAnswers;
  readonly evidence: MessageEvidence | null;
};

export type SubmitReportOutcome = {
  readonly report: ReportWithSubmissions;
  /** Joined the reporter's earlier report of the same member (within the hour). */
  readonly merged: boolean;
  /** Whether staff could be shown it in their channel now (it is stored either way). */
  readonly queued: boolean;
  readonly communityName: string;
  readonly realLife: boolean;
};

/**
 * What a member is told before filling in the form, when a report could not
 * be taken anyway (not set up, themselves, a bot, too many reports lately).
 * The same checks run again on submission.
 */
export async function checkCanReport(
  deps: ServiceDeps,
  input: { readonly guildId: string; readonly reporterId: string; readonly reported: { readonly id: string; readonly isBot: boolean } },
): Promise<ServiceResult<null>> {
  const settings = await deps.settings.forGuild(input.guildId).get();
  if (!settings) return refuse('not-configured');
  const target = checkReportTarget({ reporterId: input.reporterId, reportedId: input.reported.id, reportedIsBot: input.reported.isBot });
  if (!target.ok) return refuse(target.reason);
  const now = deps.clock.now();
  const recent = await deps.reports.forGuild(input.guildId).recentSubmissionsBy(input.reporterId, new Date(now.getTime() - REPORT_MERGE_WINDOW_MS));
  const plan = planSubmission(recent, input.reported.id, now);
  if (!plan.ok) return refuse(plan.reason, { until: rateLimitEndsAt(recent, now) });
  return ok(null);
}

/**
 * "Report user" / "Report message": any member's way in. Stores the report
 * (or adds to the reporter's open report of the same member from the last
 * hour) with the post that shows it to staff, owed in the same
 * transaction and tried at once. Nothing is ever sent to the reported member.
 */
export async function submitReport(deps: ServiceDeps, input: SubmitReportInput): Promise<ServiceResult<SubmitReportOutcome>> {
  const settings = await deps.settings.forGuild(input.guildId).get();
  if (!settings) return refuse('not-configured');
  const target = checkReportTarget({ reporterId: input.reporterId, reportedId: input.reported.id, reportedIsBot: input.reported.isBot });
  if (!target.ok) return refuse(target.reason);

  const what = checkText(input.answers.whatHappened, REPORT_TEXT_MAX, 'what_happened');
  if (!what.ok) return refuseText(what);
  const optional = (text: string, max: number, field: TextField): ServiceResult<string | null> => {
    if (isBlank(text)) return ok(null);
    const checked = checkText(text, max, field);
    return checked.ok ? ok(checked.value) : refuseText(checked);
  };
  const since = optional(input.answers.since, REPORT_SINCE_MAX, 'since');
  if (!since.ok) return since;
  const elsewhere = optional(input.answers.elsewhere, REPORT_ANSWER_MAX, 'elsewhere');
  if (!elsewhere.ok) return elsewhere;
  const realLife = optional(input.answers.realLife, REPORT_ANSWER_MAX, 'real_life');
  if (!realLife.ok) return realLife;
  const other = optional(input.answers.other, REPORT_ANSWER_MAX, 'other');
  if (!other.ok) return other;

  const submission: NewSubmission = {
    kind: input.kind,
    whatHappened: what.value,
    since: since.value,
    elsewhere: elsewhere.value,
    realLifeAnswer: realLife.value,
    other: other.value,
    evidence: input.evidence,
  };
  const flags = { realLife: saysSomething(realLife.value), offPlatform: saysSomething(elsewhere.value) };
  const now = deps.clock.now();
  const owed: { shown: NewOwedAction | null } = { shown: null };
  // The limit and the merge are decided inside the write, so two forms sent at once are counted and merged as two;
  // showing the report to staff is owed in the same transaction.
  const saved = await deps.reports.forGuild(input.guildId).submit(
        { reporterId: input.reporterId, reportedUserId: input.reported.id, ...flags },
    submission,
    new Date(now.getTime() - REPORT_MERGE_WINDOW_MS),
    (recent) => {
      const plan = planSubmission(recent, input.reported.id, now);
      return plan.ok ? plan : { ok: false, reason: plan.reason, until: rateLimitEndsAt(recent, now) };
    },
    (report) => [(owed.shown = queueAction(settings, report, input.reporterId))],
  );
  if (!saved.ok) return refuse(saved.reason, { until: saved.until });
  const { report, merged } = saved;

  const queued = owed.shown !== null && (await deps.work.runNow([owed.shown.id]))[0]?.status === 'done';
  return ok({ report, merged, queued, communityName: settings.communityName, realLife: report.realLife });
}
