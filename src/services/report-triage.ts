import { openingCheckIns } from './check-ins.js';
import { randomUUID } from 'node:crypto';
import { outcomeOf, type ActionOutcome, type NewOwedAction } from '../actions/types.js';
import { CaseStateConflict } from '../domain/lifecycle.js';
import { validateAddedParty } from '../domain/parties.js';
import { checkRecusal } from '../domain/recusal.js';
import { checkTriage } from '../domain/reports.js';
import { ok } from '../domain/result.js';
import { checkText, CLOSE_REASON_MAX, STATEMENT_MAX } from '../domain/text-limits.js';
import type { CaseCategory, ExposureLocation, PartyRole } from '../domain/types.js';
import { caseSummaryFromReport, reportReviewedText, statementsFromSubmission } from '../messages/report-texts.js';
import type { CaseWithParties, GuildSettings, PartyRecord, ReportHandling, ReportRecord, ReportWithSubmissions, StatementRecord, TriageWrites } from '../ports.js';
import { afterOpening, caseToOpen, threadsOwed, type OpenCaseOutcome } from './case-opening.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import { threadOpenAction, threadOutcome, type ThreadOutcome } from './party-threads.js';
import { queueAction } from './report-queue.js';
import { refuse, refuseText, type ServiceFail, type ServiceResult } from './service-result.js';
import { sideEvents, type AddSideOutcome } from './side-recording.js';
import { requireStaff } from './staff-guard.js';
import { translator } from '../i18n/translate.js';

type TriageInput = { readonly guildId: string; readonly actor: Actor; readonly reportId: string };
type Triage = { readonly settings: GuildSettings; readonly report: ReportWithSubmissions };

/** Staff only; the report is here, still open, and the moderator is neither its reporter nor the reported member. */
async function loadForTriage(deps: ServiceDeps, input: TriageInput): Promise<ServiceResult<Triage>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const report = await deps.reports.forGuild(input.guildId).find(input.reportId);
  if (!report) return refuse('report-not-found');
  const open = checkTriage(report.status);
  if (!open.ok) return refuse(open.reason);
  const recusal = checkRecusal(input.actor.id, [report.reporterId, report.reportedUserId]);
  if (!recusal.ok) return refuse(recusal.reason);
  return ok({ settings: staff.value.settings, report });
}

/** Thrown inside a triage's transaction to refuse it: nothing of it is saved, the report stays open. */
class TriageRefused extends Error {
  constructor(readonly refusal: ServiceFail) {
    super(refusal.reason);
  }
}

/**
 * Takes the report (one moderator wins a race) and runs `work` on it as it
 * is once taken (a form sent a moment before is included), in the same
 * transaction: the claim, the case, the statements, the link and the
 * Discord work owed commit together, or nothing does (refused, failed, or
 * the process stopped), and the report stays open for another try.
 */
async function triage<T>(
  deps: ServiceDeps,
  input: TriageInput,
  handling: Omit<ReportHandling, 'handledById' | 'at'>,
  work: (report: ReportWithSubmissions, writes: TriageWrites) => Promise<ServiceResult<T>>,
): Promise<ServiceResult<{ readonly value: T; readonly claimed: ReportRecord }>> {
  try {
    const done = await deps.reports.forGuild(input.guildId).triage(
            input.reportId,
      { ...handling, handledById: input.actor.id, at: deps.clock.now() },
      { type: 'report_claimed', actorId: input.actor.id, data: { status: handling.status } },
      async (report, writes) => {
        const result = await work(report, writes);
        if (!result.ok) throw new TriageRefused(result);
        return result.value;
      },
    );
    return done === null ? refuse('report-already-handled') : ok(done);
  } catch (error) {
    if (error instanceof TriageRefused) return error.refusal;
    if (error instanceof CaseStateConflict) return refuse(error.reason);
    throw error;
  }
}

type RecordedSubmissions = { readonly party: PartyRecord; readonly newParty: boolean; readonly statements: readonly StatementRecord[]; readonly thread: NewOwedAction | null };

/**
 * Records everything the reporter wrote as their statements in the case,
 * within the triage's transaction. The reporter joins the case (as a
 * witness) if new; with `openThread`, their thread is owed if they have none.
 */
