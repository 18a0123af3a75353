import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createActionHandlers } from '../../../src/actions/handlers.js';
import { ActionRunner } from '../../../src/actions/runner.js';
import type { ActionStore } from '../../../src/actions/types.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createHarness, IDS } from '../../support/fakes/service-harness.js';

describe('the owed-action runner', () => {
  it('a try its own poller took a moment before is what runNow answers with, not "queued"', async () => {
    const h = createHarness();
    await h.configure(IDS.GUILD);
    const opened = await h.open();
    const party = opened.case.parties[0]!;
    // The poller's claim takes the action at once but its answer comes back late (a slow database round trip).
    const store: ActionStore = {
      add: (g, a) => h.actions.add(g, a),
      renew: (...a) => h.actions.renew(...a),
      saveProgress: (...a) => h.actions.saveProgress(...a),
      finish: (...a) => h.actions.finish(...a),
      reschedule: (...a) => h.actions.reschedule(...a),
      claim: async (holder, leaseMs, limit, ids) => {
        const taken = await h.actions.claim(holder, leaseMs, limit, ids);
        if (ids === undefined) await sleep(20);
        return taken;
      },
    };
    const runner = new ActionRunner(store, createActionHandlers(h.deps), createLogger('silent'), { leaseMs: 30_000, pollMs: 60_000, batch: 20 });
    const id = '00000000-0000-4000-8000-00000000abcd';
    await runner.record(IDS.GUILD, [{ id, kind: 'checkin.send', caseId: opened.case.id, actorId: IDS.MOD, payload: { partyId: party.id, userId: party.userId, trigger: 'manual', requestedById: IDS.MOD } }]);
    const polling = runner.drain();
    const [outcome] = await runner.runNow([id]);
    await polling;
    expect(outcome).toMatchObject({ id, status: 'done', result: { sent: true, channel: 'dm' } });
    expect(h.checkIns.sent).toHaveLength(1);
  });

  it("another process's poller leaves a fresh action to its recorder, and stands in once it is no longer fresh", async () => {
    const h = createHarness();
    await h.configure(IDS.GUILD);
    const opened = await h.open();
    const party = opened.case.parties[0]!;
    const options = { leaseMs: 30_000, pollMs: 60_000, batch: 20, freshMs: 5_000 };
    const here = new ActionRunner(h.actions, createActionHandlers(h.deps), createLogger('silent'), options);
    const elsewhere = new ActionRunner(h.actions, createActionHandlers(h.deps), createLogger('silent'), options);
    const checkIn = (id: string) => ({ id, kind: 'checkin.send' as const, caseId: opened.case.id, actorId: IDS.MOD, payload: { partyId: party.id, userId: party.userId, trigger: 'manual' as const, requestedById: IDS.MOD } });

    // Recorded here; the other process polls between the commit and this process's own try.
    const first = '00000000-0000-4000-8000-0000000000f1';
    await here.record(IDS.GUILD, [checkIn(first)]);
    await elsewhere.drain();
    const [outcome] = await here.runNow([first]);
    expect(outcome).toMatchObject({ id: first, status: 'done' });
    expect(h.checkIns.sent).toHaveLength(1);

    // Recorded by a process that died before its try: once it is no longer fresh, the other one carries it out.
    const second = '00000000-0000-4000-8000-0000000000f2';
    await here.record(IDS.GUILD, [checkIn(second)]);
    await elsewhere.drain();
    expect(h.checkIns.sent).toHaveLength(1);
    h.clock.set(new Date(h.clock.now().getTime() + 5_001));
    await elsewhere.drain();
    expect(h.checkIns.sent).toHaveLength(2);
  });
});
