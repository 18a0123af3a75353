import { checkRecusal } from '../domain/recusal.js';
import { checkTriage } from '../domain/reports.js';
import { ok } from '../domain/result.js';
import { checkText, CLOSE_REASON_MAX } from '../domain/text-limits.js';
import type { CaseCategory, ExposureLocation } from '../domain/types.js';
import { caseSummaryFromReport, reportReviewedText, statementsFromSubmission } from '../messages/report-texts.js';
import type { GuildSettings, ReportHandling, ReportRecord, ReportWithSubmissions } from '../ports.js';
import { openCase, type OpenCaseOutcome } from './case-opening.js';
import type { Actor, ServiceDeps } from './deps.js';
import { postOrRefreshQueue } from './report-queue.js';
import { refuse, type ServiceResult } from './service-result.js';
import { addSide, type AddSideOutcome } from './side-recording.js';
import { requireStaff } from './staff-guard.js';

type TriageInput = { readonly guildId: string; readonly actor: Actor; readonly reportId: string };
type Triage = { readonly settings: GuildSettings; readonly report: ReportWithSubmissions };

/** Staff only; the report is here, still open, and the moderator is neither its reporter nor the reported member. */
async function loadForTriage(deps: ServiceDeps, input: TriageInput): Promise<ServiceResult<Triage>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const report = await deps.reports.find(input.guildId, input.reportId);
  if (!report) return refuse('report-not-found');
  const open = checkTriage(report.status);
  if (!open.ok) return refuse(open.reason);
  const recusal = checkRecusal(input.actor.id, [report.reporterId, report.reportedUserId]);
  if (!recusal.ok) return refuse(recusal.reason);
  return ok({ settings: staff.value.settings, report });
}

/** What the triage work has already saved: once something is, the report must not be given back for a second try. */
type TriageProgress = { committed: boolean };

/**
 * Takes the report (one moderator wins a race), runs `work` on the report
 * as it is once taken (a form sent a moment before is included), and gives
 * it back if the work was refused or failed (threw) before it saved
 * anything. Work that failed after saving part of it keeps the report
 * taken, so nobody opens or merges it twice; that is logged for staff.
 */
async function claimFor<T>(
  deps: ServiceDeps,
  input: TriageInput,
  handling: Omit<ReportHandling, 'handledById' | 'at'>,
  work: (report: ReportWithSubmissions, progress: TriageProgress) => Promise<ServiceResult<T>>,
): Promise<ServiceResult<{ value: T; claimed: ReportRecord; report: ReportWithSubmissions }>> {
  const claimed = await deps.reports.claim(
    input.guildId,
    input.reportId,
    { ...handling, handledById: input.actor.id, at: deps.clock.now() },
    { type: 'report_claimed', actorId: input.actor.id, data: { status: handling.status } },
  );
  if (!claimed) return refuse('report-already-handled');
  const report = await deps.reports.find(input.guildId, input.reportId);
  if (!report) throw new Error(`report ${input.reportId} vanished while claimed`);
  const progress: TriageProgress = { committed: false };
  const giveBack = async (why: Record<string, unknown>) => {
    if (progress.committed) {
      deps.logger.error({ reportId: input.reportId, ...why }, 'report triage stopped after saving part of its work; the report stays taken');
      return;
    }
    await deps.reports.release(input.guildId, input.reportId, { type: 'report_released', actorId: input.actor.id, data: why });
  };
  let done: ServiceResult<T>;
  try {
    done = await work(report, progress);
  } catch (error) {
    await giveBack({ failed: error instanceof Error ? error.message : String(error) }).catch((releaseError: unknown) =>
      deps.logger.error({ err: releaseError, reportId: input.reportId }, 'a report could not be given back after its triage failed'),
    );
    throw error;
  }
  if (!done.ok) {
    await giveBack({ refused: done.reason });
    return done;
  }
  return ok({ value: done.value, claimed, report });
}

/**
 * Records everything the reporter wrote as their statements in the case.
 * The first call adds them to the case if new and, with `openThread`, opens
 * their thread if they have none (once: the others only record).
 */
async function recordSubmissions(
  deps: ServiceDeps,
  input: TriageInput,
  report: ReportWithSubmissions,
  caseNumber: number,
  openThread: boolean,
  progress: TriageProgress,
): Promise<ServiceResult<AddSideOutcome>> {
  let first: AddSideOutcome | null = null;
  for (const submission of report.submissions) {
    for (const statement of statementsFromSubmission(report, submission)) {
      const added = await addSide(deps, {
        guildId: input.guildId,
        actor: input.actor,
        caseNumber,
        user: { id: report.reporterId, isBot: false },
        statement,
        role: null,
        source: 'report',
        openThread: openThread && first === null,
      });
      if (!added.ok) return added;
      progress.committed = true;
      first ??= added.value;
    }
  }
  if (!first) throw new Error(`report ${report.id} has no submission`);
  return ok(first);
}

export type OpenFromReportOutcome = { readonly opened: OpenCaseOutcome; readonly report: ReportRecord; readonly queued: boolean };

/**
 * "Open case" on a report: the same /case open, with the reporter as
 * complainant, the reported member as accused, the report's flags, and
 * what the reporter wrote already recorded as their side.
 */