async function recordSubmissions(
  writes: TriageWrites,
  settings: GuildSettings,
  actorId: string,
  report: ReportWithSubmissions,
  theCase: CaseWithParties,
  openThread: boolean,
): Promise<ServiceResult<RecordedSubmissions>> {
  const recusal = checkRecusal(actorId, theCase.parties.map((p) => p.userId));
  if (!recusal.ok) return refuse(recusal.reason);
  const existing = theCase.parties.find((p) => p.userId === report.reporterId);
  let who: { readonly id: string } | { readonly userId: string; readonly role: PartyRole };
  if (existing) who = { id: existing.id };
  else {
    const added = validateAddedParty({ userId: report.reporterId, isBot: false, actorId, existingParties: theCase.parties });
    if (!added.ok) return refuse(added.reason);
    who = { userId: report.reporterId, role: added.value.role };
  }
  const texts = report.submissions.flatMap((submission) => statementsFromSubmission(translator(settings.language), report, submission));
  let first: { party: PartyRecord; newParty: boolean; thread: NewOwedAction | null } | null = null;
  const statements: StatementRecord[] = [];
  for (const text of texts) {
    const checked = checkText(text, STATEMENT_MAX, 'statement');
    if (!checked.ok) return refuseText(checked);
    let thread: NewOwedAction | null = null;
    const saved = await writes.addSide(
      theCase.id,
      { party: first ? { id: first.party.id } : who, statement: { recordedById: actorId, text: checked.value, source: 'report' } },
      (party, isNew) => {
        thread = first === null && openThread && party.threadId === null ? threadOpenAction(settings, theCase, party, actorId) : null;
        return { events: sideEvents(actorId, party, isNew, true, 'report'), owed: thread === null ? [] : [thread] };
      },
    );
    first ??= { party: saved.party, newParty: !('id' in who), thread };
    if (saved.statement) statements.push(saved.statement);
  }
  if (!first) throw new Error(`report ${report.id} has no submission`);
  return ok({ ...first, statements });
}

/** Whether the first try of this owed action did it. */
const isDone = (outcomes: readonly ActionOutcome[], action: NewOwedAction): boolean => outcomeOf(outcomes, action)?.status === 'done';

export type OpenFromReportOutcome = { readonly opened: OpenCaseOutcome; readonly report: ReportRecord; readonly queued: boolean };

/**
 * "Open case" on a report: the same /case open, with the reporter as
 * complainant, the reported member as accused, the report's flags, and
 * what the reporter wrote already recorded as their side, in one
 * transaction with the claim.
 */
export async function openCaseFromReport(
  deps: ServiceDeps,
  input: TriageInput & { readonly category: CaseCategory; readonly exposureLocation: ExposureLocation | null },
): Promise<ServiceResult<OpenFromReportOutcome>> {
  const loaded = await loadForTriage(deps, input);
  if (!loaded.ok) return loaded;
  const { settings } = loaded.value;
  const owed: NewOwedAction[] = [];
  const done = await triage(deps, input, { status: 'case_opened' }, async (report, writes) => {
    const planned = caseToOpen({
      guildId: input.guildId,
      actor: input.actor,
      complainant: { id: report.reporterId, isBot: false },
      accused: { id: report.reportedUserId, isBot: false },
      category: input.category,
      summary: caseSummaryFromReport(translator(settings.language), report),
      realLife: report.realLife,
      offPlatform: report.offPlatform,
      exposureLocation: input.exposureLocation,
    });
    if (!planned.ok) return planned;
    const opened = await writes.openCase(planned.value, (created) => {
      owed.push(...threadsOwed(settings, created, input.actor.id));
      return [...owed, ...openingCheckIns(settings, created, input.actor.id)];
    });
    await writes.linkCase(opened.id, { type: 'case_opened_from_report', actorId: input.actor.id, data: { number: report.number } });
    // The case owes both threads already: the statements only record.
    const recorded = await recordSubmissions(writes, settings, input.actor.id, report, opened, false);
    if (!recorded.ok) return recorded;
    const queue = queueAction(settings, report, input.actor.id, opened.number);
    await writes.owe([queue]);
    // As it is now: recording the statements may have moved its status on.
    return ok({ opened: (await writes.findCase(opened.number)) ?? opened, queue });
  });
  if (!done.ok) return done;
  const { opened, queue } = done.value.value;
  const outcome = await afterOpening(deps, settings, { realLife: opened.realLife }, opened, owed);
  const queued = isDone(await deps.work.runNow([queue.id]), queue);
  return ok({ opened: outcome, report: done.value.claimed, queued });
}

