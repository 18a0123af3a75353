import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { NewOwedAction } from '../../src/actions/types.js';
import { MOD, newCase } from '../support/case-fixtures.js';
import { describeContract, testGuild } from '../support/repository-subjects.js';

/**
 * One contract for the owed-action store, run against the in-memory fake the
 * service tests use and against PrismaActionStore on both databases, so the
 * fake cannot drift: claims and leases, finishing with effects and events,
 * rescheduling, progress kept across tries.
 */


describeContract('the owed-action store contract', (subject) => {
  let guild = 0;
  const events = async (caseId: string) => (await subject().auditLog({ caseId })).map(({ type, data }) => ({ type, data }));

  /** A case of a fresh guild with one owed thread for its complainant. */
  async function owedThread() {
    const guildId = testGuild(`g-contract-${++guild}`);
    const id = randomUUID();
    const c = await subject().cases.forGuild(guildId).open(newCase(), (opened) => [
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
    const first = await subject().actions.claim('holder-a', 60_000, 10, [id]);
    expect(first.map((a) => [a.id, a.attempts, a.kind])).toEqual([[id, 1, 'thread.open']]);
    expect(await subject().actions.claim('holder-b', 60_000, 10, [id])).toEqual([]);
  });

  it('lets another holder take an action whose lease ran out, and refuses the old holder its finish', async () => {
    const { id } = await owedThread();
    const [a] = await subject().actions.claim('holder-a', 50, 10, [id]);
    await subject().passTime(200);
    const [b] = await subject().actions.claim('holder-b', 60_000, 10, [id]);
    expect(b?.attempts).toBe(2);
    expect(await subject().actions.finish('holder-a', a!, { status: 'done', result: { partyId: 'p', threadId: '1' } })).toBe(false);
    expect(await subject().actions.finish('holder-b', b!, { status: 'done', result: { partyId: 'p', threadId: '1' } })).toBe(true);
    expect(await subject().actions.claim('holder-c', 60_000, 10, [id])).toEqual([]);
  });

  it('finishing applies the effects and writes the events on the case, once', async () => {
    const { guildId, id, c } = await owedThread();
    const [a] = await subject().actions.claim('holder-a', 60_000, 10, [id]);
    const partyId = c.parties[0]!.id;
    const done = await subject().actions.finish('holder-a', a!, {
      status: 'done',
      result: { partyId, threadId: '777' },
      effects: [{ type: 'party-thread', partyId, threadId: '777' }],
      events: [{ type: 'thread_created', actorId: MOD, data: { partyId, threadId: '777' } }],
    });
    expect(done).toBe(true);
    expect((await subject().cases.forGuild(guildId).find(c.number))?.parties[0]?.threadId).toBe('777');
    expect((await events(c.id)).filter((e) => e.type === 'thread_created')).toEqual([{ type: 'thread_created', data: { partyId, threadId: '777' } }]);
    expect(await subject().actions.finish('holder-a', a!, { status: 'done', result: { partyId: 'p', threadId: '1' } })).toBe(false);
  });

  it('a rescheduled action waits for its time, and keeps the steps already done', async () => {
    const { id } = await owedThread();
    const [a] = await subject().actions.claim('holder-a', 60_000, 10, [id]);
    await subject().actions.saveProgress('holder-a', a!, { 'closed:1': { ok: true } });
    await subject().actions.reschedule('holder-a', { ...a!, progress: { 'closed:1': { ok: true } } }, 300, 'Discord did not answer');
    expect(await subject().actions.claim('holder-b', 60_000, 10, [id])).toEqual([]);
    await subject().passTime(600);
    const [b] = await subject().actions.claim('holder-b', 60_000, 10, [id]);
    expect(b?.attempts).toBe(2);
    expect(b?.progress).toEqual({ 'closed:1': { ok: true } });
  });

  it('an action failed for good is never claimed again', async () => {
    const { id } = await owedThread();
    const [a] = await subject().actions.claim('holder-a', 60_000, 10, [id]);
    expect(await subject().actions.finish('holder-a', a!, { status: 'failed', reason: 'missing-permissions', detail: '50013' })).toBe(true);
    await subject().passTime(100);
    expect(await subject().actions.claim('holder-b', 60_000, 10, [id])).toEqual([]);
  });
});
