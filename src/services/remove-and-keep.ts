import { ok } from '../domain/result.js';
import type { DiscordFailureReason, EvidenceRecord } from '../ports.js';
import type { Actor, ServiceDeps } from './deps.js';
import { openCase } from './case-opening.js';
import { addEvidence } from './evidence.js';
import type { ServiceResult } from './service-result.js';

export type RemoveAndKeepInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly caseNumber: number;
  readonly channelId: string;
  readonly messageId: string;
};

export type RemoveAndKeepOutcome = {
  readonly caseNumber: number;
  readonly evidence: EvidenceRecord;
  /** The message deleted, or why Discord would not: the evidence is kept either way. */
  readonly removal: { readonly removed: true } | { readonly removed: false; readonly reason: DiscordFailureReason };
};

/**
 * "Remove and keep" (staff): content on our own server can be dealt with.
 * The message is first kept as evidence of the case exactly as /case
 * evidence keeps a message (its content and attachments as fetched, with
 * their SHA-256), with the same checks (staff, the case open, not a party);
 * then it is deleted and the removal recorded with who did it. A deletion
 * Discord refuses leaves the evidence kept and says why.
 */
export async function removeAndKeep(deps: ServiceDeps, input: RemoveAndKeepInput): Promise<ServiceResult<RemoveAndKeepOutcome>> {
  const link = `https://discord.com/channels/${input.guildId}/${input.channelId}/${input.messageId}`;
  const kept = await addEvidence(deps, { guildId: input.guildId, actor: input.actor, caseNumber: input.caseNumber, source: { kind: 'message', link }, note: null });
  if (!kept.ok) return kept;
  const deleted = await deps.recordDiscord.deleteMessage(input.channelId, input.messageId);
  const removal = deleted.ok ? ({ removed: true } as const) : ({ removed: false, reason: deleted.reason } as const);
  await deps.cases.forGuild(input.guildId).appendEvent(kept.value.caseId, {
    type: 'message_removed',
    actorId: input.actor.id,
    data: { evidenceNumber: kept.value.number, channelId: input.channelId, messageId: input.messageId, removed: removal.removed, ...(removal.removed ? {} : { reason: removal.reason }) },
  });
  return ok({ caseNumber: input.caseNumber, evidence: kept.value, removal });
}

export type RemoveAndKeepNewInput = Omit<RemoveAndKeepInput, 'caseNumber'> & {
  readonly complainant: { readonly id: string; readonly isBot: boolean };
  /** The message's author: the accused of the new case. */
  readonly author: { readonly id: string; readonly isBot: boolean };
  readonly summary: string;
};

export type RemoveAndKeepNewOutcome = {
  readonly caseNumber: number;
  /** The message kept and removed as for an existing case, or why it could not be kept (the case is opened all the same). */
  readonly kept: ServiceResult<RemoveAndKeepOutcome>;
};

/**
 * "Remove and keep" into a new case: the case is opened exactly as /case
 * open opens it (the author of the message accused, the complainant given,
 * each with their private thread, category harassment), then the message
 * is kept and removed as for an existing case. A refused opening changes
 * nothing; a message that cannot be kept leaves the case opened, and the
 * reply says both.
 */
export async function removeAndKeepInNewCase(deps: ServiceDeps, input: RemoveAndKeepNewInput): Promise<ServiceResult<RemoveAndKeepNewOutcome>> {
  const opened = await openCase(deps, {
    guildId: input.guildId,
    actor: input.actor,
    complainant: input.complainant,
    accused: input.author,
    category: 'harassment',
    summary: input.summary,
    realLife: false,
    offPlatform: false,
    exposureLocation: null,
  });
  if (!opened.ok) return opened;
  const caseNumber = opened.value.case.number;
  const kept = await removeAndKeep(deps, { guildId: input.guildId, actor: input.actor, caseNumber, channelId: input.channelId, messageId: input.messageId });
  return ok({ caseNumber, kept });
}
