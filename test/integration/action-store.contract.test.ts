import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionStore, NewOwedAction } from '../../src/actions/types.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { PrismaActionStore } from '../../src/persistence/owed-actions.js';
import type { CaseRepository, EventRecord, NewCase } from '../../src/ports.js';
import { InMemoryActionStore } from '../support/fakes/in-memory-action-store.js';
import { InMemoryCaseRepository, InMemoryEventLog } from '../support/fakes/in-memory-case-repository.js';
import { FakeClock } from '../support/fakes/service-harness.js';
import { createTestDatabase, hasRealPostgres, type TestDatabase } from '../support/test-databases.js';

/**
 * One contract for the owed-action store, run against the in-memory fake the
 * service tests use and against PrismaActionStore on both databases, so the
 * fake cannot drift: claims and leases, finishing with effects and events,
 * rescheduling, progress kept across tries.
 */
type Subject = {
  readonly store: ActionStore;
  readonly cases: CaseRepository;
  /** Lets time pass for leases and schedules (the database's clock, or the fake's). */
  passTime(ms: number): Promise<void>;
  events(caseId: string): Promise<readonly Pick<EventRecord, 'type' | 'data'>[]>;
  close(): Promise<void>;
};

const MOD = '200000000000000001';
const newCase = (guildId: string): NewCase => ({
  guildId,
  category: 'harassment',
  realLife: false,
  offPlatform: false,
  exposureLocation: null,
  summary: 'Contract.',
  openedById: MOD,
  parties: [
    { userId: '300000000000000001', role: 'complainant' },
    { userId: '300000000000000002', role: 'accused' },
  ],
});

const subjects: { name: string; run: boolean; make(): Promise<Subject> }[] = [
  {
    name: 'the in-memory fake',
    run: true,
    make() {
      const clock = new FakeClock();
      const log = new InMemoryEventLog(clock);
      const cases = new InMemoryCaseRepository(clock, { log });
      const store = new InMemoryActionStore(clock, cases, log);
      cases.onOwed = (guildId, owed) => store.addNow(guildId, owed);
      return Promise.resolve({
        store,
        cases,
        passTime: (ms) => Promise.resolve(clock.advance(ms)),
        events: (caseId) => Promise.resolve(log.all().filter((e) => e.caseId === caseId).map((e) => ({ type: e.type, data: e.data }))),
        close: () => Promise.resolve(),
      });
    },
  },
  ...(['postgresql', 'embedded'] as const).map((kind) => ({
    name: `PrismaActionStore on the ${kind} database`,
    run: kind === 'embedded' || hasRealPostgres(),
    async make(): Promise<Subject> {
      const db: TestDatabase = await createTestDatabase(kind);
      return {
        store: new PrismaActionStore(db.prisma),
        cases: new PrismaCaseRepository(db.prisma),
        passTime: (ms) => new Promise((r) => setTimeout(r, ms)),
        events: (caseId) => db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' }, select: { type: true, data: true } }) as Promise<Pick<EventRecord, 'type' | 'data'>[]>,
        close: () => db.drop(),
      };
    },
  })),
];

for (const subject of subjects) {
  describe.runIf(subject.run)(`the owed-action store contract: ${subject.name}`, () => {
    let s: Subject;
    let guild = 0;
    beforeAll(async () => {
      s = await subject.make();
    });
    afterAll(async () => {
      await s?.close();
    });

    /** A case of a fresh guild with one owed thread for its complainant. */
    async function owedThread() {
      const guildId = `g-contract-${++guild}`;
      const id = randomUUID();
      const c = await s.cases.open(newCase(guildId), (opened) => [
        {
          id,
          kind: 'thread.open',
          caseId: opened.id,
          actorId: MOD,
          payload: { partyId: opened.parties[0]!.id, parentChannelId: '5', name: `case-${opened.number}-interview-1`, memberIds: ['1'], addresseeId: '1', intro: 'Hello' },
        } satisfies NewOwedAction,
      ]);
      return { guildId, id, c };
    }

    it('gives an action to one holder at a time, counting each try', async () => {
      const { id } = await owedThread();
      const first = await s.store.claim('holder-a', 60_000, 10, [id]);
      expect(first.map((a) => [a.id, a.attempts, a.kind])).toEqual([[id, 1, 'thread.open']]);
      expect(await s.store.claim('holder-b', 60_000, 10, [id])).toEqual([]);
    });

    it('lets another holder take an action whose lease ran out, and refuses the old holder its finish', async () => {
      const { id } = await owedThread();
      const [a] = await s.store.claim('holder-a', 50, 10, [id]);
      await s.passTime(200);
      const [b] = await s.store.claim('holder-b', 60_000, 10, [id]);
      expect(b?.attempts).toBe(2);
      expect(await s.store.finish('holder-a', a!, { status: 'done', result: {} })).toBe(false);
      expect(await s.store.finish('holder-b', b!, { status: 'done', result: {} })).toBe(true);
      expect(await s.store.claim('holder-c', 60_000, 10, [id])).toEqual([]);
    });

    it('finishing applies the effects and writes the events on the case, once', async () => {
      const { guildId, id, c } = await owedThread();
      const [a] = await s.store.claim('holder-a', 60_000, 10, [id]);
      const partyId = c.parties[0]!.id;
      const done = await s.store.finish('holder-a', a!, {
        status: 'done',
        result: { threadId: '777' },
        effects: [{ type: 'party-thread', partyId, threadId: '777' }],
        events: [{ type: 'thread_created', actorId: MOD, data: { partyId, threadId: '777' } }],
      });
      expect(done).toBe(true);
      expect((await s.cases.find(guildId, c.number))?.parties[0]?.threadId).toBe('777');
      expect((await s.events(c.id)).filter((e) => e.type === 'thread_created')).toEqual([{ type: 'thread_created', data: { partyId, threadId: '777' } }]);
      expect(await s.store.finish('holder-a', a!, { status: 'done', result: {} })).toBe(false);
    });

    it('a rescheduled action waits for its time, and keeps the steps already done', async () => {
      const { id } = await owedThread();
      const [a] = await s.store.claim('holder-a', 60_000, 10, [id]);
      await s.store.saveProgress('holder-a', a!, { 'closed:1': { ok: true } });
      await s.store.reschedule('holder-a', { ...a!, progress: { 'closed:1': { ok: true } } }, 300, 'Discord did not answer');
      expect(await s.store.claim('holder-b', 60_000, 10, [id])).toEqual([]);
      await s.passTime(600);
      const [b] = await s.store.claim('holder-b', 60_000, 10, [id]);
      expect(b?.attempts).toBe(2);
      expect(b?.progress).toEqual({ 'closed:1': { ok: true } });
    });

    it('an action failed for good is never claimed again', async () => {
      const { id } = await owedThread();
      const [a] = await s.store.claim('holder-a', 60_000, 10, [id]);
      expect(await s.store.finish('holder-a', a!, { status: 'failed', reason: 'missing-permissions', detail: '50013' })).toBe(true);
      await s.passTime(100);
      expect(await s.store.claim('holder-b', 60_000, 10, [id])).toEqual([]);
    });
  });
}
