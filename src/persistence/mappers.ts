import type { Prisma } from '../generated/prisma/client.js';
import type { CaseEvent, SafeChatDelivery } from '../generated/prisma/client.js';
import { SAFE_CHAT_TOPICS, type SafeChatTopic } from '../domain/types.js';
import type { DeliveryRecord, EventInput, EventRecord, SettingsValues } from '../ports.js';

const isTopic = (t: string): t is SafeChatTopic => (SAFE_CHAT_TOPICS as readonly string[]).includes(t);

/** The record only: the row's guild and requester stay in the database. */
export function toDelivery(row: SafeChatDelivery): DeliveryRecord {
  const { id, caseId, userId, channel, delivered, failureReason, createdAt } = row;
  return { id, caseId, userId, topics: row.topics.filter(isTopic), channel, delivered, failureReason, createdAt };
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
  };
}
