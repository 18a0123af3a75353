import { randomUUID } from 'node:crypto';
import { outcomeOf, type ActionOutcome } from '../actions/types.js';
import { validateEscalationReason } from '../domain/escalation-policy.js';
import { decide } from '../domain/lifecycle.js';
import { sidesHeard } from '../domain/neutrality.js';
import { rankOf } from '../domain/rank.js';
import { checkRecusal } from '../domain/recusal.js';
import { ok } from '../domain/result.js';
import type { Urgency } from '../domain/types.js';
import type { CaseWithParties, DiscordFailureReason, EscalationRecord, GuildSettings } from '../ports.js';
import type { NewOwedAction } from '../actions/types.js';
import { caseForAction } from './case-lookup.js';
import { viaData, type Actor, type ServiceDeps, type Via } from './deps.js';
import { refuse, unlessCaseChanged, type ServiceResult } from './service-result.js';
import { HOUR_MS } from '../domain/durations.js';

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
  /** The post in the escalation channel: posted, queued for another try, or why it failed for good (the escalation is recorded in every case). */
  readonly notice:
    | { readonly status: 'posted'; readonly channelId: string; readonly messageId: string }
    | { readonly status: 'queued' }
    | { readonly status: 'failed'; readonly reason: DiscordFailureReason | 'gave-up' };
};

/**
 * /case escalate: allowed whenever the case is not closed; the guide says
 * never to hesitate to call an admin. Records the escalation with the post
 * it owes in the escalation channel (pinging only the admin role) and, with
 * `escalation_reminder_hours`, one reminder scheduled for then; then tries
 * the post. A post Discord could not take now is retried on its own.
 */
export async function escalate(deps: ServiceDeps, input: EscalateInput): Promise<ServiceResult<EscalateOutcome>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'escalate');
  if (!access.ok) return access;
  const reason = validateEscalationReason(input.reason);
  if (!reason.ok) return refuse(reason.reason);
  const { settings, case: theCase } = access.value;

  const heard = sidesHeard(theCase.parties, await deps.cases.forGuild(input.guildId).sideStatements(theCase.id));
  const postId = randomUUID();
  // The escalation and its post in the escalation channel, in one
  // transaction: the post is owed from the moment the escalation exists.
  const saved = await unlessCaseChanged(() =>
    deps.cases.forGuild(input.guildId).addEscalation(
      theCase.id,
      { escalatedById: input.actor.id, reason: reason.value, urgency: input.urgency },
      { type: 'case_escalated', actorId: input.actor.id, data: { urgency: input.urgency } },
      (escalation) => escalationWork(settings, theCase, heard, escalation, postId),
    ),
  );
  if (!saved.ok) return saved;
  const posted = outcomeOf(await deps.work.runNow([postId]), { id: postId, kind: 'escalation.post' });
  return ok({ caseNumber: theCase.number, escalation: saved.value, notice: noticeOutcome(posted, settings.escalationChannelId) });
}

/**
 * The Discord work an escalation owes: its post in the escalation channel
 * (pinging only the admin role), and with `escalation_reminder_hours` one
 * reminder scheduled for then. The same for /case escalate and for a
 * party's check-in answer that the matter has reached their real life.
 */
