/**
 * In-memory ActionStore for the service tests, following PrismaActionStore:
 * claims take due, unleased pending actions (oldest first) and count a try;
 * a lease names its holder, and finish/reschedule/saveProgress by anyone
 * else change nothing; finish applies the effects and appends the events to
 * the shared event log. Times come from the harness's clock.
 */
import type { ActionStore, NewOwedAction, OwedActionRecord, TryResult } from '../../../src/actions/types.js';
import type { Clock, EventInput } from '../../../src/ports.js';
import { rollbackPoint } from './rollback-point.js';
import type { InMemoryCaseRepository, InMemoryEventLog } from './in-memory-case-repository.js';

export type StoredAction = Omit<OwedActionRecord, 'attempts' | 'progress'> & {
  attempts: number;
  progress: Record<string, unknown>;
  status: 'pending' | 'done' | 'failed';
  runAt: number;
  leaseUntil: number | null;
  leasedBy: string | null;
  result: Record<string, unknown> | null;
  lastError: string | null;
  createdAt: number;
};

type Finish = Exclude<TryResult, { status: 'retry' }> | { status: 'failed'; reason: 'gave-up'; detail: string; events?: readonly EventInput[] };

export class InMemoryActionStore implements ActionStore {
  private readonly rows: StoredAction[] = [];
  /** Where a report's queue post is recorded (the 'report-queue-message' effect). */
  reports?: { applyQueueMessage(guildId: string, reportId: string, channelId: string, messageId: string): void };

  constructor(
    private readonly clock: Clock,
    private readonly cases: InMemoryCaseRepository,
    private readonly log: InMemoryEventLog,
  ) {}

  /** Work recorded on its own: an id already there is skipped, as the Prisma store does (a day's digest recorded twice). */
  add(guildId: string, actions: readonly NewOwedAction[]): Promise<void> {
    this.addNow(guildId, actions.filter((a) => !this.rows.some((r) => r.id === a.id)));
    return Promise.resolve();
  }

  /** For a fake transaction: puts the table back as it is now. */
  rollbackPoint(): () => void {
    return rollbackPoint([this.rows]);
  }

  /** What a repository's transaction wrote. */
  addNow(guildId: string, actions: readonly NewOwedAction[]): void {
    const now = this.clock.now().getTime();
    for (const a of actions) {
      this.rows.push({ ...a, guildId, attempts: 0, progress: {}, status: 'pending', runAt: now + (a.delayMs ?? 0), leaseUntil: null, leasedBy: null, result: null, lastError: null, createdAt: now });
      if (a.kind === 'checkin.send') this.cases.applyCheckInSlot(guildId, a.payload.partyId, a.id);
    }
  }

  // ---------- for assertions ----------

  get all(): readonly StoredAction[] {
    return this.rows.map((r) => ({ ...r, progress: structuredClone(r.progress) }));
  }

  pending(): readonly StoredAction[] {
    return this.all.filter((r) => r.status === 'pending');
  }

  // ---------- ActionStore ----------

  claim(holder: string, leaseMs: number, limit: number, ids?: readonly string[], freshMs = 0): Promise<readonly OwedActionRecord[]> {
    const now = this.clock.now().getTime();
    const due = this.rows
      .filter((r) => r.status === 'pending' && r.runAt <= now && (r.leaseUntil === null || r.leaseUntil < now) && (ids === undefined || ids.includes(r.id)) && r.createdAt <= now - freshMs)
      .sort((a, b) => a.runAt - b.runAt || a.createdAt - b.createdAt)
      .slice(0, limit);
    for (const r of due) {
      r.leaseUntil = now + leaseMs;
      r.leasedBy = holder;
      r.attempts += 1;
    }
    return Promise.resolve(due.map((r) => this.record(r)));
  }

  renew(holder: string, leaseMs: number, ids: readonly string[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (const r of this.rows) if (ids.includes(r.id) && r.leasedBy === holder && r.status === 'pending') r.leaseUntil = now + leaseMs;
    return Promise.resolve();
  }

  saveProgress(holder: string, action: OwedActionRecord, progress: Readonly<Record<string, unknown>>): Promise<void> {
    const row = this.held(holder, action);
    if (row) row.progress = structuredClone({ ...progress });
    return Promise.resolve();
  }

  finish(holder: string, action: OwedActionRecord, result: Finish): Promise<boolean> {
    const row = this.held(holder, action);
    if (!row) return Promise.resolve(false);
    row.status = result.status;
    row.leaseUntil = null;
    row.progress = structuredClone({ ...action.progress });
    row.result = result.status === 'done' ? structuredClone(result.result) : { reason: result.reason, detail: result.detail };
    if (result.status === 'done') {
      for (const effect of result.effects ?? []) {
        if (effect.type === 'party-thread') this.cases.applyPartyThread(row.guildId, effect.partyId, effect.threadId);
        else if (effect.type === 'escalation-message') this.cases.applyEscalationMessage(row.guildId, effect.escalationId, effect.channelId, effect.messageId);
        else if (effect.type === 'report-queue-message') this.reports?.applyQueueMessage(row.guildId, effect.reportId, effect.channelId, effect.messageId);
        else if (effect.type === 'checkin-delivery') this.cases.applyCheckInDelivery(row.guildId, effect);
        else this.cases.applyDelivery(row.guildId, effect.delivery);
      }
    }
    const caseId = result.status === 'done' && result.eventsCaseId !== undefined ? result.eventsCaseId : row.caseId;
    for (const event of result.events ?? []) this.log.append(row.guildId, caseId, event);
    return Promise.resolve(true);
  }

  reschedule(holder: string, action: OwedActionRecord, delayMs: number, error: string): Promise<void> {
    const row = this.held(holder, action);
    if (row) {
      row.runAt = this.clock.now().getTime() + delayMs;
      row.leaseUntil = null;
      row.leasedBy = null;
      row.lastError = error;
      row.progress = structuredClone({ ...action.progress });
    }
    return Promise.resolve();
  }

  private held(holder: string, action: OwedActionRecord): StoredAction | undefined {
    return this.rows.find((r) => r.id === action.id && r.guildId === action.guildId && r.leasedBy === holder && r.status === 'pending');
  }

  private record(r: StoredAction): OwedActionRecord {
    return { id: r.id, kind: r.kind, payload: structuredClone(r.payload), caseId: r.caseId, actorId: r.actorId, guildId: r.guildId, attempts: r.attempts, progress: structuredClone(r.progress) } as OwedActionRecord;
  }
}
