import type { StatsInput } from '../domain/case-stats.js';
import { assertGuildId } from './guild-scope.js';
import type { NewOwedAction } from '../actions/types.js';
import type {
  BoardQuery,
  CaseDetail,
  CaseListQuery,
  CaseRecord,
  CaseClosing,
  CaseRepository,
  GuildCases,
  IdleCase,
  NewDelivery,
  NewEscalation,
  NewSide,
  SideFollowUp,
  CaseWithParties,
  DeliveryRecord,
  EscalationRecord,
  EventInput,
  NewCase,
  NewStatement,
  NoteRecord,
  PartyRecord,
  StatementRecord,
  AnswerFollowUp,
  CheckInRecord,
  NewCheckIn,
} from '../ports.js';
import { CASE_STATUSES, type CaseStatus, type CheckInAnswer } from '../domain/types.js';
import { lockCaseFor } from './case-lock.js';
import { nextNumber } from './guild-counter.js';
import { eventRow, toCheckIn, toDelivery, toEvent } from './mappers.js';
import { owe } from './owed-actions.js';
import type { PrismaClient, Tx } from './prisma-client.js';

const partySelect = { id: true, caseId: true, userId: true, role: true, position: true, threadId: true } as const;
const statementSelect = {
  id: true,
  partyId: true,
  recordedById: true,
  text: true,
  source: true,
  sourceUrl: true,
  createdAt: true,
} as const;
const escalationSelect = {
  id: true,
  caseId: true,
  escalatedById: true,
  reason: true,
  urgency: true,
  channelId: true,
  messageId: true,
  acknowledgedById: true,
  acknowledgedAt: true,
  createdAt: true,
} as const;
const caseSelect = {
  id: true,
  guildId: true,
  number: true,
  category: true,
  status: true,
  realLife: true,
  offPlatform: true,
  exposureLocation: true,
  summary: true,
  openedById: true,
  outcome: true,
  closeReason: true,
  closedById: true,
  legalHold: true,
  createdAt: true,
  closedAt: true,
} as const;
const partiesInOrder = { select: partySelect, orderBy: { position: 'asc' } } as const;

/** Case number, case, parties, the `case_opened` event and the work owed, in the caller's transaction. */
export async function openIn(tx: Tx, guildId: string, input: NewCase, owed: (opened: CaseWithParties) => readonly NewOwedAction[]): Promise<CaseWithParties> {
  const number = await nextNumber(tx, 'GuildCaseCounter', guildId);
  const created = await tx.case.create({
    data: {
      guildId,
      number,
      category: input.category,
      realLife: input.realLife,
      offPlatform: input.offPlatform,
      exposureLocation: input.exposureLocation,
      summary: input.summary,
      openedById: input.openedById,
      parties: {
        create: input.parties.map((p, i) => ({ guildId, userId: p.userId, role: p.role, position: i + 1 })),
      },
    },
    select: { ...caseSelect, parties: partiesInOrder },
  });
  await tx.caseEvent.create({
    data: eventRow(guildId, created.id, {
      type: 'case_opened',
      actorId: input.openedById,
      data: {
        number,
        category: input.category,
        realLife: input.realLife,
        offPlatform: input.offPlatform,
        parties: input.parties.map((p) => ({ userId: p.userId, role: p.role })),
      },
    }),
  });
  await owe(tx, guildId, owed(created));
  return created;
}

/** A party's side (see GuildCases.addSide), in the caller's transaction: the case is locked and re-checked first. */
export async function addSideIn(
  tx: Tx,
  guildId: string,
  caseId: string,
  side: NewSide,
  then: SideFollowUp,
): Promise<{ party: PartyRecord; statement: StatementRecord | null }> {
  const next = await lockCaseFor(tx, guildId, caseId, side.statement === null ? 'add_party' : 'record_side');
  let party: PartyRecord;
  const added = !('id' in side.party);
  if ('id' in side.party) {
    party = await tx.party.findFirstOrThrow({ where: { id: side.party.id, guildId, caseId }, select: partySelect });
  } else {
    // The case row is locked: two additions cannot take the same position.
    const last = await tx.party.aggregate({ where: { guildId, caseId }, _max: { position: true } });
    party = await tx.party.create({
      data: { guildId, caseId, userId: side.party.userId, role: side.party.role, position: (last._max.position ?? 0) + 1 },
      select: partySelect,
    });
  }
  const statement = side.statement === null ? null : await insertStatement(tx, guildId, caseId, { ...side.statement, partyId: party.id }, next);
  const { events, owed } = then(party, added);
  for (const event of events) await tx.caseEvent.create({ data: eventRow(guildId, caseId, event) });
  await owe(tx, guildId, owed);
  return { party, statement };
}

