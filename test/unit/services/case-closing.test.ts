import { beforeEach, describe, expect, it } from 'vitest';
import { closingMessage } from '../../../src/messages/case-texts.js';
import { closeCase, type CloseCaseInput } from '../../../src/services/case-closing.js';
import { escalate } from '../../../src/services/escalation.js';
import { addSide } from '../../../src/services/side-recording.js';
import { adminActor, createHarness, IDS, staffActor, type Harness } from '../../support/fakes/service-harness.js';
import { translator } from '../../../src/i18n/translate.js';

const en = translator('en-US');

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const input = (overrides: Partial<CloseCaseInput> = {}): CloseCaseInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  caseNumber: 1,
  outcome: 'advised_self_help',
  reason: 'Both advised to block; no contact since',
  oneSidedReason: null,
  ...overrides,
});

async function closed(overrides: Partial<CloseCaseInput> = {}) {
  const result = await closeCase(h.deps, input(overrides));
  if (!result.ok) throw new Error(`closeCase refused with ${result.reason}`);
  return result.value;
}

/** Records a side for `userId` on case #1 by MOD2 (MOD closes). */
async function recordSide(userId: string): Promise<void> {
  const result = await addSide(h.deps, {
    guildId: IDS.GUILD,
    actor: h.actors.mod2,
    caseNumber: 1,
    user: { id: userId, isBot: false },
    statement: `What ${userId} says happened`,
    role: null,
  });
  if (!result.ok) throw new Error(`test setup: addSide refused with ${result.reason}`);
}

async function bothSidesHeard(): Promise<void> {
  await h.open();
  await recordSide(IDS.ALEX);
  await recordSide(IDS.SAM);
}

async function storedCase() {
  const found = await h.cases.forGuild(IDS.GUILD).find(1);
  if (!found) throw new Error('no case #1');
  return found;
}

async function threadIds(): Promise<string[]> {
  return (await storedCase()).parties.flatMap((p) => (p.threadId ? [p.threadId] : []));
}

/** Runs a refused close and checks that nothing was recorded nor sent. */
async function expectRefusedWithoutChange(overrides: Partial<CloseCaseInput>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const statusBefore = (await h.cases.forGuild(overrides.guildId ?? IDS.GUILD).find(overrides.caseNumber ?? 1))?.status;
  const result = await closeCase(h.deps, input(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
  expect((await h.cases.forGuild(overrides.guildId ?? IDS.GUILD).find(overrides.caseNumber ?? 1))?.status).toBe(statusBefore);
}

describe('/case close: both sides heard', () => {
  it('closes the case with outcome, trimmed reason, who and when, and a case_closed event', async () => {
    await bothSidesHeard();
    h.clock.advance(3_600_000);

    const result = await closed({ outcome: 'no_action', reason: '  Both advised to block  ' });

    expect(result.oneSided).toBe(false);
    expect(result.threads).toMatchObject({ status: 'done', threadFailures: [] });
    const stored = await storedCase();
    expect(stored).toMatchObject({
      status: 'closed',
      outcome: 'no_action',
      closeReason: 'Both advised to block',
      closedById: IDS.MOD,
      closedAt: h.clock.now(),
    });
    expect(result.case).toEqual(stored);
    const events = h.cases.eventsOfType('case_closed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      caseId: stored.id,
      actorId: IDS.MOD,
      data: { outcome: 'no_action', oneSided: false, oneSidedReason: null },
    });
  });

  it('posts the same closing message in every party thread, then archives and locks each one', async () => {
    await bothSidesHeard();
    const ids = await threadIds();
    expect(ids).toHaveLength(2);

    await closed();

    expect(h.threads.closes.map((c) => c.threadId)).toEqual(ids);
    for (const call of h.threads.closes) {
      expect(call.failure).toBeNull();
      expect(call.closingMessage).toBe(closingMessage(en, 1));
    }
    for (const id of ids) {
      const thread = h.threads.thread(id);
      expect(thread?.archivedAndLocked).toBe(true);
      expect(thread?.messages.at(-1)).toBe(closingMessage(en, 1));
    }
    // The closing message names nobody.
    expect(closingMessage(en, 1)).not.toContain(IDS.ALEX);
    expect(closingMessage(en, 1)).not.toContain(IDS.SAM);
  });

  it("a witness's thread is closed as well, with the same message", async () => {
    await bothSidesHeard();
    await recordSide(IDS.ROBIN);
    const ids = await threadIds();
    expect(ids).toHaveLength(3);

    await closed();

    expect(h.threads.closes.map((c) => [c.threadId, c.closingMessage])).toEqual(ids.map((id) => [id, closingMessage(en, 1)]));
  });

  it('an escalated case may be closed', async () => {
    await bothSidesHeard();
    await escalate(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod2, caseNumber: 1, reason: 'Looks legitimate', urgency: 'normal' });
    expect((await storedCase()).status).toBe('escalated');

    await closed({ actor: adminActor(IDS.ADMIN) });

    expect(await storedCase()).toMatchObject({ status: 'closed', closedById: IDS.ADMIN });
  });

  it('a reason of exactly 1000 characters is accepted', async () => {
    await bothSidesHeard();
    await closed({ reason: 'r'.repeat(1000) });
    expect((await storedCase()).closeReason).toHaveLength(1000);
  });
});