export function escalationWork(
  settings: GuildSettings,
  theCase: CaseWithParties,
  heard: { readonly heard: number; readonly of: number },
  escalation: EscalationRecord,
  postId: string,
): NewOwedAction[] {
  return [
    {
      id: postId,
      kind: 'escalation.post',
      caseId: theCase.id,
      actorId: escalation.escalatedById,
      payload: {
        escalationId: escalation.id,
        channelId: settings.escalationChannelId,
        adminRoleId: settings.adminRoleId,
        notice: {
          guildId: settings.guildId,
          caseNumber: theCase.number,
          category: theCase.category,
          realLife: theCase.realLife,
          offPlatform: theCase.offPlatform,
          sidesHeard: { heard: heard.heard, of: heard.of },
          reason: escalation.reason,
          urgency: escalation.urgency,
          escalatedById: escalation.escalatedById,
          escalationId: escalation.id,
          threadIds: theCase.parties.flatMap((p) => (p.threadId ? [p.threadId] : [])),
          language: settings.language,
        },
      },
    },
    // One reminder, scheduled with the escalation: it pings again only if nobody has acknowledged by then.
    ...(settings.escalationReminderHours > 0
      ? [
          {
            id: randomUUID(),
            kind: 'escalation.remind' as const,
            caseId: theCase.id,
            actorId: escalation.escalatedById,
            delayMs: settings.escalationReminderHours * HOUR_MS,
            payload: {
              escalationId: escalation.id,
              channelId: settings.escalationChannelId,
              adminRoleId: settings.adminRoleId,
              caseNumber: theCase.number,
              hours: settings.escalationReminderHours,
              language: settings.language,
            },
          },
        ]
      : []),
  ];
}

function noticeOutcome(posted: ActionOutcome<'escalation.post'> | undefined, channelId: string): EscalateOutcome['notice'] {
  if (posted?.status === 'done') return { status: 'posted', channelId, messageId: posted.result.messageId };
  if (posted?.status === 'failed') return { status: 'failed', reason: posted.reason };
  return { status: 'queued' };
}

/**
 * The Acknowledge button: only the admin role may press it, once.
 */
export async function acknowledgeEscalation(
  deps: ServiceDeps,
  input: { guildId: string; actor: Actor; escalationId: string; via?: Via },
): Promise<ServiceResult<{ escalation: EscalationRecord; caseNumber: number }>> {
  const settings = await deps.settings.forGuild(input.guildId).get();
  if (!settings) return refuse('not-configured');
  const rank = rankOf(input.actor.roleIds, settings);
  if (rank !== 'admin') return refuse('not-admin');
  const escalation = await deps.cases.forGuild(input.guildId).findEscalation(input.escalationId);
  if (!escalation) return refuse('escalation-not-found');
  if (escalation.acknowledgedById !== null) return refuse('already-acknowledged');
  const theCase = await deps.cases.forGuild(input.guildId).findById(escalation.caseId);
  if (!theCase) return refuse('escalation-not-found');
  // An admin who is a party to the case cannot acknowledge its escalation either.
  const recusal = checkRecusal(input.actor.id, theCase.parties.map((p) => p.userId));
  if (!recusal.ok) return refuse(recusal.reason);
  const decision = decide(theCase.status, 'acknowledge_escalation', rank);
  // A case closed after the escalation may still have it acknowledged late;
  // only a case never escalated is refused.
  if (!decision.ok && decision.reason !== 'case-closed') return refuse(decision.reason);
  // From the desk, the post in Discord is marked as the button marks it (the button's own handler edits it there).
  const markId = randomUUID();
  const fromDesk = input.via === 'web' && escalation.channelId !== null && escalation.messageId !== null;
  const acknowledged = await deps.cases.forGuild(input.guildId).acknowledgeEscalation(input.escalationId, input.actor.id, deps.clock.now(), {
    data: viaData(input.via),
    owe: (e) =>
      fromDesk && e.channelId !== null && e.messageId !== null
        ? [
            {
              id: markId,
              kind: 'escalation.acknowledged',
              caseId: e.caseId,
              actorId: input.actor.id,
              payload: { escalationId: e.id, channelId: e.channelId, messageId: e.messageId, adminId: input.actor.id, at: (e.acknowledgedAt ?? deps.clock.now()).toISOString(), language: settings.language },
            },
          ]
        : [],
  });
  if (!acknowledged) return refuse('already-acknowledged');
  if (fromDesk) await deps.work.runNow([markId]);
  return ok({ escalation: acknowledged, caseNumber: theCase.number });
}