/** Refuses a case id of another guild, which the foreign key alone would take. */
async function caseOfGuild(tx: Tx, guildId: string, caseId: string): Promise<void> {
  await tx.case.findFirstOrThrow({ where: { id: caseId, guildId }, select: { id: true } });
}

/** A case by number with its parties, in a transaction or not. */
export function findCaseIn(db: Tx | PrismaClient, guildId: string, number: number): Promise<CaseWithParties | null> {
  return db.case.findUnique({ where: { guildId_number: { guildId, number } }, select: { ...caseSelect, parties: partiesInOrder } });
}

async function insertStatement(tx: Tx, guildId: string, caseId: string, statement: NewStatement & { partyId: string }, next: CaseRecord['status']): Promise<StatementRecord> {
  const created = await tx.statement.create({ data: { guildId, caseId, ...statement }, select: statementSelect });
  await tx.case.update({ where: { id: caseId, guildId }, data: { status: next } });
  return created;
}

/** An escalation with its event and owed work, under the case's lock (status re-checked there). */
async function escalationIn(
  tx: Tx,
  guildId: string,
  caseId: string,
  escalation: NewEscalation,
  event: EventInput,
  owed: (escalation: EscalationRecord) => readonly NewOwedAction[],
): Promise<EscalationRecord> {
  const next = await lockCaseFor(tx, guildId, caseId, 'escalate');
  const created = await tx.escalation.create({ data: { guildId, caseId, ...escalation }, select: escalationSelect });
  await tx.case.update({ where: { id: caseId, guildId }, data: { status: next } });
  await tx.caseEvent.create({ data: eventRow(guildId, caseId, { ...event, data: { ...event.data, escalationId: created.id } }) });
  await owe(tx, guildId, owed(created));
  return created;
}

/** Prisma implementation of CaseRepository: forGuild gives the cases of one guild, and every query there names it. */
export class PrismaCaseRepository implements CaseRepository {
  constructor(private readonly prisma: PrismaClient) {}

