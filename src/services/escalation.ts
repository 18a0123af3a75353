import { validateEscalationReason } from '../domain/escalation-policy.js';
import { decide } from '../domain/lifecycle.js';
import { sidesHeard } from '../domain/neutrality.js';
import { rankOf } from '../domain/rank.js';
import { checkRecusal } from '../domain/recusal.js';
import { ok } from '../domain/result.js';
import type { Urgency } from '../domain/types.js';
import type { DiscordFailureReason, EscalationRecord } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refuse, type ServiceResult } from './service-result.js';

export type EscalateInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly caseNumber: number;
  readonly reason: string;
  readonly urgency: Urgency;
};

export type EscalateOutcome = {
  readonly caseNumber: number;
  readonly escalation: EscalationRecord;
  /** The post in the escalation channel, or why it failed (the escalation is recorded either way). */
  readonly notice: { readonly ok: true; readonly channelId: string; readonly messageId: string } | { readonly ok: false; readonly reason: DiscordFailureReason };
};

/**
 * /case escalate: allowed whenever the case is not closed; the guide says
 * never to hesitate to call an admin. Records the escalation, then posts in
 * the escalation channel pinging only the admin role.
 */
export async function escalate(deps: ServiceDeps, input: EscalateInput): Promise<ServiceResult<EscalateOutcome>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'escalate');
  if (!access.ok) return access;
  const reason = validateEscalationReason(input.reason);
  if (!reason.ok) return refuse(reason.reason);
  const { settings, case: theCase } = access.value;

  const escalation = await deps.cases.addEscalation(
    input.guildId,
    theCase.id,
    { escalatedById: input.actor.id, reason: reason.value, urgency: input.urgency },
    { type: 'case_escalated', actorId: input.actor.id, data: { urgency: input.urgency } },
  );
  const heard = sidesHeard(theCase.parties, await deps.cases.sideStatements(input.guildId, theCase.id));
  const posted = await deps.escalations.notify(settings.escalationChannelId, settings.adminRoleId, {
    guildId: input.guildId,
    caseNumber: theCase.number,
    category: theCase.category,
    realLife: theCase.realLife,
    offPlatform: theCase.offPlatform,
    sidesHeard: { heard: heard.heard, of: heard.of },
    reason: reason.value,
    urgency: input.urgency,
    escalatedById: input.actor.id,
    escalationId: escalation.id,
    threadIds: theCase.parties.flatMap((p) => (p.threadId ? [p.threadId] : [])),
  });
  if (!posted.ok) {
    await deps.cases.appendEvent(input.guildId, theCase.id, {
      type: 'escalation_notice_failed',
      actorId: input.actor.id,
      data: { escalationId: escalation.id, reason: posted.reason },
    });
    return ok({ caseNumber: theCase.number, escalation, notice: { ok: false, reason: posted.reason } });
  }
  await deps.cases.setEscalationMessage(input.guildId, escalation.id, posted.value.channelId, posted.value.messageId);
  return ok({ caseNumber: theCase.number, escalation, notice: { ok: true, ...posted.value } });
}

/**
 * The Acknowledge button: only the admin role may press it, once.
 */
export async function acknowledgeEscalation(
  deps: ServiceDeps,
  input: { guildId: string; actor: Actor; escalationId: string },
): Promise<ServiceResult<{ escalation: EscalationRecord; caseNumber: number }>> {
  const settings = await deps.settings.get(input.guildId);
  if (!settings) return refuse('not-configured');
  const rank = rankOf(input.actor.roleIds, settings);
  if (rank !== 'admin') return refuse('not-admin');
  const escalation = await deps.cases.findEscalation(input.guildId, input.escalationId);
  if (!escalation) return refuse('escalation-not-found');
  if (escalation.acknowledgedById !== null) return refuse('already-acknowledged');
  const theCase = await deps.cases.findById(input.guildId, escalation.caseId);
  if (!theCase) return refuse('escalation-not-found');
  // An admin who is a party to the case cannot acknowledge its escalation either.
  const recusal = checkRecusal(input.actor.id, theCase.parties.map((p) => p.userId));
  if (!recusal.ok) return refuse(recusal.reason);
  const decision = decide(theCase.status, 'acknowledge_escalation', rank);
  // A case closed after the escalation may still have it acknowledged late;
  // only a case never escalated is refused.
  if (!decision.ok && decision.reason !== 'case-closed') return refuse(decision.reason);
  const acknowledged = await deps.cases.acknowledgeEscalation(input.guildId, input.escalationId, input.actor.id, deps.clock.now());
  if (!acknowledged) return refuse('already-acknowledged');
  return ok({ escalation: acknowledged, caseNumber: theCase.number });
}