describe('/case close: a principal side missing', () => {
  it('without one_sided_reason: one-sided-close-needs-reason, the case stays open and no thread is touched', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    await expectRefusedWithoutChange({}, { reason: 'one-sided-close-needs-reason' });
    expect(h.threads.closes).toHaveLength(0);
  });

  it('with a blank one_sided_reason: refused the same way', async () => {
    await h.open();
    await recordSide(IDS.SAM);
    await expectRefusedWithoutChange({ oneSidedReason: '  \n ' }, { reason: 'one-sided-close-needs-reason' });
  });

  it('with no side heard at all: refused the same way', async () => {
    await h.open();
    await expectRefusedWithoutChange({}, { reason: 'one-sided-close-needs-reason' });
  });

  it('a witness heard does not stand in for the accused', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    await recordSide(IDS.ROBIN);
    await expectRefusedWithoutChange({}, { reason: 'one-sided-close-needs-reason' });
  });

  it('with a one_sided_reason: closes, marked one-sided, with the trimmed reason in the case_closed event', async () => {
    await h.open();
    await recordSide(IDS.ALEX);

    const result = await closed({ oneSidedReason: '  Sam left the server before we could talk  ' });

    expect(result.oneSided).toBe(true);
    expect((await storedCase()).status).toBe('closed');
    expect(h.cases.eventsOfType('case_closed')[0]?.data).toEqual({
      outcome: 'advised_self_help',
      oneSided: true,
      oneSidedReason: 'Sam left the server before we could talk',
    });
    expect(h.threads.closes).toHaveLength(2);
  });

  it('a one_sided_reason of 1001 characters: text-too-long on one_sided_reason', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    await expectRefusedWithoutChange({ oneSidedReason: 'x'.repeat(1001) }, { reason: 'text-too-long', field: 'one_sided_reason', max: 1000 });
  });
});

describe('/case close: Discord refuses to close a thread', () => {
  it('the case is closed anyway; the failure is returned and recorded in a thread_close_failed event', async () => {
    await bothSidesHeard();
    const [alexThread, samThread] = await threadIds();
    if (!alexThread || !samThread) throw new Error('two threads expected');
    h.threads.failCloseOf(samThread, 'missing-permissions');

    const result = await closed();

    expect(result.threads).toMatchObject({ status: 'done', threadFailures: [{ threadId: samThread, reason: 'missing-permissions' }] });
    expect((await storedCase()).status).toBe('closed');
    expect(h.threads.thread(alexThread)?.archivedAndLocked).toBe(true);
    expect(h.threads.thread(samThread)?.archivedAndLocked).toBe(false);
    const failed = h.cases.eventsOfType('thread_close_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      caseId: result.case.id,
      actorId: IDS.MOD,
      data: { failures: [{ threadId: samThread, reason: 'missing-permissions' }] },
    });
  });

  it('a party whose thread was never opened is skipped, not reported as a failure', async () => {
    h.threads.failOpenFor(IDS.SAM, 'missing-access');
    await h.open();
    await recordSide(IDS.ALEX);
    const ids = await threadIds();
    expect(ids).toHaveLength(1);

    const result = await closed({ oneSidedReason: 'Could not reach Sam' });

    expect(result.threads).toMatchObject({ status: 'done', threadFailures: [] });
    expect(h.threads.closes.map((c) => c.threadId)).toEqual(ids);
    expect(h.cases.eventsOfType('thread_close_failed')).toHaveLength(0);
  });
});

describe('/case close: refused, nothing recorded and nothing sent', () => {
  it('a blank reason: text-required on reason', async () => {
    await bothSidesHeard();
    await expectRefusedWithoutChange({ reason: '   ' }, { reason: 'text-required', field: 'reason' });
  });

  it('a reason of 1001 characters: text-too-long on reason', async () => {
    await bothSidesHeard();
    await expectRefusedWithoutChange({ reason: 'x'.repeat(1001) }, { reason: 'text-too-long', field: 'reason', max: 1000 });
  });

  it('a case already closed: case-closed, and the first closing is kept', async () => {
    await bothSidesHeard();
    await closed({ outcome: 'no_action', reason: 'First closing' });

    await expectRefusedWithoutChange({ actor: h.actors.mod2, outcome: 'unfounded', reason: 'Second closing' }, { reason: 'case-closed' });
    expect(await storedCase()).toMatchObject({ outcome: 'no_action', closeReason: 'First closing', closedById: IDS.MOD });
  });

  it('a moderator who is the accused: actor-is-party', async () => {
    await bothSidesHeard();
    await expectRefusedWithoutChange({ actor: staffActor(IDS.SAM) }, { reason: 'actor-is-party' });
  });

  it('a moderator who recorded nothing but joined as a witness: actor-is-party', async () => {
    await bothSidesHeard();
    await recordSide(IDS.MOD);
    await expectRefusedWithoutChange({}, { reason: 'actor-is-party' });
  });

  it('a member without the staff role: not-staff', async () => {
    await bothSidesHeard();
    await expectRefusedWithoutChange({ actor: h.actors.member }, { reason: 'not-staff' });
  });

  it('a case number that does not exist: case-not-found', async () => {
    await bothSidesHeard();
    await expectRefusedWithoutChange({ caseNumber: 2 }, { reason: 'case-not-found' });
  });

  it('a guild that has not run /setup: not-configured', async () => {
    await bothSidesHeard();
    await expectRefusedWithoutChange({ guildId: IDS.OTHER_GUILD }, { reason: 'not-configured' });
  });
});
