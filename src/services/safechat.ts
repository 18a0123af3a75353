import { randomUUID } from 'node:crypto';
import { outcomeOf, type NewOwedAction } from '../actions/types.js';
import { decide } from '../domain/lifecycle.js';
import { checkRecusal } from '../domain/recusal.js';
import { ok } from '../domain/result.js';
import { SAFE_CHAT_COOLDOWN_MS, selectTopics, topicsToSend, type TopicRequest } from '../domain/safechat-advice.js';
import type { SafeChatTopic } from '../domain/types.js';
import { safeChatAdvice } from '../messages/safechat-texts.js';
import type { CaseWithParties, DeliveryRecord } from '../ports.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refuse, type ServiceResult } from './service-result.js';
import { requireStaff } from './staff-guard.js';
import { translator } from '../i18n/translate.js';
import { checkInAfterAdvice } from './check-ins.js';

export type SafeChatInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly user: { readonly id: string; readonly isBot: boolean };
  /** 'fitting' (the default): the real-life part only for a case that has reached real life. */
  readonly topic: TopicRequest;
  readonly caseNumber: number | null;
  readonly force: boolean;
};

export type SafeChatOutcome = {
  /** What was recorded; null while the advice is queued for another try (Discord or the database did not answer). */
  readonly delivery: Omit<DeliveryRecord, 'createdAt'> | null;
  readonly sent: readonly SafeChatTopic[];
  readonly skipped: readonly SafeChatTopic[];
  readonly caseNumber: number | null;
};

/**
 * /safechat: DMs a chatter the self-help advice. When their DMs are closed,
 * the advice goes to their interview thread for the case instead, if they
 * have one; otherwise the moderator is told. Every attempt is recorded.
 * The sending is owed work (recorded, then tried at once, retried if
 * Discord did not answer, and done once even across a restart).
 */
export async function sendSafeChat(deps: ServiceDeps, input: SafeChatInput): Promise<ServiceResult<SafeChatOutcome>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  if (input.user.isBot) return refuse('target-is-bot');
  const { settings, rank } = staff.value;

  let theCase: CaseWithParties | null = null;
  if (input.caseNumber !== null) {
    theCase = await deps.cases.forGuild(input.guildId).find(input.caseNumber);
    if (!theCase) return refuse('case-not-found');
    const decision = decide(theCase.status, 'send_safechat', rank);
    if (!decision.ok) return refuse(decision.reason);
    const recusal = checkRecusal(input.actor.id, theCase.parties.map((p) => p.userId));
    if (!recusal.ok) return refuse(recusal.reason);
  }

  const now = deps.clock.now();
  const recent = (await deps.cases.forGuild(input.guildId).recentDeliveries(input.user.id, new Date(now.getTime() - SAFE_CHAT_COOLDOWN_MS)))
    .filter((d) => d.delivered)
    .flatMap((d) => d.topics.map((topic) => ({ topic, sentAt: d.createdAt })));
  const { send, skipped } = topicsToSend(selectTopics(input.topic, theCase ?? undefined), recent, now, input.force);
  if (send.length === 0) return refuse('recently-sent', { topics: skipped });

  const text = safeChatAdvice(translator(settings.language), send, settings);
  const action: NewOwedAction = {
    id: randomUUID(),
    kind: 'safechat.send',
    caseId: theCase?.id ?? null,
    actorId: input.actor.id,
    payload: {
      userId: input.user.id,
      requestedById: input.actor.id,
      topics: send,
      content: text,
      caseId: theCase?.id ?? null,
    },
  };
  // A party of the case is asked how things are `followup_days` after the advice (replacing a check-in still pending).
  await deps.work.record(input.guildId, [action, ...checkInAfterAdvice(settings, theCase, input.user.id, input.actor.id)]);
  const outcome = outcomeOf(await deps.work.runNow([action.id]), { id: action.id, kind: 'safechat.send' });
  // Once done, the delivery it recorded, and the case of the thread it went to (when DMs were closed).
  const done = outcome?.status === 'done' ? outcome.result : null;
  return ok({ delivery: done?.delivery ?? null, sent: send, skipped, caseNumber: done?.caseNumber ?? theCase?.number ?? null });
}

export type Fallback = { readonly threadId: string; readonly caseId: string; readonly caseNumber: number };

/**
 * The user's interview thread: in the given case, else in their newest open
 * case that the moderator is not a party to (recusal holds here too).
 */
export async function fallbackThread(
  deps: ServiceDeps,
  guildId: string,
  userId: string,
  actorId: string,
  theCase: CaseWithParties | null,
): Promise<Fallback | null> {
  const threadIn = (c: CaseWithParties): Fallback | null => {
    const threadId = c.parties.find((p) => p.userId === userId)?.threadId;
    return threadId ? { threadId, caseId: c.id, caseNumber: c.number } : null;
  };
  if (theCase) return threadIn(theCase);
  for (const c of await deps.cases.forGuild(guildId).openCasesOfUser(userId)) {
    const full = await deps.cases.forGuild(guildId).find(c.number);
    if (!full || !checkRecusal(actorId, full.parties.map((p) => p.userId)).ok) continue;
    const found = threadIn(full);
    if (found) return found;
  }
  return null;
}
