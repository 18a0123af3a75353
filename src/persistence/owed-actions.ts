import type { Prisma } from '../generated/prisma/client.js';
import type { ActionEffect, ActionStore, NewOwedAction, OwedActionRecord, OwedKind, TryResult } from '../actions/types.js';
import type { EventInput } from '../ports.js';
import { eventRow } from './mappers.js';
import type { PrismaClient, Tx } from './prisma-client.js';

/**
 * Records the Discord work a change owes, inside the change's own
 * transaction: both commit, or neither.
 */
export async function owe(tx: Tx, guildId: string, actions: readonly NewOwedAction[], options: { skipDuplicates?: boolean } = {}): Promise<void> {
  if (actions.length === 0) return;
  await tx.owedAction.createMany({
    skipDuplicates: options.skipDuplicates ?? false,
    data: actions.map((a) => ({
      id: a.id,
      guildId,
      caseId: a.caseId,
      kind: a.kind,
      payload: a.payload,
      actorId: a.actorId,
    })),
  });
  // Scheduled work: due that long after now, by the database's clock (one for every process).
  for (const a of actions) {
    if (a.delayMs !== undefined && a.delayMs > 0) {
      await tx.$executeRaw`UPDATE "OwedAction" SET "runAt" = now() + make_interval(secs => ${a.delayMs / 1000}) WHERE "id" = ${a.id} AND "guildId" = ${guildId}`;
    }
    // A check-in owed becomes its party's pending one (the row lock orders two at once): any earlier one sends nothing.
    if (a.kind === 'checkin.send') {
      await tx.party.updateMany({ where: { id: a.payload.partyId, guildId }, data: { checkInActionId: a.id } });
    }
  }
}

type ClaimedRow = {
  id: string;
  guildId: string;
  caseId: string | null;
  kind: string;
  payload: unknown;
  attempts: number;
  progress: unknown;
  actorId: string;
};

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The owed actions in PostgreSQL, taken with FOR UPDATE SKIP LOCKED and a
 * lease, so that several processes never try the same action at once and a
 * process that stops leaves its actions to the others when the lease runs
 * out. Times come from the database's clock, one for every process.
 *
 * Claiming reads across guilds (the runner serves them all); everything
 * else names the action's guild.
 */
export class PrismaActionStore implements ActionStore {
  constructor(private readonly prisma: PrismaClient) {}

  async add(guildId: string, actions: readonly NewOwedAction[]): Promise<void> {
    // Work recorded on its own may be recorded by several processes with the
    // same id (a day's digest): the first one counts, the others change nothing.
    await this.prisma.$transaction((tx) => owe(tx, guildId, actions, { skipDuplicates: true }));
  }

  async claim(holder: string, leaseMs: number, limit: number, ids?: readonly string[], freshMs = 0): Promise<readonly OwedActionRecord[]> {
    const only = ids === undefined ? null : [...ids];
    const rows = await this.prisma.$queryRaw<ClaimedRow[]>`
      UPDATE "OwedAction" SET "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000}), "leasedBy" = ${holder}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "OwedAction"
        WHERE "status" = 'pending' AND "runAt" <= now() AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
          AND (${only}::text[] IS NULL OR "id" = ANY(${only}::text[]))
          AND "createdAt" <= now() - make_interval(secs => ${freshMs / 1000})
        ORDER BY "runAt", "createdAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "guildId", "caseId", "kind", "payload", "attempts", "progress", "actorId"`;
    return rows.map((r) => ({
      id: r.id,
      guildId: r.guildId,
      caseId: r.caseId,
      kind: r.kind as OwedKind,
      payload: r.payload,
      attempts: r.attempts,
      progress: asObject(r.progress),
      actorId: r.actorId,
    })) as OwedActionRecord[];
  }

  async renew(holder: string, leaseMs: number, ids: readonly string[]): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "OwedAction" SET "leaseUntil" = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE "id" = ANY(${[...ids]}::text[]) AND "leasedBy" = ${holder} AND "status" = 'pending'`;
  }

  async saveProgress(holder: string, action: OwedActionRecord, progress: Readonly<Record<string, unknown>>): Promise<void> {
    await this.prisma.owedAction.updateMany({
      where: { id: action.id, guildId: action.guildId, leasedBy: holder, status: 'pending' },
      data: { progress: progress as Prisma.InputJsonObject },
    });
  }

  finish(
    holder: string,
    action: OwedActionRecord,
    result: Exclude<TryResult, { status: 'retry' }> | { status: 'failed'; reason: 'gave-up'; detail: string; events?: readonly EventInput[] },
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.owedAction.updateMany({
        where: { id: action.id, guildId: action.guildId, leasedBy: holder, status: 'pending' },
        data: {
          status: result.status,
          finishedAt: new Date(),
          leaseUntil: null,
          progress: action.progress as Prisma.InputJsonObject,
          result: (result.status === 'done' ? result.result : { reason: result.reason, detail: result.detail }),
        },
      });
      // Someone else holds it now (this try outlived its lease): their try counts.
      if (count === 0) return false;
      if (result.status === 'done') for (const effect of result.effects ?? []) await applyEffect(tx, action.guildId, effect);
      const caseId = result.status === 'done' && result.eventsCaseId !== undefined ? result.eventsCaseId : action.caseId;
      for (const event of result.events ?? []) await tx.caseEvent.create({ data: eventRow(action.guildId, caseId, event) });
      return true;
    });
  }

  async reschedule(holder: string, action: OwedActionRecord, delayMs: number, error: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "OwedAction"
      SET "runAt" = now() + make_interval(secs => ${delayMs / 1000}), "leaseUntil" = NULL, "leasedBy" = NULL,
          "lastError" = ${error.slice(0, 1000)}, "progress" = ${JSON.stringify(action.progress)}::jsonb
      WHERE "id" = ${action.id} AND "guildId" = ${action.guildId} AND "leasedBy" = ${holder} AND "status" = 'pending'`;
  }
}

async function applyEffect(tx: Tx, guildId: string, effect: ActionEffect): Promise<void> {
  switch (effect.type) {
    case 'party-thread':
      await tx.party.updateMany({ where: { id: effect.partyId, guildId }, data: { threadId: effect.threadId } });
      return;
    case 'escalation-message':
      await tx.escalation.updateMany({ where: { id: effect.escalationId, guildId }, data: { channelId: effect.channelId, messageId: effect.messageId } });
      return;
    case 'safechat-delivery':
      await tx.safeChatDelivery.create({ data: { ...effect.delivery, guildId, topics: [...effect.delivery.topics] } });
      return;
    case 'checkin-delivery':
      await tx.checkIn.updateMany({
        where: { id: effect.checkInId, guildId },
        data: { status: effect.status, channel: effect.channel, failureReason: effect.failureReason, sentAt: effect.status === 'sent' ? new Date() : null },
      });
      return;
    case 'report-queue-message':
      await tx.report.updateMany({ where: { id: effect.reportId, guildId }, data: { queueChannelId: effect.channelId, queueMessageId: effect.messageId } });
      return;
  }
}
