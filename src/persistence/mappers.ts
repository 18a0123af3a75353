import type { Prisma } from '../generated/prisma/client.js';
import type { CaseEvent, CheckIn, SafeChatDelivery } from '../generated/prisma/client.js';
import { CHECK_IN_ANSWERS, CHECK_IN_TRIGGERS, SAFE_CHAT_TOPICS, type CheckInAnswer, type CheckInTrigger, type SafeChatTopic } from '../domain/types.js';
import type { CheckInRecord, DeliveryRecord, EventInput, EventRecord, SettingsValues } from '../ports.js';

const isTopic = (t: string): t is SafeChatTopic => (SAFE_CHAT_TOPICS as readonly string[]).includes(t);

/** The record only: the row's guild and requester stay in the database. */
export function toDelivery(row: SafeChatDelivery): DeliveryRecord {
  const { id, caseId, userId, channel, delivered, failureReason, createdAt } = row;
  return { id, caseId, userId, topics: row.topics.filter(isTopic), channel, delivered, failureReason, createdAt };
}

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T => (values as readonly (string | null)[]).includes(value) ? (value as T) : fallback;

/** The record only (the row's guild stays in the database); values the column types leave open are narrowed. */
export function toCheckIn(row: CheckIn): CheckInRecord {
  const { id, caseId, partyId, userId, failureReason, answeredAt, requestedById, createdAt } = row;
  return {
    id,
    caseId,
    partyId,
    userId,
    trigger: oneOf<CheckInTrigger>(CHECK_IN_TRIGGERS, row.trigger, 'manual'),
    status: oneOf(['sending', 'sent', 'not_delivered'] as const, row.status, 'sending'),
    channel: row.channel === 'dm' || row.channel === 'interview_thread' ? row.channel : null,
    failureReason,
    answer: row.answer === null ? null : oneOf<CheckInAnswer>(CHECK_IN_ANSWERS, row.answer, 'still'),
    answeredAt,
    requestedById,
    createdAt,
  };
}

export function toEvent(row: CaseEvent): EventRecord {
  const data = row.data !== null && typeof row.data === 'object' && !Array.isArray(row.data) ? row.data : {};
  return {
    id: row.id.toString(),
    caseId: row.caseId,
    actorId: row.actorId,
    type: row.type,
    data,
    createdAt: row.createdAt,
  };
}

export function eventRow(guildId: string, caseId: string | null, event: EventInput): Prisma.CaseEventUncheckedCreateInput {
  return {
    guildId,
    caseId,
    actorId: event.actorId,
    type: event.type,
    data: (event.data ?? {}) as Prisma.InputJsonObject,
  };
}

/**
 * Exactly the settings' values, whatever else the object carries: a full
 * GuildSettings of another guild passed to `forGuild(g).save` cannot move
 * the row to that guild.
 */
export function settingsValues(v: SettingsValues): SettingsValues {
  return {
    staffRoleId: v.staffRoleId,
    adminRoleId: v.adminRoleId,
    escalationChannelId: v.escalationChannelId,
    interviewChannelId: v.interviewChannelId,
    caseLogChannelId: v.caseLogChannelId,
    reportsChannelId: v.reportsChannelId,
    retentionDays: v.retentionDays,
    communityName: v.communityName,
    standardsUrl: v.standardsUrl,
    language: v.language,
    escalationReminderHours: v.escalationReminderHours,
    staleDays: v.staleDays,
    followupDays: v.followupDays,
  };
}
