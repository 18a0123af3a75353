/**
 * The subjects of the repository contract suites (test/integration/*.contract.test.ts):
 * the in-memory fakes the service tests use, and the Prisma repositories on
 * the real and the embedded PostgreSQL. Each subject gives the ports, readers
 * of what no port reads back (the raw audit log, the retention log), and the
 * few writes a test needs that another part of the bot makes (a party's
 * thread, which the owed `thread.open` action records).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ActionStore } from '../../src/actions/types.js';
import { PrismaCaseRecordRepository } from '../../src/persistence/case-record-repository.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { PrismaActionStore } from '../../src/persistence/owed-actions.js';
import { PrismaSettingsRepository } from '../../src/persistence/settings-repository.js';
import type { CaseRecordRepository, CaseRepository, SettingsRepository } from '../../src/ports.js';
import { InMemoryActionStore } from './fakes/in-memory-action-store.js';
import { InMemoryCaseRecords } from './fakes/in-memory-case-records.js';
import { InMemoryCaseRepository, InMemoryEventLog, InMemorySettingsRepository, UuidSequence } from './fakes/in-memory-case-repository.js';
import { FakeClock } from './fakes/service-harness.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind } from './test-databases.js';

/** A row of the audit log (the CaseEvent table) as stored, without its id and time. */
export type AuditRow = {
  readonly guildId: string;
  readonly caseId: string | null;
  readonly actorId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
};

/** A row of the retention log. */
export type RetentionRow = { readonly caseNumber: number; readonly closedAt: Date; readonly retentionDays: number; readonly deletedAt: Date };

export type RepositorySubject = {
  readonly cases: CaseRepository;
  readonly settings: SettingsRepository;
  readonly records: CaseRecordRepository;
  readonly actions: ActionStore;
  /** The raw audit log, oldest first: every row of the guild, or of the case (`caseId: null`: the guild's rows of no case). */
  auditLog(where: { readonly guildId?: string; readonly caseId?: string | null }): Promise<readonly AuditRow[]>;
  retentionLog(guildId: string): Promise<readonly RetentionRow[]>;
  /** What finishing a `thread.open` action records on the party. */
  setPartyThread(guildId: string, partyId: string, threadId: string): Promise<void>;
  /** What finishing a `checkin.send` that reached nobody records on its check-in. */
  markCheckInUndelivered(guildId: string, checkInId: string): Promise<void>;
  /** Now, on the clock that dates the rows (the database's, or the fake's). */
  now(): Date;
  /** Lets time pass on that clock. */
  passTime(ms: number): Promise<void>;
  close(): Promise<void>;
};

export type SubjectKind = 'fake' | DatabaseKind;

export type SubjectMaker = { readonly name: string; readonly kind: SubjectKind; readonly run: boolean; make(): Promise<RepositorySubject> };

const matches = (row: { guildId: string; caseId: string | null }, where: { guildId?: string; caseId?: string | null }): boolean =>
  (where.guildId === undefined || row.guildId === where.guildId) && (where.caseId === undefined || row.caseId === where.caseId);

function makeFakes(): RepositorySubject {
  const clock = new FakeClock();
  const log = new InMemoryEventLog(clock);
  const ids = new UuidSequence();
  const cases = new InMemoryCaseRepository(clock, { log, ids });
  const settings = new InMemorySettingsRepository(clock, { log });
  const records = new InMemoryCaseRecords(clock, cases, settings, ids);
  const actions = new InMemoryActionStore(clock, cases, log);
  cases.onOwed = (guildId, owed) => actions.addNow(guildId, owed);
  return {
    cases,
    settings,
    records,
    actions,
    auditLog: (where) =>
      Promise.resolve(
        log
          .all()
          .filter((e) => matches(e, where))
          .map(({ guildId, caseId, actorId, type, data }) => ({ guildId, caseId, actorId, type, data })),
      ),
    retentionLog: (guildId) =>
      Promise.resolve(records.retentionLog.filter((r) => r.guildId === guildId).map(({ guildId: _g, ...row }) => row)),
    setPartyThread: (guildId, partyId, threadId) => Promise.resolve(cases.applyPartyThread(guildId, partyId, threadId)),
    markCheckInUndelivered: (guildId, checkInId) =>
      Promise.resolve(cases.applyCheckInDelivery(guildId, { checkInId, status: 'not_delivered', channel: null, failureReason: 'dm: cannot-dm; no interview thread' })),
    now: () => clock.now(),
    passTime: (ms) => Promise.resolve(clock.advance(ms)),
    close: () => Promise.resolve(),
  };
}

