import { randomUUID } from 'node:crypto';
import { outcomeOf, type ActionOutcome, type CloseResult } from '../actions/types.js';
import { checkClose } from '../domain/neutrality.js';
import { ok } from '../domain/result.js';
import { checkText, CLOSE_REASON_MAX } from '../domain/text-limits.js';
import type { CaseOutcome } from '../domain/types.js';
import { closingMessage } from '../messages/case-texts.js';
import type { CaseWithParties, DiscordFailureReason } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refuse, refuseText, unlessCaseChanged, type ServiceResult } from './service-result.js';
import { translator } from '../i18n/translate.js';


export type CloseCaseInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly caseNumber: number;
  readonly outcome: CaseOutcome;
  readonly reason: string;
  /** Needed when the complainant or the accused has no side recorded. */
  readonly oneSidedReason: string | null;
};

export type CloseCaseOutcome = {
  readonly case: CaseWithParties;
  readonly oneSided: boolean;
  /**
   * The owed closing work after its first try: every thread told, archived
   * and locked, then the transcript (copied into the record and posted in
   * the case-log channel); queued for another try; or failed for good.
   */
  readonly threads:
    | ({ readonly status: 'done' } & CloseResult)
    | { readonly status: 'queued' }
    | { readonly status: 'failed'; readonly reason: DiscordFailureReason | 'gave-up' };
};

/**
 * /case close: the guide asks to hear both parties if possible, so closing
 * with a principal side missing needs an explicit reason. The same closing
 * message goes to every party thread, which is then archived and locked;
 * then the threads are copied into the record as the case's transcript.
 * The close and that work commit together; the work is then tried, and
 * retried on its own if Discord could not be reached.
 */
export async function closeCase(deps: ServiceDeps, input: CloseCaseInput): Promise<ServiceResult<CloseCaseOutcome>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'close');
  if (!access.ok) return access;
  const theCase = access.value.case;
  const reason = checkText(input.reason, CLOSE_REASON_MAX, 'reason');
  if (!reason.ok) return refuseText(reason);
  let oneSidedReason: string | null = null;
  if (input.oneSidedReason !== null && input.oneSidedReason.trim() !== '') {
    const checked = checkText(input.oneSidedReason, CLOSE_REASON_MAX, 'one_sided_reason');
    if (!checked.ok) return refuseText(checked);
    oneSidedReason = checked.value;
  }

  const check = checkClose({
    parties: theCase.parties,
    statements: await deps.cases.forGuild(input.guildId).sideStatements(theCase.id),
    ...(oneSidedReason === null ? {} : { oneSidedReason }),
  });
  if (!check.ok) return refuse(check.reason);

  const closeId = randomUUID();
  const closed = await unlessCaseChanged(() =>
    deps.cases.forGuild(input.guildId).close(
            theCase.id,
      { outcome: input.outcome, reason: reason.value, closedById: input.actor.id, at: deps.clock.now() },
      { type: 'case_closed', actorId: input.actor.id, data: { outcome: input.outcome, oneSided: check.value.oneSided, oneSidedReason } },
      (c) => [
        {
          id: closeId,
          kind: 'case.close',
          caseId: c.id,
          actorId: input.actor.id,
          payload: { threadIds: c.parties.flatMap((p) => (p.threadId === null ? [] : [p.threadId])), closingMessage: closingMessage(translator(access.value.settings.language), c.number) },
        },
      ],
    ),
  );
  if (!closed.ok) return closed; // closed by someone else a moment ago
  const finished = outcomeOf(await deps.work.runNow([closeId]), { id: closeId, kind: 'case.close' });
  return ok({ case: closed.value, oneSided: check.value.oneSided, threads: closeOutcome(finished) });
}

function closeOutcome(finished: ActionOutcome<'case.close'> | undefined): CloseCaseOutcome['threads'] {
  if (finished?.status === 'done') return { status: 'done', ...finished.result };
  if (finished?.status === 'failed') return { status: 'failed', reason: finished.reason };
  return { status: 'queued' };
}
