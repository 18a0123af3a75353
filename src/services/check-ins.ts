import { randomUUID } from 'node:crypto';
import { outcomeOf, type ActionOutcome, type NewOwedAction } from '../actions/types.js';
import { DAY_MS } from '../domain/durations.js';
import { sidesHeard } from '../domain/neutrality.js';
import { ok } from '../domain/result.js';
import { selectTopics } from '../domain/safechat-advice.js';
import type { CheckInAnswer, CheckInTrigger } from '../domain/types.js';
import { translator } from '../i18n/translate.js';
import { checkInStaffNotice, escalationReasonOfCheckIn } from '../messages/check-in-texts.js';
import { safeChatAdvice } from '../messages/safechat-texts.js';
import type { AnswerFollowUp, CaseWithParties, DiscordFailureReason, GuildSettings, PartyRecord } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import { escalationWork } from './escalation.js';
import { refuse, unlessCaseChanged, type ServiceResult } from './service-result.js';

/**
 * Check-ins: some days after a case is opened (and after each further
 * /safechat to a party), each party is asked, in the same words, how things
 * are now, with three buttons. A check-in is owed work scheduled with its
 * cause (the opening, the advice), so it survives restarts and is sent once
 * across processes; one owed later for the same party replaces it.
 */

/** A check-in for each of these parties of the case, due `delayMs` from now. */
export function checkInsOwed(
  theCase: CaseWithParties,
  parties: readonly PartyRecord[],
  trigger: CheckInTrigger,
  actorId: string,
  delayMs: number,
): NewOwedAction[] {
  return parties.map((party) => ({
    id: randomUUID(),
    kind: 'checkin.send' as const,
    caseId: theCase.id,
    actorId,
    ...(delayMs > 0 ? { delayMs } : {}),
    payload: { partyId: party.id, userId: party.userId, trigger, requestedById: actorId },
  }));
}

/** What a case's opening schedules: a check-in for each party `followup_days` later (none when 0). */
export const openingCheckIns = (settings: GuildSettings, opened: CaseWithParties, actorId: string): NewOwedAction[] =>
  settings.followupDays > 0 ? checkInsOwed(opened, opened.parties, 'opened', actorId, settings.followupDays * DAY_MS) : [];

/** After advice to a party of the case: their check-in `followup_days` later (replacing one pending). */
export function checkInAfterAdvice(settings: GuildSettings, theCase: CaseWithParties | null, userId: string, actorId: string): NewOwedAction[] {
  const party = theCase?.parties.find((p) => p.userId === userId);
  if (!theCase || !party || settings.followupDays === 0) return [];
  return checkInsOwed(theCase, [party], 'safechat', actorId, settings.followupDays * DAY_MS);
}

export type CheckInSent =
  | { readonly userId: string; readonly status: 'sent'; readonly channel: 'dm' | 'interview_thread' }
  | { readonly userId: string; readonly status: 'not-sent'; readonly reason: 'left' | 'not-delivered' | 'case-closed' | 'replaced' }
  | { readonly userId: string; readonly status: 'failed'; readonly reason: DiscordFailureReason | 'gave-up' }
  | { readonly userId: string; readonly status: 'queued' };

/** /case followup: a check-in now, to one party or to every party of the case (staff, not a party). */
export async function sendCheckInNow(
  deps: ServiceDeps,
  input: { readonly guildId: string; readonly actor: Actor; readonly caseNumber: number; readonly userId: string | null },
): Promise<ServiceResult<{ readonly caseNumber: number; readonly sent: readonly CheckInSent[] }>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'send_safechat');
  if (!access.ok) return access;
  const theCase = access.value.case;
  const parties = input.userId === null ? theCase.parties : theCase.parties.filter((p) => p.userId === input.userId);
  if (parties.length === 0) return refuse('party-not-in-case');
  const owed = checkInsOwed(theCase, parties, 'manual', input.actor.id, 0);
  await deps.work.record(input.guildId, owed);
  const outcomes = await deps.work.runNow(owed.map((a) => a.id));
  return ok({
    caseNumber: theCase.number,
    sent: owed.map((a, i) => sentOutcome(parties[i]!.userId, outcomeOf(outcomes, { id: a.id, kind: 'checkin.send' }))),
  });
}

function sentOutcome(userId: string, outcome: ActionOutcome<'checkin.send'> | undefined): CheckInSent {
  if (outcome?.status === 'done') {
    const r = outcome.result;
    return r.sent ? { userId, status: 'sent', channel: r.channel } : { userId, status: 'not-sent', reason: r.reason };
  }
  if (outcome?.status === 'failed') return { userId, status: 'failed', reason: outcome.reason };
  return { userId, status: 'queued' };
}

