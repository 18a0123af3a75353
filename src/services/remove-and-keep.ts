import { ok } from '../domain/result.js';
import type { DiscordFailureReason, EvidenceRecord } from '../ports.js';
import type { Actor, ServiceDeps } from './deps.js';
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
