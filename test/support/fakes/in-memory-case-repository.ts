/**
 * In-memory CaseRepository and SettingsRepository for the service tests.
 *
 * They follow the Prisma implementations in src/persistence/ closely:
 * - every method is reached through forGuild(guildId); a write aimed at a
 *   row of another guild throws, as Prisma's `update({ where: { id, guildId } })` does;
 * - case numbers are per guild and gapless; party positions are 1..n;
 * - every change appends its CaseEvent in the same call (events carry a
 *   global increasing id, like the BIGSERIAL column);
 * - every write that changes a case checks its status first, as the
 *   Prisma repository does under the row lock (CaseStateConflict);
 *   `acknowledgeEscalation` returns null when already acknowledged;
 * - owed actions go to the shared InMemoryActionStore in the same call; a
 *   write whose `owe` (or `then`) callback throws stores nothing, as the
 *   transaction would roll back;
 * - event data is stored as the JSON column keeps it (a Date as its ISO
 *   text, undefined fields left out); an event's case must exist;
 * - `detail` returns statements, escalations, notes and deliveries oldest
 *   first and the latest `recentEvents` events newest first;
 * - `recentDeliveries` keeps createdAt >= since, newest first.
 *
 * Every read returns copies, so a service can never change stored rows by
 * mutating what it got back. `createdAt` comes from the injected clock.
 */
import { settingsValues } from '../../../src/persistence/mappers.js';
import { assertGuildId } from '../../../src/persistence/guild-scope.js';
import type { NewOwedAction } from '../../../src/actions/types.js';
import { rollbackPoint } from './rollback-point.js';
import type { StatsInput } from '../../../src/domain/case-stats.js';
import { CaseStateConflict, nextStatus, type CaseAction } from '../../../src/domain/lifecycle.js';
import { CASE_STATUSES, type CaseStatus, type CheckInAnswer } from '../../../src/domain/types.js';
import type {
  AnswerFollowUp,
  BoardQuery,
  CheckInRecord,
  NewCheckIn,
  IdleCase,
  CaseClosing,
  CaseDetail,
  CaseListQuery,
  CaseRecord,
  CaseRepository,
  CaseWithParties,
  Clock,
  DeliveryRecord,
  EscalationRecord,
  EventInput,
  EventRecord,
  GuildCases,
  GuildSettings,
  GuildSettingsStore,
  NewCase,
  NewDelivery,
  NewEscalation,
  NewSide,
  NewStatement,
  NoteRecord,
  PartyRecord,
  SettingsRepository,
  SettingsValues,
  SideFollowUp,
  StatementRecord,
} from '../../../src/ports.js';

/** Deterministic ids shaped like uuid v4: 00000000-0000-4000-8000-000000000001, ... */
export class UuidSequence {
  private next = 1;

  uuid(): string {
    const n = this.next++;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}

/** A stored CaseEvent: what EventRecord shows plus the guild it belongs to. */
export type StoredEvent = EventRecord & { readonly guildId: string };

/** The CaseEvent table, shared by both repositories as in PostgreSQL. */
export class InMemoryEventLog {
  private nextId = 1;
  private readonly rows: StoredEvent[] = [];

  constructor(private readonly clock: Clock) {}

  append(guildId: string, caseId: string | null, event: EventInput): StoredEvent {
    const row: StoredEvent = {
      id: String(this.nextId++),
      guildId,
      caseId,
      actorId: event.actorId,
      type: event.type,
      // A JSON column: a Date is kept as its ISO text, an undefined field is left out.
      data: JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>,
      createdAt: this.clock.now(),
    };
    this.rows.push(row);
    return row;
  }

  /** For a fake transaction: puts the log back as it is now. */
  rollbackPoint(): () => void {
    return rollbackPoint([this.rows]);
  }

  /** All events, oldest first, copied. */
  all(): StoredEvent[] {
    return this.rows.map(copyEvent);
  }

  /** Only the retention sweep deletes events: those of the cases it deletes. */
  removeCases(guildId: string, caseIds: ReadonlySet<string>): void {
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i]!;
      if (row.guildId === guildId && row.caseId !== null && caseIds.has(row.caseId)) this.rows.splice(i, 1);
    }
  }
}

/** Runs a synchronous body as a repository call: its value resolves, its throw rejects (like a failed query). */
function attempt<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