export type MergeReportOutcome = { readonly caseNumber: number; readonly added: AddSideOutcome; readonly queued: boolean };

/** "Merge into case #N": the reporter joins that case (as a witness if new) with what they wrote as their side. */
export async function mergeReportIntoCase(deps: ServiceDeps, input: TriageInput & { readonly caseNumber: number }): Promise<ServiceResult<MergeReportOutcome>> {
  const loaded = await loadForTriage(deps, input);
  if (!loaded.ok) return loaded;
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'record_side');
  if (!access.ok) return access;
  const { settings } = loaded.value;
  const done = await triage(deps, input, { status: 'merged' }, async (report, writes) => {
    // The case as this transaction sees it (a party added a moment ago counts); its status is re-checked under its lock.
    const theCase = await writes.findCase(input.caseNumber);
    if (!theCase) return refuse('case-not-found');
    const recorded = await recordSubmissions(writes, settings, input.actor.id, report, theCase, true);
    if (!recorded.ok) return recorded;
    await writes.linkCase(theCase.id, { type: 'report_merged_into_case', actorId: input.actor.id, data: { number: report.number } });
    const queue = queueAction(settings, report, input.actor.id, theCase.number);
    await writes.owe([queue]);
    return ok({ recorded: recorded.value, queue });
  });
  if (!done.ok) return done;
  const { recorded, queue } = done.value.value;
  const outcomes = await deps.work.runNow([...(recorded.thread ? [recorded.thread.id] : []), queue.id]);
  let party = recorded.party;
  let thread: ThreadOutcome | null = null;
  if (recorded.thread) {
    thread = threadOutcome(party, outcomeOf(outcomes, { id: recorded.thread.id, kind: 'thread.open' }));
    if (thread.status === 'opened') party = { ...party, threadId: thread.threadId };
  }
  const added: AddSideOutcome = {
    caseNumber: input.caseNumber,
    party,
    newParty: recorded.newParty,
    thread,
    statement: recorded.statements[0] ?? null,
    interviewChannelId: settings.interviewChannelId,
  };
  return ok({ caseNumber: input.caseNumber, added, queued: isDone(outcomes, queue) });
}

export type DismissReportOutcome = { readonly report: ReportRecord; readonly reporterTold: boolean; readonly queued: boolean };

/** "Dismiss": a reason for the record (staff only); the reporter is told, in neutral words, that staff looked at it. */
export async function dismissReport(deps: ServiceDeps, input: TriageInput & { readonly reason: string }): Promise<ServiceResult<DismissReportOutcome>> {
  const loaded = await loadForTriage(deps, input);
  if (!loaded.ok) return loaded;
  const reason = checkText(input.reason, CLOSE_REASON_MAX, 'reason');
  if (!reason.ok) return refuseText(reason);
  const { settings } = loaded.value;
  const done = await triage(deps, input, { status: 'dismissed', dismissReason: reason.value }, async (report, writes) => {
    const notice: NewOwedAction = {
      id: randomUUID(),
      kind: 'report.notice',
      caseId: null,
      actorId: input.actor.id,
      payload: { reportId: report.id, number: report.number, userId: report.reporterId, content: reportReviewedText(translator(settings.language), settings.communityName, report.number) },
    };
    const queue = queueAction(settings, report, input.actor.id);
    await writes.owe([notice, queue]);
    return ok({ notice, queue });
  });
  if (!done.ok) return done;
  const { notice, queue } = done.value.value;
  const outcomes = await deps.work.runNow([notice.id, queue.id]);
  return ok({
    report: done.value.claimed,
    reporterTold: isDone(outcomes, notice),
    queued: isDone(outcomes, queue),
  });
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
  const { items, total } = await deps.reports.forGuild(input.guildId).listOpen(page, REPORT_LIST_PAGE_SIZE);
  return ok({ items, total, page, pages: Math.max(1, Math.ceil(total / REPORT_LIST_PAGE_SIZE)) });
}
