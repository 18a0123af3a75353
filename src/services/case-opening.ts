import { openingCheckIns } from './check-ins.js';
import { escalationSuggestion } from '../domain/escalation-policy.js';
import { validateNewCaseParties } from '../domain/parties.js';
import { ok } from '../domain/result.js';
import { checkText, SUMMARY_MAX } from '../domain/text-limits.js';
import type { CaseCategory, ExposureLocation } from '../domain/types.js';
import { outcomeOf, type NewOwedAction } from '../actions/types.js';
import type { CaseWithParties, GuildSettings, NewCase } from '../ports.js';
import type { RelatedCase } from '../domain/patterns.js';
import type { Actor, ServiceDeps } from './deps.js';
import { relatedCasesOf } from './related-cases.js';
import { threadOpenAction, threadOutcome, type ThreadOutcome } from './party-threads.js';
import { refuse, refuseText, type ServiceResult } from './service-result.js';
import { requireStaff } from './staff-guard.js';

export type OpenCaseInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly complainant: { readonly id: string; readonly isBot: boolean };
  readonly accused: { readonly id: string; readonly isBot: boolean };
  readonly category: CaseCategory;
  readonly summary: string;
  readonly realLife: boolean;
  readonly offPlatform: boolean;
  readonly exposureLocation: ExposureLocation | null;
};

export type OpenCaseOutcome = {
  readonly case: CaseWithParties;
  readonly threads: readonly ThreadOutcome[];
  readonly suggestEscalation: boolean;
  /** Where the threads go, for naming what is missing when a thread failed. */
  readonly interviewChannelId: string;
  /** Other cases with the same people (staff only). */
  readonly related: readonly RelatedCase[];
};

/**
 * /case open: records the case with both parties and the two interview
 * threads it owes (one transaction), then tries both threads at once. A
 * thread Discord refuses does not undo the case: the failure is recorded
 * and reported, and /case addside with the same party opens it again; one
 * Discord could not be reached for is retried on its own.
 */
export async function openCase(deps: ServiceDeps, input: OpenCaseInput): Promise<ServiceResult<OpenCaseOutcome>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const planned = caseToOpen(input);
  if (!planned.ok) return planned;
  const settings = staff.value.settings;
  let owed: readonly NewOwedAction[] = [];
  const opened = await deps.cases.forGuild(input.guildId).open(planned.value, (created) => {
    owed = threadsOwed(settings, created, input.actor.id);
    return [...owed, ...openingCheckIns(settings, created, input.actor.id)];
  });
  return ok(await afterOpening(deps, settings, input, opened, owed));
}

/** The case /case open records, or why it is refused: the checks that need no database. */
export function caseToOpen(input: OpenCaseInput): ServiceResult<NewCase> {
  const parties = validateNewCaseParties({
    complainantId: input.complainant.id,
    accusedId: input.accused.id,
    actorId: input.actor.id,
    complainantIsBot: input.complainant.isBot,
    accusedIsBot: input.accused.isBot,
  });
  if (!parties.ok) return refuse(parties.reason);

  const summary = checkText(input.summary, SUMMARY_MAX, 'summary');
  if (!summary.ok) return refuseText(summary);

  const exposed = input.category === 'personal_info_exposed';
  if (exposed && input.exposureLocation === null) return refuse('exposure-location-required');

  return ok({
    category: input.category,
    summary: summary.value,
    realLife: input.realLife,
    offPlatform: input.offPlatform,
    exposureLocation: exposed ? input.exposureLocation : null,
    openedById: input.actor.id,
    parties: [
      { userId: input.complainant.id, role: 'complainant' },
      { userId: input.accused.id, role: 'accused' },
    ],
  });
}

/** The interview threads a new case owes: one per party (its check-ins are scheduled with them: openingCheckIns). */
export const threadsOwed = (settings: GuildSettings, opened: CaseWithParties, actorId: string): readonly NewOwedAction[] =>
  opened.parties.map((party) => threadOpenAction(settings, opened, party, actorId));

/** After the commit: the threads' first try (both at once: each records its own outcome), and what the reply shows. */
export async function afterOpening(
  deps: ServiceDeps,
  settings: GuildSettings,
  input: Pick<OpenCaseInput, 'realLife'>,
  opened: CaseWithParties,
  owed: readonly NewOwedAction[],
): Promise<OpenCaseOutcome> {
  const outcomes = await deps.work.runNow(owed.map((a) => a.id));
  const threads: ThreadOutcome[] = opened.parties.map((party, i) => threadOutcome(party, outcomeOf(outcomes, { id: owed[i]?.id ?? '', kind: 'thread.open' })));
  return {
    case: opened,
    threads,
    suggestEscalation: escalationSuggestion({ realLife: input.realLife }).suggested,
    interviewChannelId: settings.interviewChannelId,
    // The case is saved: a database hiccup here must not make it look lost.
    related: await relatedCasesOf(deps, opened).catch((error: unknown) => {
      deps.logger.warn({ err: error, caseId: opened.id }, 'related cases not available');
      return [];
    }),
  };
}