const copyEvent = (e: StoredEvent): StoredEvent => ({ ...e, data: structuredClone(e.data), createdAt: new Date(e.createdAt) });
const toEventRecord = (e: StoredEvent): EventRecord => {
  const { guildId: _guildId, ...rest } = copyEvent(e);
  return rest;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type CaseRow = Mutable<CaseRecord>;
type PartyRow = Mutable<PartyRecord> & { readonly guildId: string; readonly createdAt: Date };
type StatementRow = StatementRecord & { readonly guildId: string; readonly caseId: string; readonly sourceMessageId: string | null };
type NoteRow = NoteRecord & { readonly guildId: string; readonly caseId: string };
type EscalationRow = Mutable<EscalationRecord> & { readonly guildId: string };
type DeliveryRow = DeliveryRecord & { readonly guildId: string; readonly requestedById: string };
type CheckInRow = Mutable<CheckInRecord> & { readonly guildId: string };
const copyCheckIn = (c: CheckInRow): CheckInRecord => {
  const { guildId: _guildId, ...rest } = c;
  return { ...rest, createdAt: new Date(c.createdAt), answeredAt: c.answeredAt === null ? null : new Date(c.answeredAt) };
};

const copyCase = (c: CaseRow): CaseRecord => ({
  ...c,
  createdAt: new Date(c.createdAt),
  closedAt: c.closedAt ? new Date(c.closedAt) : null,
});
const copyParty = (p: PartyRow): PartyRecord => ({
  id: p.id,
  caseId: p.caseId,
  userId: p.userId,
  role: p.role,
  position: p.position,
  threadId: p.threadId,
});
const copyStatement = (s: StatementRow): StatementRecord => ({
  id: s.id,
  partyId: s.partyId,
  recordedById: s.recordedById,
  text: s.text,
  source: s.source,
  sourceUrl: s.sourceUrl,
  createdAt: new Date(s.createdAt),
});
const copyNote = (n: NoteRow): NoteRecord => ({ id: n.id, authorId: n.authorId, text: n.text, createdAt: new Date(n.createdAt) });
const copyEscalation = (e: EscalationRow): EscalationRecord => ({
  id: e.id,
  caseId: e.caseId,
  escalatedById: e.escalatedById,
  reason: e.reason,
  urgency: e.urgency,
  channelId: e.channelId,
  messageId: e.messageId,
  acknowledgedById: e.acknowledgedById,
  acknowledgedAt: e.acknowledgedAt ? new Date(e.acknowledgedAt) : null,
  createdAt: new Date(e.createdAt),
});
const copyDelivery = (d: DeliveryRow): DeliveryRecord => ({
  id: d.id,
  caseId: d.caseId,
  userId: d.userId,
  topics: [...d.topics],
  channel: d.channel,
  delivered: d.delivered,
  failureReason: d.failureReason,
  createdAt: new Date(d.createdAt),
});

/** Row counts, for "nothing changed" assertions. */
export type RepositoryCounts = {
  readonly cases: number;
  readonly parties: number;
  readonly statements: number;
  readonly notes: number;
  readonly escalations: number;
  readonly deliveries: number;
  readonly events: number;
};

export class InMemoryCaseRepository implements CaseRepository {
  readonly log: InMemoryEventLog;
  private readonly ids: UuidSequence;
  private readonly counters = new Map<string, number>();
  private readonly caseRows: CaseRow[] = [];
  private readonly partyRows: PartyRow[] = [];
  private readonly statementRows: StatementRow[] = [];
  private readonly noteRows: NoteRow[] = [];
  private readonly escalationRows: EscalationRow[] = [];
  private readonly deliveryRows: DeliveryRow[] = [];
  private readonly checkInRows: CheckInRow[] = [];
  /** Each party's pending check-in (Party.checkInActionId). */
  private readonly checkInSlots = new Map<string, string>();

  /** Called with the owed actions of every write (the harness's action store takes them, as the same transaction would). */
  onOwed: (guildId: string, actions: readonly NewOwedAction[]) => void = () => {};

  constructor(
    private readonly clock: Clock,
    options: { log?: InMemoryEventLog; ids?: UuidSequence } = {},
  ) {
    this.log = options.log ?? new InMemoryEventLog(clock);
    this.ids = options.ids ?? new UuidSequence();
  }

  /** For a fake transaction: puts every table back as it is now (the events are the log's). */
  rollbackPoint(): () => void {
    return rollbackPoint([this.counters, this.caseRows, this.partyRows, this.statementRows, this.noteRows, this.escalationRows, this.deliveryRows, this.checkInRows, this.checkInSlots]);
  }

  /** The status check the Prisma repository runs under the case's row lock. */
  private guard(guildId: string, caseId: string, action: CaseAction): { row: CaseRow; next: CaseStatus } {
    const row = this.caseRow(guildId, caseId);
    const decision = nextStatus(row.status, action);
    if (!decision.ok) throw new CaseStateConflict(decision.reason);
    return { row, next: decision.value.next };
  }

  private owe(guildId: string, actions: readonly NewOwedAction[]): void {
    this.onOwed(guildId, actions);
  }

  /** Applies an owed action's effect (what PrismaActionStore.finish writes). */
  applyPartyThread(guildId: string, partyId: string, threadId: string): void {
    const party = this.partyRows.find((p) => p.id === partyId && p.guildId === guildId);
    if (party) party.threadId = threadId;
  }

  applyDelivery(guildId: string, delivery: Omit<DeliveryRecord, 'createdAt'> & { requestedById: string }): void {
    this.deliveryRows.push({ ...delivery, guildId, topics: [...delivery.topics], createdAt: this.clock.now() });
  }

  /** An owed check-in becomes its party's pending one (what owe() writes on the Party row). */
  applyCheckInSlot(guildId: string, partyId: string, actionId: string): void {
    if (this.partyRows.some((p) => p.id === partyId && p.guildId === guildId)) this.checkInSlots.set(partyId, actionId);
  }

  applyCheckInDelivery(guildId: string, effect: { checkInId: string; status: 'sent' | 'not_delivered'; channel: 'dm' | 'interview_thread' | null; failureReason: string | null }): void {
    const row = this.checkInRows.find((c) => c.id === effect.checkInId && c.guildId === guildId);
    if (row) Object.assign(row, { status: effect.status, channel: effect.channel, failureReason: effect.failureReason });
  }

  get checkIns(): readonly CheckInRecord[] {
    return this.checkInRows.map(copyCheckIn);
  }

  applyEscalationMessage(guildId: string, escalationId: string, channelId: string, messageId: string): void {
    const row = this.escalationRows.find((e) => e.id === escalationId && e.guildId === guildId);
    if (row) {
      row.channelId = channelId;
      row.messageId = messageId;
    }
  }

  // ---------- for assertions ----------

  /** Every event of every guild (settings events included when the log is shared), oldest first. */
  get events(): readonly StoredEvent[] {
    return this.log.all();
  }

  eventsOfType(type: string): readonly StoredEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  get statements(): readonly (StatementRecord & { readonly caseId: string; readonly sourceMessageId: string | null })[] {
    return this.statementRows.map((s) => ({ ...copyStatement(s), caseId: s.caseId, sourceMessageId: s.sourceMessageId }));
  }

  get notes(): readonly (NoteRecord & { readonly caseId: string })[] {
    return this.noteRows.map((n) => ({ ...copyNote(n), caseId: n.caseId }));
  }

  get escalations(): readonly EscalationRecord[] {
    return this.escalationRows.map(copyEscalation);
  }

  get deliveries(): readonly (DeliveryRecord & { readonly requestedById: string })[] {
    return this.deliveryRows.map((d) => ({ ...copyDelivery(d), requestedById: d.requestedById }));
  }

  get allCases(): readonly CaseRecord[] {
    return this.caseRows.map(copyCase);
  }

  // ---------- for the in-memory case record (test/support/fakes/in-memory-case-records.ts) ----------

  /** Every party of every case of the guild. */
  partiesIn(guildId: string): readonly PartyRecord[] {
    return this.partyRows.filter((p) => p.guildId === guildId).map((p) => ({ ...p }));
  }

  setLegalHold(guildId: string, caseId: string, hold: boolean): void {
    const row = this.caseRows.find((c) => c.guildId === guildId && c.id === caseId);
    if (!row) throw new Error('no such case in this guild');
    row.legalHold = hold;
  }

  /** Deletes cases with everything about them (the retention sweep's cascade). */
  removeCases(guildId: string, caseIds: ReadonlySet<string>): void {
    const gone = <T extends { guildId: string; caseId: string | null }>(rows: T[]) => {
      for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.guildId === guildId && rows[i]!.caseId !== null && caseIds.has(rows[i]!.caseId!)) rows.splice(i, 1);
    };
    for (let i = this.caseRows.length - 1; i >= 0; i--) if (this.caseRows[i]!.guildId === guildId && caseIds.has(this.caseRows[i]!.id)) this.caseRows.splice(i, 1);
    gone(this.partyRows);
    gone(this.statementRows);
    gone(this.noteRows);
    gone(this.escalationRows);
    gone(this.deliveryRows);
    gone(this.checkInRows);
    this.log.removeCases(guildId, caseIds);
  }

  counts(): RepositoryCounts {
    return {
      cases: this.caseRows.length,
      parties: this.partyRows.length,
      statements: this.statementRows.length,
      notes: this.noteRows.length,
      escalations: this.escalationRows.length,
      deliveries: this.deliveryRows.length,
      events: this.log.all().length,
    };
  }

  // ---------- CaseRepository ----------

  forGuild(guildId: string): GuildCases {
    assertGuildId(guildId);
    return {
      open: (input: NewCase, owed: (opened: CaseWithParties) => readonly NewOwedAction[] = () => []): Promise<CaseWithParties> => {
        return attempt(() => this.openNow(guildId, input, owed));
      },
      find: (number: number): Promise<CaseWithParties | null> => {
        const row = this.caseRows.find((c) => c.guildId === guildId && c.number === number);
        return Promise.resolve(row ? this.withParties(row) : null);
      },
      findById: (caseId: string): Promise<CaseWithParties | null> => {
        const row = this.caseRows.find((c) => c.guildId === guildId && c.id === caseId);
        return Promise.resolve(row ? this.withParties(row) : null);
      },
      findByThread: (threadId: string): Promise<CaseWithParties | null> => {
        const party = this.partyRows.find((p) => p.guildId === guildId && p.threadId === threadId);
        const row = party ? this.caseRows.find((c) => c.guildId === guildId && c.id === party.caseId) : undefined;
        return Promise.resolve(row ? this.withParties(row) : null);
      },
      sideStatements: (caseId: string): Promise<{ partyId: string; text: string }[]> => {
        return Promise.resolve(this.statementRows.filter((s) => s.guildId === guildId && s.caseId === caseId).map((s) => ({ partyId: s.partyId, text: s.text })));
      },
      detail: (number: number, recentEvents: number): Promise<CaseDetail | null> => {
        const row = this.caseRows.find((c) => c.guildId === guildId && c.number === number);
        if (!row) return Promise.resolve(null);
        const byCreated = <T extends { createdAt: Date }>(a: T, b: T): number => a.createdAt.getTime() - b.createdAt.getTime();
        const events = this.log
          .all()
          .filter((e) => e.caseId === row.id)
          .sort((a, b) => Number(b.id) - Number(a.id))
          .slice(0, Math.max(0, recentEvents))
          .map(toEventRecord);
        return Promise.resolve({
          ...this.withParties(row),
          statements: this.statementRows.filter((s) => s.caseId === row.id).sort(byCreated).map(copyStatement),
          escalations: this.escalationRows.filter((e) => e.caseId === row.id).sort(byCreated).map(copyEscalation),
          notes: this.noteRows.filter((n) => n.caseId === row.id).sort(byCreated).map(copyNote),
          deliveries: this.deliveryRows.filter((d) => d.caseId === row.id).sort(byCreated).map(copyDelivery),
          checkIns: this.checkInRows.filter((c) => c.caseId === row.id).sort(byCreated).map(copyCheckIn),
          recentEvents: events,
        });
      },
      list: (query: CaseListQuery): Promise<{ items: CaseRecord[]; total: number }> => {
        const matching = this.caseRows
          .filter((c) => c.guildId === guildId && (query.status === undefined || c.status === query.status))
          .sort((a, b) => b.number - a.number);
        const start = query.page * query.pageSize;
        return Promise.resolve({ items: matching.slice(start, start + query.pageSize).map(copyCase), total: matching.length });
      },
      statsSince: (since: Date): Promise<StatsInput> => {
        const cases = this.caseRows.filter((c) => c.guildId === guildId && (c.createdAt >= since || (c.closedAt !== null && c.closedAt >= since)));
        const firstOf = (partyId: string): Date | null =>
          this.statementRows.filter((s) => s.guildId === guildId && s.partyId === partyId).reduce<Date | null>((first, s) => (first === null || s.createdAt < first ? s.createdAt : first), null);
        return Promise.resolve({
          cases: cases.map((c) => ({
            id: c.id,
            category: c.category,
            createdAt: new Date(c.createdAt),
            closedAt: c.closedAt === null ? null : new Date(c.closedAt),
            outcome: c.outcome,
            firstHeard: this.partyRows
              .filter((p) => p.guildId === guildId && p.caseId === c.id && (p.role === 'complainant' || p.role === 'accused'))
              .sort((a, b) => a.position - b.position)
              .map((p) => firstOf(p.id)),
          })),
          escalations: this.escalationRows
            .filter((e) => e.guildId === guildId && e.createdAt >= since)
            .map((e) => ({ createdAt: new Date(e.createdAt), acknowledgedAt: e.acknowledgedAt === null ? null : new Date(e.acknowledgedAt) })),
          checkIns: this.checkInRows
            .filter((c) => c.guildId === guildId && c.createdAt >= since)
            .map((c) => ({ createdAt: new Date(c.createdAt), delivered: c.status !== 'not_delivered', answer: c.answer })),
        });
      },
      idleCases: (idleSince: Date, limit: number): Promise<IdleCase[]> => {
        const events = this.log.all().filter((e) => e.guildId === guildId);
        const lastOf = (c: CaseRow): Date =>
          events.filter((e) => e.caseId === c.id).reduce((last, e) => (e.createdAt > last ? e.createdAt : last), c.createdAt);
        return Promise.resolve(
          this.caseRows
            .filter((c) => c.guildId === guildId && c.status !== 'closed')
            .map((c) => ({ case: copyCase(c), lastActivity: lastOf(c) }))
            .filter((idle) => idle.lastActivity <= idleSince)
            .sort((a, b) => a.lastActivity.getTime() - b.lastActivity.getTime() || a.case.number - b.case.number)
            .slice(0, limit),
        );
      },
      board: (query: BoardQuery): Promise<CaseRecord[]> => {
        const events = this.log.all();
        const matches = (c: CaseRow): boolean =>
          (query.status === undefined || c.status === query.status) &&
          (query.category === undefined || c.category === query.category) &&
          (query.flag === undefined || (query.flag === 'real_life' ? c.realLife : c.offPlatform)) &&
          (!query.unacknowledged || this.escalationRows.some((e) => e.caseId === c.id && e.acknowledgedAt === null)) &&
          (query.idleSince === undefined ||
            (c.status !== 'closed' && c.createdAt <= query.idleSince && !events.some((e) => e.caseId === c.id && e.createdAt > query.idleSince!))) &&
          (query.partyUserId === undefined || this.partyRows.some((p) => p.caseId === c.id && p.userId === query.partyUserId)) &&
          (query.before === null || c.number < query.before);
        return Promise.resolve(
          this.caseRows
            .filter((c) => c.guildId === guildId && matches(c))
            .sort((a, b) => b.number - a.number)
            .slice(0, query.take)
            .map(copyCase),
        );
      },
      statusCounts: (): Promise<Record<CaseStatus, number>> => {
        const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
        for (const c of this.caseRows) if (c.guildId === guildId) counts[c.status] += 1;
        return Promise.resolve(counts);
      },
      openCasesOfUser: (userId: string): Promise<CaseRecord[]> => {
        const caseIds = new Set(this.partyRows.filter((p) => p.guildId === guildId && p.userId === userId).map((p) => p.caseId));
        return Promise.resolve(
          this.caseRows
            .filter((c) => c.guildId === guildId && c.status !== 'closed' && caseIds.has(c.id))
            .sort((a, b) => b.number - a.number)
            .map(copyCase),
        );
      },
      casesWithParty: (userId: string, caseIds: readonly string[]): Promise<ReadonlySet<string>> => {
        const wanted = new Set(caseIds);
        return Promise.resolve(
          new Set(this.partyRows.filter((p) => p.guildId === guildId && p.userId === userId && wanted.has(p.caseId)).map((p) => p.caseId)),
        );
      },
      addSide: (
        caseId: string,
        side: NewSide,
        then: SideFollowUp,
      ): Promise<{ party: PartyRecord; statement: StatementRecord | null }> => {
        return attempt(() => {
          const { row: theCase, next } = this.guard(guildId, caseId, side.statement === null ? 'add_party' : 'record_side');
          const parties = this.partyRows.filter((p) => p.guildId === guildId && p.caseId === caseId);
          let party: PartyRow;
          if ('id' in side.party) {
            const id = side.party.id;
            const found = parties.find((p) => p.id === id);
            if (!found) throw new Error(`no party ${id} in case ${caseId}`);
            party = found;
          } else {
            const userId = side.party.userId;
            if (parties.some((p) => p.userId === userId)) throw new Error('unique constraint failed on Party(caseId, userId)');
            party = {
              id: this.ids.uuid(),
              guildId,
              caseId,
              userId,
              role: side.party.role,
              position: Math.max(0, ...parties.map((p) => p.position)) + 1,
              threadId: null,
              createdAt: this.clock.now(),
            };
          }
          const { events, owed } = then(copyParty(party), !('id' in side.party));
          if (!('id' in side.party)) this.partyRows.push(party);
          const statement = side.statement === null ? null : this.insertStatement(theCase, { ...side.statement, partyId: party.id }, next);
          for (const event of events) this.log.append(guildId, caseId, event);
          this.owe(guildId, owed);
          return { party: copyParty(party), statement };
        });
      },
      addStatement: (caseId: string, statement: NewStatement & { partyId: string }, event: EventInput): Promise<StatementRecord> => {
        return attempt(() => {
          const { row: theCase, next } = this.guard(guildId, caseId, 'record_side');
          if (!this.partyRows.some((p) => p.id === statement.partyId && p.caseId === caseId)) {
            throw new Error(`no party ${statement.partyId} in case ${caseId}`);
          }
          const created = this.insertStatement(theCase, statement, next);
          this.log.append(guildId, caseId, event);
          return created;
        });
      },
      addNote: (caseId: string, note: { authorId: string; text: string }, event: EventInput): Promise<NoteRecord> => {
        return attempt(() => {
          this.guard(guildId, caseId, 'add_note');
          const row: NoteRow = { id: this.ids.uuid(), guildId, caseId, authorId: note.authorId, text: note.text, createdAt: this.clock.now() };
          this.noteRows.push(row);
          this.log.append(guildId, caseId, event);
          return copyNote(row);
        });
      },
      addEscalation: (
        caseId: string,
        escalation: NewEscalation,
        event: EventInput,
        owed: (escalation: EscalationRecord) => readonly NewOwedAction[] = () => [],
      ): Promise<EscalationRecord> => {
        return attempt(() => this.escalateNow(guildId, caseId, escalation, event, owed));
      },
      pendingCheckInOf: (partyId: string): Promise<string | null> => {
        const party = this.partyRows.find((p) => p.id === partyId && p.guildId === guildId);
        return Promise.resolve(party ? (this.checkInSlots.get(partyId) ?? null) : null);
      },
      startCheckIn: (checkIn: NewCheckIn): Promise<void> => {
        return attempt(() => {
          if (!this.partyRows.some((p) => p.id === checkIn.partyId && p.caseId === checkIn.caseId && p.guildId === guildId && p.userId === checkIn.userId)) {
            throw new Error(`no party ${checkIn.partyId} of ${checkIn.userId} in case ${checkIn.caseId}`);
          }
          if (this.checkInRows.some((c) => c.id === checkIn.id)) return;
          this.checkInRows.push({ ...checkIn, guildId, status: 'sending', channel: null, failureReason: null, answer: null, answeredAt: null, createdAt: this.clock.now() });
        });
      },
      findCheckIn: (checkInId: string): Promise<CheckInRecord | null> => {
        const row = this.checkInRows.find((c) => c.id === checkInId && c.guildId === guildId);
        return Promise.resolve(row ? copyCheckIn(row) : null);
      },
      checkInsOf: (caseId: string): Promise<CheckInRecord[]> => {
        return Promise.resolve(this.checkInRows.filter((c) => c.guildId === guildId && c.caseId === caseId).map(copyCheckIn));
      },
      answerCheckIn: (
        checkInId: string,
        answer: { userId: string; answer: CheckInAnswer; at: Date },
        then: (checkIn: CheckInRecord, theCase: CaseWithParties) => AnswerFollowUp,
      ): Promise<{ checkIn: CheckInRecord; escalation: EscalationRecord | null } | null> => {
        return attempt(() => {
          const row = this.checkInRows.find((c) => c.id === checkInId && c.guildId === guildId);
          if (!row) return null;
          const { row: theCase } = this.guard(guildId, row.caseId, 'send_safechat');
          if (row.userId !== answer.userId || row.answer !== null) return null;
          const undo = this.rollbackPoint();
          const undoLog = this.log.rollbackPoint();
          try {
            Object.assign(row, { answer: answer.answer, answeredAt: new Date(answer.at) });
            const follow = then(copyCheckIn(row), this.withParties(theCase));
            for (const event of follow.events) this.log.append(guildId, theCase.id, event);
            if (follow.raiseRealLife && !theCase.realLife) {
              theCase.realLife = true;
              this.log.append(guildId, theCase.id, { type: 'real_life_flag_raised', actorId: answer.userId, data: { checkInId } });
            }
            this.owe(guildId, follow.owed);
            const escalation = follow.escalation === null ? null : this.escalateNow(guildId, theCase.id, follow.escalation.input, follow.escalation.event, follow.escalation.owe);
            return { checkIn: copyCheckIn(row), escalation };
          } catch (error) {
            undo();
            undoLog();
            throw error;
          }
        });
      },
      findEscalation: (escalationId: string): Promise<EscalationRecord | null> => {
        const row = this.escalationRows.find((e) => e.id === escalationId && e.guildId === guildId);
        return Promise.resolve(row ? copyEscalation(row) : null);
      },
      acknowledgeEscalation: (
        escalationId: string,
        adminId: string,
        at: Date,
        also: { data?: Record<string, unknown>; owe?: (acknowledged: EscalationRecord) => readonly NewOwedAction[] } = {},
      ): Promise<EscalationRecord | null> => {
        const row = this.escalationRows.find((e) => e.id === escalationId && e.guildId === guildId && e.acknowledgedById === null);
        if (!row) return Promise.resolve(null);
        row.acknowledgedById = adminId;
        row.acknowledgedAt = new Date(at);
        this.log.append(guildId, row.caseId, { type: 'escalation_acknowledged', actorId: adminId, data: { escalationId, ...also.data } });
        this.owe(guildId, also.owe?.(copyEscalation(row)) ?? []);
        return Promise.resolve(copyEscalation(row));
      },
      close: (
        caseId: string,
        close: CaseClosing,
        event: EventInput,
        owed: (closed: CaseWithParties) => readonly NewOwedAction[] = () => [],
      ): Promise<CaseWithParties> => {
        return attempt(() => {
          const { row, next } = this.guard(guildId, caseId, 'close');
          const change = { status: next, outcome: close.outcome, closeReason: close.reason, closedById: close.closedById, closedAt: new Date(close.at) };
          // The owed work is asked for first: when it throws, the case stays as it was (the transaction rolls back).
          const closed: CaseWithParties = { ...this.withParties(row), ...change, closedAt: new Date(close.at) };
          const actions = owed(closed);
          Object.assign(row, change);
          this.log.append(guildId, caseId, event);
          this.owe(guildId, actions);
          return closed;
        });
      },
      recordDelivery: (
        delivery: NewDelivery,
        event: EventInput,
      ): Promise<DeliveryRecord> => {
        return attempt(() => {
          if (delivery.caseId !== null && !this.caseRows.some((c) => c.id === delivery.caseId && c.guildId === guildId)) {
            throw new Error(`no case ${delivery.caseId}`);
          }
          const row: DeliveryRow = {
            id: this.ids.uuid(),
            guildId,
            caseId: delivery.caseId,
            userId: delivery.userId,
            requestedById: delivery.requestedById,
            topics: [...delivery.topics],
            channel: delivery.channel,
            delivered: delivery.delivered,
            failureReason: delivery.failureReason,
            createdAt: this.clock.now(),
          };
          this.deliveryRows.push(row);
          this.log.append(guildId, delivery.caseId, { ...event, data: { ...event.data, deliveryId: row.id } });
          return copyDelivery(row);
        });
      },
      recentDeliveries: (userId: string, since: Date): Promise<DeliveryRecord[]> => {
        return Promise.resolve(
          this.deliveryRows
            .filter((d) => d.guildId === guildId && d.userId === userId && d.createdAt.getTime() >= since.getTime())
            .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
            .map(copyDelivery),
        );
      },
      appendEvent: (caseId: string | null, event: EventInput): Promise<void> => {
        return attempt(() => {
          // The event's case must be a case of this guild, as for recordDelivery.
          if (caseId !== null && !this.caseRows.some((c) => c.id === caseId && c.guildId === guildId)) throw new Error(`no case ${caseId}`);
          this.log.append(guildId, caseId, event);
        });
      },
    };
  }

  /** Nothing is stored until the owed work is known: a throw of `owed` leaves no trace (the transaction rolls back). */
  private escalateNow(guildId: string, caseId: string, escalation: NewEscalation, event: EventInput, owed: (escalation: EscalationRecord) => readonly NewOwedAction[]): EscalationRecord {
    const { row: theCase, next } = this.guard(guildId, caseId, 'escalate');
    const row: EscalationRow = {
      id: this.ids.uuid(),
      guildId,
      caseId,
      escalatedById: escalation.escalatedById,
      reason: escalation.reason,
      urgency: escalation.urgency,
      channelId: null,
      messageId: null,
      acknowledgedById: null,
      acknowledgedAt: null,
      createdAt: this.clock.now(),
    };
    const actions = owed(copyEscalation(row));
    this.escalationRows.push(row);
    theCase.status = next;
    this.log.append(guildId, caseId, { ...event, data: { ...event.data, escalationId: row.id } });
    this.owe(guildId, actions);
    return copyEscalation(row);
  }

  private openNow(guildId: string, input: NewCase, owed: (opened: CaseWithParties) => readonly NewOwedAction[]): CaseWithParties {
    const number = (this.counters.get(guildId) ?? 0) + 1;
    const userIds = input.parties.map((p) => p.userId);
    if (new Set(userIds).size !== userIds.length) {
      // Unique (caseId, userId): the transaction fails and the number is not used.
      throw new Error('unique constraint failed on Party(caseId, userId)');
    }
    const now = this.clock.now();
    const row: CaseRow = {
      id: this.ids.uuid(),
      guildId,
      number,
      category: input.category,
      status: 'open',
      legalHold: false,
      realLife: input.realLife,
      offPlatform: input.offPlatform,
      exposureLocation: input.exposureLocation,
      summary: input.summary,
      openedById: input.openedById,
      outcome: null,
      closeReason: null,
      closedById: null,
      createdAt: now,
      closedAt: null,
    };
    const parties: PartyRow[] = input.parties.map((p, i) => ({
      id: this.ids.uuid(),
      guildId,
      caseId: row.id,
      userId: p.userId,
      role: p.role,
      position: i + 1,
      threadId: null,
      createdAt: now,
    }));
    const opened: CaseWithParties = { ...copyCase(row), parties: parties.map(copyParty) };
    const actions = owed(opened);
    this.counters.set(guildId, number);
    this.caseRows.push(row);
    this.partyRows.push(...parties);
    this.log.append(guildId, row.id, {
      type: 'case_opened',
      actorId: input.openedById,
      data: {
        number,
        category: input.category,
        realLife: input.realLife,
        offPlatform: input.offPlatform,
        parties: input.parties.map((p) => ({ userId: p.userId, role: p.role })),
      },
    });
    this.owe(guildId, actions);
    return opened;
  }

  private insertStatement(theCase: CaseRow, statement: NewStatement & { partyId: string }, next: CaseStatus): StatementRecord {
    const row: StatementRow = {
      id: this.ids.uuid(),
      guildId: theCase.guildId,
      caseId: theCase.id,
      partyId: statement.partyId,
      recordedById: statement.recordedById,
      text: statement.text,
      source: statement.source,
      sourceMessageId: statement.sourceMessageId ?? null,
      sourceUrl: statement.sourceUrl ?? null,
      createdAt: this.clock.now(),
    };
    this.statementRows.push(row);
    theCase.status = next;
    return copyStatement(row);
  }

  // ---------- internals ----------

  private withParties(row: CaseRow): CaseWithParties {
    const parties = this.partyRows
      .filter((p) => p.caseId === row.id && p.guildId === row.guildId)
      .sort((a, b) => a.position - b.position)
      .map(copyParty);
    return { ...copyCase(row), parties };
  }

  /** Like `tx.case.update({ where: { id, guildId } })`: throws when the case is not in this guild. */
  private caseRow(guildId: string, caseId: string): CaseRow {
    const row = this.caseRows.find((c) => c.id === caseId && c.guildId === guildId);
    if (!row) throw new Error(`no case ${caseId} in guild ${guildId}`);
    return row;
  }
}