export type CheckInAnswered = {
  readonly answer: CheckInAnswer;
  readonly caseNumber: number;
  /** What the member reads back: for "It has reached my real life", the authorities advice. */
  readonly advice: string | null;
  /** Staff were alerted (an escalation) or told (a post in the case log). */
  readonly staffAlerted: boolean;
};

/**
 * A party's answer to their check-in, once and only by them. "Still
 * happening" tells staff in the case-log channel (pinging nobody) and
 * offers the self-help advice again; "It has reached my real life" gives the
 * authorities advice at once, raises the case's real-life flag and opens an
 * urgent escalation (the admins are pinged as for /case escalate), all in
 * the transaction that records the answer.
 */
export async function answerCheckIn(
  deps: ServiceDeps,
  input: { readonly guildId: string; readonly userId: string; readonly checkInId: string; readonly answer: CheckInAnswer },
): Promise<ServiceResult<CheckInAnswered>> {
  const cases = deps.cases.forGuild(input.guildId);
  const [settings, checkIn] = await Promise.all([deps.settings.forGuild(input.guildId).get(), cases.findCheckIn(input.checkInId)]);
  if (!settings || !checkIn) return refuse('check-in-not-found');
  if (checkIn.userId !== input.userId) return refuse('check-in-not-yours');
  if (checkIn.answer !== null) return refuse('check-in-answered');
  const theCase = await cases.findById(checkIn.caseId);
  if (!theCase) return refuse('check-in-not-found');
  const heard = sidesHeard(theCase.parties, await cases.sideStatements(theCase.id));
  const t = translator(settings.language);
  const owedIds: string[] = [];

  const follow = (_: unknown, now: CaseWithParties): AnswerFollowUp => {
    const notice: NewOwedAction[] =
      input.answer !== 'better' && settings.caseLogChannelId !== null
        ? [
            {
              id: randomUUID(),
              kind: 'checkin.notice',
              caseId: now.id,
              actorId: input.userId,
              payload: { channelId: settings.caseLogChannelId, content: checkInStaffNotice(t, now.number, input.userId, input.answer) },
            },
          ]
        : [];
    owedIds.push(...notice.map((a) => a.id));
    const postId = randomUUID();
    const escalation: AnswerFollowUp['escalation'] =
      input.answer === 'real_life'
        ? {
            input: { escalatedById: input.userId, reason: escalationReasonOfCheckIn(t), urgency: 'urgent' },
            event: { type: 'case_escalated', actorId: input.userId, data: { urgency: 'urgent', checkInId: input.checkInId } },
            owe: (e) => {
              owedIds.push(postId);
              return escalationWork(settings, { ...now, realLife: true }, heard, e, postId);
            },
          }
        : null;
    return {
      events: [{ type: 'checkin_answered', actorId: input.userId, data: { checkInId: input.checkInId, partyId: checkIn.partyId, answer: input.answer } }],
      owed: notice,
      raiseRealLife: input.answer === 'real_life',
      escalation,
    };
  };

  const saved = await unlessCaseChanged(() => cases.answerCheckIn(input.checkInId, { userId: input.userId, answer: input.answer, at: deps.clock.now() }, follow));
  if (!saved.ok) return saved;
  if (saved.value === null) return refuse('check-in-answered');
  await deps.work.runNow(owedIds);
  return ok({
    answer: input.answer,
    caseNumber: theCase.number,
    advice: input.answer === 'real_life' ? safeChatAdvice(t, ['real_life'], settings) : null,
    staffAlerted: input.answer === 'real_life' || (input.answer === 'still' && settings.caseLogChannelId !== null),
  });
}

/**
 * Advice for the member a check-in was sent to (and only them): the
 * self-help advice again after "Still happening", or the authorities advice
 * (`realLife`) when their case is closed and the answer could not be taken.
 */
export async function checkInAdvice(
  deps: ServiceDeps,
  input: { readonly guildId: string; readonly userId: string; readonly checkInId: string; readonly realLife: boolean },
): Promise<ServiceResult<{ readonly advice: string }>> {
  const cases = deps.cases.forGuild(input.guildId);
  const [settings, checkIn] = await Promise.all([deps.settings.forGuild(input.guildId).get(), cases.findCheckIn(input.checkInId)]);
  if (!settings || !checkIn) return refuse('check-in-not-found');
  if (checkIn.userId !== input.userId) return refuse('check-in-not-yours');
  const theCase = await cases.findById(checkIn.caseId);
  const topics = input.realLife ? selectTopics('real_life') : selectTopics('fitting', theCase ?? undefined);
  return ok({ advice: safeChatAdvice(translator(settings.language), topics, settings) });
}