async function makePrisma(kind: DatabaseKind): Promise<RepositorySubject> {
  const db = await createTestDatabase(kind);
  const { prisma } = db;
  return {
    cases: new PrismaCaseRepository(prisma),
    settings: new PrismaSettingsRepository(prisma),
    records: new PrismaCaseRecordRepository(prisma),
    actions: new PrismaActionStore(prisma),
    async auditLog(where) {
      const rows = await prisma.caseEvent.findMany({
        where: { ...(where.guildId === undefined ? {} : { guildId: where.guildId }), ...(where.caseId === undefined ? {} : { caseId: where.caseId }) },
        orderBy: { id: 'asc' },
        select: { guildId: true, caseId: true, actorId: true, type: true, data: true },
      });
      return rows as AuditRow[];
    },
    retentionLog: (guildId) =>
      prisma.retentionLog.findMany({ where: { guildId }, orderBy: { id: 'asc' }, select: { caseNumber: true, closedAt: true, retentionDays: true, deletedAt: true } }),
    async setPartyThread(guildId, partyId, threadId) {
      await prisma.party.updateMany({ where: { id: partyId, guildId }, data: { threadId } });
    },
    async markCheckInUndelivered(guildId, checkInId) {
      await prisma.checkIn.updateMany({ where: { id: checkInId, guildId }, data: { status: 'not_delivered', failureReason: 'dm: cannot-dm; no interview thread' } });
    },
    now: () => new Date(),
    passTime: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    close: () => db.drop(),
  };
}

export const repositorySubjects: readonly SubjectMaker[] = [
  { name: 'the in-memory fakes', kind: 'fake', run: true, make: () => Promise.resolve(makeFakes()) },
  ...(['postgresql', 'embedded'] as const).map((kind) => ({
    name: `Prisma on the ${kind} database`,
    kind,
    get run() {
      return kind === 'embedded' || hasRealPostgres();
    },
    make: () => makePrisma(kind),
  })),
];

/**
 * One describe block per subject, named `${title}: ${subject name}`, with the
 * subject made before its tests and closed after them. `body` gets the
 * subject through a function (it exists only once the block runs).
 */
export function describeContract(title: string, body: (subject: () => RepositorySubject, maker: SubjectMaker) => void): void {
  for (const maker of repositorySubjects) {
    describe.runIf(maker.run)(`${title}: ${maker.name}`, () => {
      let made: RepositorySubject | undefined;
      beforeAll(async () => {
        made = await maker.make();
      });
      afterAll(async () => {
        await made?.close();
      });
      body(() => {
        if (made === undefined) throw new Error(`${maker.name} was not made`);
        return made;
      }, maker);
    });
  }
}

/**
 * A guild id (a snowflake, as forGuild requires) named for a test: the same
 * name always gives the same id, different names different ids.
 */
export function testGuild(name: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(name)) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return `9${(hash % 10n ** 17n).toString().padStart(17, '0')}`;
}

/** Guild ids unique within a test file (the subject's database is shared by the file's tests). */
export function guildIds(prefix: string): () => string {
  let n = 0;
  return () => testGuild(`${prefix}-${++n}`);
}

/** Matchers for what each implementation makes its own way (ids, the time of a row), typed for the records they stand in. */
export const anyId = expect.any(String) as unknown as string;
export const anyDate = expect.any(Date) as unknown as Date;
