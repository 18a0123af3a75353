import { checkClose } from '../domain/neutrality.js';
import { ok } from '../domain/result.js';
import { checkText, CLOSE_REASON_MAX } from '../domain/text-limits.js';
import type { CaseOutcome } from '../domain/types.js';
import { closingMessage } from '../messages/case-texts.js';
import type { CaseRecord, DiscordFailureReason } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refuse, type ServiceResult } from './service-result.js';
import { captureTranscript, type TranscriptOutcome } from './transcript.js';

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
  readonly case: CaseRecord;
  readonly oneSided: boolean;
  readonly threadFailures: readonly { readonly threadId: string; readonly reason: DiscordFailureReason }[];
  /** The interview threads copied into the record and posted in the case-log channel. */
  readonly transcript: TranscriptOutcome;
};

/**
 * /case close: the guide asks to hear both parties if possible, so closing
 * with a principal side missing needs an explicit reason. The same closing
 * message goes to every party thread, which is then archived and locked;
 * then the threads are copied into the record as the case's transcript.
 */
export async function closeCase(deps: ServiceDeps, input: CloseCaseInput): Promise<ServiceResult<CloseCaseOutcome>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'close');
  if (!access.ok) return access;
  const theCase = access.value.case;
  const reason = checkText(input.reason, CLOSE_REASON_MAX, 'reason');
  if (!reason.ok) return refuse(reason.reason, { field: reason.field, max: reason.max });
  let oneSidedReason: string | null = null;
  if (input.oneSidedReason !== null && input.oneSidedReason.trim() !== '') {
    const checked = checkText(input.oneSidedReason, CLOSE_REASON_MAX, 'one_sided_reason');
    if (!checked.ok) return refuse(checked.reason, { field: checked.field, max: checked.max });
    oneSidedReason = checked.value;
  }

  const check = checkClose({
    parties: theCase.parties,
    statements: await deps.cases.sideStatements(input.guildId, theCase.id),
    ...(oneSidedReason === null ? {} : { oneSidedReason }),
  });
  if (!check.ok) return refuse(check.reason);

  const closed = await deps.cases.close(
    input.guildId,
    theCase.id,
    { outcome: input.outcome, reason: reason.value, closedById: input.actor.id, at: deps.clock.now() },
    { type: 'case_closed', actorId: input.actor.id, data: { outcome: input.outcome, oneSided: check.value.oneSided, oneSidedReason } },
  );
  if (!closed) return refuse('case-closed'); // closed by someone else a moment ago

  const threadFailures: { threadId: string; reason: DiscordFailureReason }[] = [];
  for (const party of theCase.parties) {
    if (party.threadId === null) continue;
    const result = await deps.threads.close(party.threadId, closingMessage(theCase.number));
    if (!result.ok) threadFailures.push({ threadId: party.threadId, reason: result.reason });
  }
  if (threadFailures.length > 0) {
    await deps.cases.appendEvent(input.guildId, theCase.id, {
      type: 'thread_close_failed',
      actorId: input.actor.id,
      data: { failures: threadFailures },
    });
  }
  const transcript = await captureTranscript(deps, access.value.settings, theCase, input.actor.id);
  return ok({ case: closed, oneSided: check.value.oneSided, threadFailures, transcript });
}