export async function openCaseFromReport(
  deps: ServiceDeps,
  input: TriageInput & { readonly category: CaseCategory; readonly exposureLocation: ExposureLocation | null },
): Promise<ServiceResult<OpenFromReportOutcome>> {
  const loaded = await loadForTriage(deps, input);
  if (!loaded.ok) return loaded;
  const { settings } = loaded.value;
  const done = await claimFor(deps, input, { status: 'case_opened' }, async (report, progress) => {
    const opened = await openCase(deps, {
      guildId: input.guildId,
      actor: input.actor,
      complainant: { id: report.reporterId, isBot: false },
      accused: { id: report.reportedUserId, isBot: false },
      category: input.category,
      summary: caseSummaryFromReport(report),
      realLife: report.realLife,
      offPlatform: report.offPlatform,
      exposureLocation: input.exposureLocation,
    });
    if (!opened.ok) return opened;
    progress.committed = true;
    await deps.reports.linkCase(input.guildId, report.id, opened.value.case.id, {
      type: 'case_opened_from_report',
      actorId: input.actor.id,
      data: { number: report.number },
    });
    // The case opening already tried the threads; a failed one is reopened with /case addside.
    const recorded = await recordSubmissions(deps, input, report, opened.value.case.number, false, progress);
    if (!recorded.ok) throw new Error(`the report's statement was refused in its own new case: ${recorded.reason}`);
    return ok(opened.value);
  });
  if (!done.ok) return done;
  const handled = await deps.reports.find(input.guildId, input.reportId);
  const queued = handled ? await postOrRefreshQueue(deps, settings, handled, input.actor.id, done.value.value.case.number) : false;
  return ok({ opened: done.value.value, report: done.value.claimed, queued });
}

export type MergeReportOutcome = { readonly caseNumber: number; readonly added: AddSideOutcome; readonly queued: boolean };

/** "Merge into case #N": the reporter joins that case (as a witness if new) with what they wrote as their side. */
export async function mergeReportIntoCase(deps: ServiceDeps, input: TriageInput & { readonly caseNumber: number }): Promise<ServiceResult<MergeReportOutcome>> {
  const loaded = await loadForTriage(deps, input);
  if (!loaded.ok) return loaded;
  const { settings } = loaded.value;
  const done = await claimFor(deps, input, { status: 'merged' }, async (report, progress) => {
    const recorded = await recordSubmissions(deps, input, report, input.caseNumber, true, progress);
    if (!recorded.ok) return recorded;
    const theCase = await deps.cases.find(input.guildId, input.caseNumber);
    if (theCase) {
      await deps.reports.linkCase(input.guildId, report.id, theCase.id, { type: 'report_merged_into_case', actorId: input.actor.id, data: { number: report.number } });
    }
    return ok(recorded.value);
  });
  if (!done.ok) return done;
  const handled = await deps.reports.find(input.guildId, input.reportId);
  const queued = handled ? await postOrRefreshQueue(deps, settings, handled, input.actor.id, input.caseNumber) : false;
  return ok({ caseNumber: input.caseNumber, added: done.value.value, queued });
}

export type DismissReportOutcome = { readonly report: ReportRecord; readonly reporterTold: boolean; readonly queued: boolean };

/** "Dismiss": a reason for the record (staff only); the reporter is told, in neutral words, that staff looked at it. */
export async function dismissReport(deps: ServiceDeps, input: TriageInput & { readonly reason: string }): Promise<ServiceResult<DismissReportOutcome>> {
  const loaded = await loadForTriage(deps, input);
  if (!loaded.ok) return loaded;
  const reason = checkText(input.reason, CLOSE_REASON_MAX, 'reason');
  if (!reason.ok) return refuse(reason.reason, { field: reason.field, max: reason.max });
  const { settings } = loaded.value;
  const done = await claimFor(deps, input, { status: 'dismissed', dismissReason: reason.value }, () => Promise.resolve(ok(null)));
  if (!done.ok) return done;
  const report = done.value.report;
  const told = await deps.dms.send(report.reporterId, reportReviewedText(settings.communityName, report.number));
  if (!told.ok) {
    await deps.reports.appendEvent(input.guildId, null, {
      type: 'report_dismissal_not_delivered',
      actorId: input.actor.id,
      data: { reportId: report.id, number: report.number, reason: told.reason },
    });
  }
  const handled = await deps.reports.find(input.guildId, input.reportId);
  const queued = handled ? await postOrRefreshQueue(deps, settings, handled, input.actor.id) : false;
  return ok({ report: done.value.claimed, reporterTold: told.ok, queued });
}

export const REPORT_LIST_PAGE_SIZE = 10;

/** /report list: the open reports, newest first. */
export async function listOpenReports(
  deps: ServiceDeps,
  input: { readonly guildId: string; readonly actor: Actor; readonly page: number },
): Promise<ServiceResult<{ items: readonly ReportWithSubmissions[]; total: number; page: number; pages: number }>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const page = Math.max(0, Math.floor(input.page));
  const { items, total } = await deps.reports.listOpen(input.guildId, page, REPORT_LIST_PAGE_SIZE);
  return ok({ items, total, page, pages: Math.max(1, Math.ceil(total / REPORT_LIST_PAGE_SIZE)) });
}