  forGuild(guildId: string): GuildCases {
    assertGuildId(guildId);
    return {
      open: (input: NewCase, owed: (opened: CaseWithParties) => readonly NewOwedAction[] = () => []): Promise<CaseWithParties> => {
        return this.prisma.$transaction((tx) => openIn(tx, guildId, input, owed));
      },
      find: (number: number): Promise<CaseWithParties | null> => {
        return findCaseIn(this.prisma, guildId, number);
      },
      findById: (caseId: string): Promise<CaseWithParties | null> => {
        return this.prisma.case.findFirst({ where: { id: caseId, guildId }, select: { ...caseSelect, parties: partiesInOrder } });
      },
      findByThread: (threadId: string): Promise<CaseWithParties | null> => {
        return this.prisma.case.findFirst({
          where: { guildId, parties: { some: { guildId, threadId } } },
          select: { ...caseSelect, parties: partiesInOrder },
        });
      },
      sideStatements: (caseId: string): Promise<{ partyId: string; text: string }[]> => {
        return this.prisma.statement.findMany({ where: { guildId, caseId }, select: { partyId: true, text: true } });
      },
      detail: async (number: number, recentEvents: number): Promise<CaseDetail | null> => {
        const row = await this.prisma.case.findUnique({
          relationLoadStrategy: 'join',
          where: { guildId_number: { guildId, number } },
          // Each relation names the guild too: the guild-first indexes
          // ([guildId, caseId, ...]) then serve it, whatever the table's size.
          select: {
            ...caseSelect,
            parties: partiesInOrder,
            statements: { where: { guildId }, select: statementSelect, orderBy: { createdAt: 'asc' } },
            escalations: { where: { guildId }, select: escalationSelect, orderBy: { createdAt: 'asc' } },
            notes: { where: { guildId }, select: { id: true, authorId: true, text: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
            deliveries: { where: { guildId }, orderBy: { createdAt: 'asc' } },
            checkIns: { where: { guildId }, orderBy: { createdAt: 'asc' } },
            events: { where: { guildId }, orderBy: { id: 'desc' }, take: recentEvents },
          },
        });
        if (!row) return null;
        return { ...row, deliveries: row.deliveries.map(toDelivery), checkIns: row.checkIns.map(toCheckIn), recentEvents: row.events.map(toEvent) };
      },
      list: async (query: CaseListQuery): Promise<{ items: CaseRecord[]; total: number }> => {
        const where = query.status === undefined ? { guildId } : { guildId, status: query.status };
        const [items, total] = await this.prisma.$transaction([
          this.prisma.case.findMany({
            where,
            select: caseSelect,
            orderBy: { number: 'desc' },
            skip: query.page * query.pageSize,
            take: query.pageSize,
          }),
          this.prisma.case.count({ where }),
        ]);
        return { items, total };
      },
      board: (query: BoardQuery): Promise<CaseRecord[]> => {
        return this.prisma.case.findMany({
          where: {
            guildId,
            ...(query.status ? { status: query.status } : {}),
            ...(query.category ? { category: query.category } : {}),
            ...(query.flag === 'real_life' ? { realLife: true } : query.flag === 'off_platform' ? { offPlatform: true } : {}),
            ...(query.unacknowledged ? { escalations: { some: { guildId, acknowledgedAt: null } } } : {}),
            ...(query.idleSince ? { status: { not: 'closed' as const }, createdAt: { lte: query.idleSince }, events: { none: { guildId, createdAt: { gt: query.idleSince } } } } : {}),
            ...(query.partyUserId ? { parties: { some: { guildId, userId: query.partyUserId } } } : {}),
            ...(query.before === null ? {} : { number: { lt: query.before } }),
          },
          select: caseSelect,
          orderBy: { number: 'desc' },
          take: query.take,
        });
      },
      statusCounts: async (): Promise<Record<CaseStatus, number>> => {
        const rows = await this.prisma.case.groupBy({ by: ['status'], where: { guildId }, _count: { _all: true } });
        const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
        for (const row of rows) counts[row.status] = row._count._all;
        return counts;
      },
      openCasesOfUser: (userId: string): Promise<CaseRecord[]> => {
        return this.prisma.case.findMany({
          where: { guildId, status: { not: 'closed' }, parties: { some: { guildId, userId } } },
          select: caseSelect,
          orderBy: { number: 'desc' },
        });
      },
      statsSince: async (since: Date): Promise<StatsInput> => {
        const cases = await this.prisma.case.findMany({
          where: { guildId, OR: [{ createdAt: { gte: since } }, { closedAt: { gte: since } }] },
          select: {
            id: true,
            category: true,
            createdAt: true,
            closedAt: true,
            outcome: true,
            parties: {
              where: { guildId, role: { in: ['complainant', 'accused'] } },
              orderBy: { position: 'asc' },
              select: { statements: { where: { guildId }, orderBy: { createdAt: 'asc' }, take: 1, select: { createdAt: true } } },
            },
          },
        });
        const escalations = await this.prisma.escalation.findMany({ where: { guildId, createdAt: { gte: since } }, select: { createdAt: true, acknowledgedAt: true } });
        const checkIns = await this.prisma.checkIn.findMany({ where: { guildId, createdAt: { gte: since } } });
        return {
          checkIns: checkIns.map(toCheckIn).map((c) => ({ createdAt: c.createdAt, delivered: c.status !== 'not_delivered', answer: c.answer })),
          cases: cases.map(({ parties, ...c }) => ({ ...c, firstHeard: parties.map((p) => p.statements[0]?.createdAt ?? null) })),
          escalations,
        };
      },
      idleCases: async (idleSince: Date, limit: number): Promise<IdleCase[]> => {
        const open = await this.prisma.case.findMany({ where: { guildId, status: { not: 'closed' } }, select: caseSelect });
        if (open.length === 0) return [];
        const last = await this.prisma.caseEvent.groupBy({
          by: ['caseId'],
          where: { guildId, caseId: { in: open.map((c) => c.id) } },
          _max: { createdAt: true },
        });
        const lastOf = new Map(last.map((row) => [row.caseId, row._max.createdAt]));
        return open
          .map((c) => ({ case: c, lastActivity: lastOf.get(c.id) ?? c.createdAt }))
          .filter((idle) => idle.lastActivity <= idleSince)
          .sort((a, b) => a.lastActivity.getTime() - b.lastActivity.getTime() || a.case.number - b.case.number)
          .slice(0, limit);
      },
      casesWithParty: async (userId: string, caseIds: readonly string[]): Promise<ReadonlySet<string>> => {
        if (caseIds.length === 0) return new Set();
        const rows = await this.prisma.party.findMany({
          where: { guildId, userId, caseId: { in: [...caseIds] } },
          select: { caseId: true },
        });
        return new Set(rows.map((r) => r.caseId));
      },
      addSide: (
        caseId: string,
        side: NewSide,
        then: SideFollowUp,
      ): Promise<{ party: PartyRecord; statement: StatementRecord | null }> => {
        return this.prisma.$transaction((tx) => addSideIn(tx, guildId, caseId, side, then));
      },
      addStatement: (caseId: string, statement: NewStatement & { partyId: string }, event: EventInput): Promise<StatementRecord> => {
        return this.prisma.$transaction(async (tx) => {
          const next = await lockCaseFor(tx, guildId, caseId, 'record_side');
          // A party of this case: the foreign key alone would take a party of any case.
          await tx.party.findFirstOrThrow({ where: { id: statement.partyId, guildId, caseId }, select: { id: true } });
          const created = await insertStatement(tx, guildId, caseId, statement, next);
          await tx.caseEvent.create({ data: eventRow(guildId, caseId, event) });
          return created;
        });
      },
      addNote: (caseId: string, note: { authorId: string; text: string }, event: EventInput): Promise<NoteRecord> => {
        return this.prisma.$transaction(async (tx) => {
          await lockCaseFor(tx, guildId, caseId, 'add_note');
          const created = await tx.note.create({
            data: { guildId, caseId, ...note },
            select: { id: true, authorId: true, text: true, createdAt: true },
          });
          await tx.caseEvent.create({ data: eventRow(guildId, caseId, event) });
          return created;
        });
      },
      addEscalation: (
        caseId: string,
        escalation: NewEscalation,
        event: EventInput,
        owed: (escalation: EscalationRecord) => readonly NewOwedAction[] = () => [],
      ): Promise<EscalationRecord> => {
        return this.prisma.$transaction((tx) => escalationIn(tx, guildId, caseId, escalation, event, owed));
      },
      findEscalation: (escalationId: string): Promise<EscalationRecord | null> => {
        return this.prisma.escalation.findFirst({ where: { id: escalationId, guildId }, select: escalationSelect });
      },
      acknowledgeEscalation: (
        escalationId: string,
        adminId: string,
        at: Date,
        also: { data?: Record<string, unknown>; owe?: (acknowledged: EscalationRecord) => readonly NewOwedAction[] } = {},
      ): Promise<EscalationRecord | null> => {
        return this.prisma.$transaction(async (tx) => {
          const { count } = await tx.escalation.updateMany({
            where: { id: escalationId, guildId, acknowledgedById: null },
            data: { acknowledgedById: adminId, acknowledgedAt: at },
          });
          if (count === 0) return null;
          const updated = await tx.escalation.findFirstOrThrow({ where: { id: escalationId, guildId }, select: escalationSelect });
          await tx.caseEvent.create({
            data: eventRow(guildId, updated.caseId, { type: 'escalation_acknowledged', actorId: adminId, data: { escalationId, ...also.data } }),
          });
          await owe(tx, guildId, also.owe?.(updated) ?? []);
          return updated;
        });
      },
      close: (
        caseId: string,
        close: CaseClosing,
        event: EventInput,
        owed: (closed: CaseWithParties) => readonly NewOwedAction[] = () => [],
      ): Promise<CaseWithParties> => {
        return this.prisma.$transaction(async (tx) => {
          // Under the lock: a concurrent close, side or escalation waits, then sees the case closed.
          const next = await lockCaseFor(tx, guildId, caseId, 'close');
          const closed = await tx.case.update({
            where: { id: caseId, guildId },
            data: { status: next, outcome: close.outcome, closeReason: close.reason, closedById: close.closedById, closedAt: close.at },
            select: { ...caseSelect, parties: partiesInOrder },
          });
          await tx.caseEvent.create({ data: eventRow(guildId, caseId, event) });
          await owe(tx, guildId, owed(closed));
          return closed;
        });
      },
      recordDelivery: (
        delivery: NewDelivery,
        event: EventInput,
      ): Promise<DeliveryRecord> => {
        return this.prisma.$transaction(async (tx) => {
          if (delivery.caseId !== null) await caseOfGuild(tx, guildId, delivery.caseId);
          const created = await tx.safeChatDelivery.create({ data: { guildId, ...delivery, topics: [...delivery.topics] } });
          await tx.caseEvent.create({ data: eventRow(guildId, delivery.caseId, { ...event, data: { ...event.data, deliveryId: created.id } }) });
          return toDelivery(created);
        });
      },
      recentDeliveries: async (userId: string, since: Date): Promise<DeliveryRecord[]> => {
        const rows = await this.prisma.safeChatDelivery.findMany({
          where: { guildId, userId, createdAt: { gte: since } },
          orderBy: { createdAt: 'desc' },
        });
        return rows.map(toDelivery);
      },
      pendingCheckInOf: async (partyId: string): Promise<string | null> => {
        const party = await this.prisma.party.findFirst({ where: { id: partyId, guildId }, select: { checkInActionId: true } });
        return party?.checkInActionId ?? null;
      },
      startCheckIn: async (checkIn: NewCheckIn): Promise<void> => {
        await this.prisma.$transaction(async (tx) => {
          // A party of a case of this guild: the ids come from an owed action, but are checked all the same.
          await tx.party.findFirstOrThrow({ where: { id: checkIn.partyId, caseId: checkIn.caseId, guildId, userId: checkIn.userId }, select: { id: true } });
          await tx.checkIn.createMany({ data: [{ ...checkIn, guildId }], skipDuplicates: true });
        });
      },
      findCheckIn: async (checkInId: string): Promise<CheckInRecord | null> => {
        const row = await this.prisma.checkIn.findFirst({ where: { id: checkInId, guildId } });
        return row === null ? null : toCheckIn(row);
      },
      checkInsOf: async (caseId: string): Promise<CheckInRecord[]> => {
        const rows = await this.prisma.checkIn.findMany({ where: { guildId, caseId }, orderBy: { createdAt: 'asc' } });
        return rows.map(toCheckIn);
      },
      answerCheckIn: (
        checkInId: string,
        answer: { userId: string; answer: CheckInAnswer; at: Date },
        then: (checkIn: CheckInRecord, theCase: CaseWithParties) => AnswerFollowUp,
      ): Promise<{ checkIn: CheckInRecord; escalation: EscalationRecord | null } | null> => {
        return this.prisma.$transaction(async (tx) => {
          const found = await tx.checkIn.findFirst({ where: { id: checkInId, guildId }, select: { caseId: true } });
          if (found === null) return null;
          // Under the case's lock: a close at the same instant waits, or is seen.
          await lockCaseFor(tx, guildId, found.caseId, 'send_safechat');
          const { count } = await tx.checkIn.updateMany({
            where: { id: checkInId, guildId, userId: answer.userId, answer: null },
            data: { answer: answer.answer, answeredAt: answer.at },
          });
          if (count === 0) return null;
          const checkIn = toCheckIn(await tx.checkIn.findFirstOrThrow({ where: { id: checkInId, guildId } }));
          const theCase = await tx.case.findFirstOrThrow({ where: { id: checkIn.caseId, guildId }, select: { ...caseSelect, parties: partiesInOrder } });
          const follow = then(checkIn, theCase);
          for (const event of follow.events) await tx.caseEvent.create({ data: eventRow(guildId, theCase.id, event) });
          if (follow.raiseRealLife && !theCase.realLife) {
            await tx.case.update({ where: { id: theCase.id, guildId }, data: { realLife: true } });
            await tx.caseEvent.create({ data: eventRow(guildId, theCase.id, { type: 'real_life_flag_raised', actorId: answer.userId, data: { checkInId } }) });
          }
          await owe(tx, guildId, follow.owed);
          const escalation = follow.escalation === null ? null : await escalationIn(tx, guildId, theCase.id, follow.escalation.input, follow.escalation.event, follow.escalation.owe);
          return { checkIn, escalation };
        });
      },
      appendEvent: async (caseId: string | null, event: EventInput): Promise<void> => {
        if (caseId === null) {
          await this.prisma.caseEvent.create({ data: eventRow(guildId, null, event) });
          return;
        }
        await this.prisma.$transaction(async (tx) => {
          await caseOfGuild(tx, guildId, caseId);
          await tx.caseEvent.create({ data: eventRow(guildId, caseId, event) });
        });
      },
    };
  }
}