export class InMemorySettingsRepository implements SettingsRepository {
  private readonly rows = new Map<string, GuildSettings>();
  readonly log: InMemoryEventLog;

  constructor(clock: Clock, options: { log?: InMemoryEventLog } = {}) {
    this.log = options.log ?? new InMemoryEventLog(clock);
  }

  /** The settings_updated events (and any other event in a shared log). */
  get events(): readonly StoredEvent[] {
    return this.log.all();
  }

  get guildIds(): readonly string[] {
    return [...this.rows.keys()];
  }

  get size(): number {
    return this.rows.size;
  }

  withStaleDigest(): Promise<readonly GuildSettings[]> {
    const rows = [...this.rows.values()].filter((r) => r.staleDays > 0 && r.caseLogChannelId !== null).sort((a, b) => a.guildId.localeCompare(b.guildId));
    return Promise.resolve(rows.map((r) => ({ ...r })));
  }

  forGuild(guildId: string): GuildSettingsStore {
    assertGuildId(guildId);
    return {
      get: (): Promise<GuildSettings | null> => {
        const row = this.rows.get(guildId);
        return Promise.resolve(row ? { ...row } : null);
      },
      save: (input: SettingsValues, actorId: string): Promise<GuildSettings> => {
        const row: GuildSettings = { guildId, ...settingsValues(input) };
        this.rows.set(guildId, row);
        const { guildId: _g, ...data } = row;
        this.log.append(guildId, null, { type: 'settings_updated', actorId, data: { ...data } });
        return Promise.resolve({ ...row });
      },
    };
  }
}
