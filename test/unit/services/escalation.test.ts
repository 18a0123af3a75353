import { beforeEach, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../src/ports.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { acknowledgeEscalation, escalate, type EscalateInput } from '../../../src/services/escalation.js';
import { addSide } from '../../../src/services/side-recording.js';
import { adminActor, createHarness, IDS, staffActor, type Harness } from '../../support/fakes/service-harness.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const input = (overrides: Partial<EscalateInput> = {}): EscalateInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  caseNumber: 1,
  reason: 'The complaint looks legitimate',
  urgency: 'normal',
  ...overrides,
});

async function escalated(overrides: Partial<EscalateInput> = {}) {
  const result = await escalate(h.deps, input(overrides));
  if (!result.ok) throw new Error(`escalate refused with ${result.reason}`);
  return result.value;
}

/** Records a side for `userId` on case #number by MOD2 (so MOD stays free of the case). */
async function recordSide(userId: string, number = 1, guildId: string = IDS.GUILD): Promise<void> {
  const result = await addSide(h.deps, {
    guildId,
    actor: h.actors.mod2,
    caseNumber: number,
    user: { id: userId, isBot: false },
    statement: `What ${userId} says happened`,
    role: null,
  });
  if (!result.ok) throw new Error(`test setup: addSide refused with ${result.reason}`);
}

async function closeOneSided(number = 1): Promise<void> {
  const result = await closeCase(h.deps, {
    guildId: IDS.GUILD,
    actor: h.actors.mod2,
    caseNumber: number,
    outcome: 'no_action',
    reason: 'Nothing more to do',
    oneSidedReason: 'Nobody answered',
  });
  if (!result.ok) throw new Error(`test setup: closeCase refused with ${result.reason}`);
}

async function partiesOf(number = 1, guildId: string = IDS.GUILD): Promise<readonly PartyRecord[]> {
  const found = await h.cases.forGuild(guildId).find(number);
  if (!found) throw new Error(`no case #${number}`);
  return found.parties;
}

async function statusOf(number = 1, guildId: string = IDS.GUILD): Promise<string | undefined> {
  return (await h.cases.forGuild(guildId).find(number))?.status;
}

/** Runs a refused escalation and checks that nothing was recorded nor sent. */
async function expectRefusedWithoutChange(overrides: Partial<EscalateInput>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const result = await escalate(h.deps, input(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

describe('/case escalate: success', () => {
  it('on an open case: records the escalation, moves the case to escalated and writes a case_escalated event', async () => {
    const { case: c } = await h.open();

    const result = await escalated({ reason: '  The complaint looks legitimate  ', urgency: 'urgent' });

    expect(result.caseNumber).toBe(1);
    expect(result.escalation).toMatchObject({ caseId: c.id, escalatedById: IDS.MOD, reason: 'The complaint looks legitimate', urgency: 'urgent' });
    expect(h.cases.escalations).toHaveLength(1);
    expect(await statusOf()).toBe('escalated');
    const events = h.cases.eventsOfType('case_escalated');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: c.id, actorId: IDS.MOD, data: { urgency: 'urgent', escalationId: result.escalation.id } });
  });

  it('posts one notice in the escalation channel naming only the admin role, and stores that message on the escalation', async () => {
    const { case: c } = await h.open({ category: 'stalking', realLife: true, offPlatform: true });

    const result = await escalated();

    expect(h.notifier.notices).toHaveLength(1);
    const [call] = h.notifier.notices;
    if (!call) throw new Error('one notice expected');
    expect(call.channelId).toBe(IDS.ESCALATION_CHANNEL);
    expect(call.adminRoleId).toBe(IDS.ADMIN_ROLE);
    expect(call.notice).toEqual({
      guildId: IDS.GUILD,
      caseNumber: 1,
      category: 'stalking',
      realLife: true,
      offPlatform: true,
      sidesHeard: { heard: 0, of: 2 },
      reason: 'The complaint looks legitimate',
      urgency: 'normal',
      escalatedById: IDS.MOD,
      escalationId: result.escalation.id,
      threadIds: (await partiesOf()).map((p) => p.threadId),
      language: 'en-US',
    });
    // Neither party is named in the post: nobody but the admins is pinged.
    const posted = JSON.stringify(call.notice);
    expect(posted).not.toContain(IDS.ALEX);
    expect(posted).not.toContain(IDS.SAM);
    expect(posted).not.toContain(IDS.STAFF_ROLE);

    expect(result.notice).toEqual({ status: 'posted', channelId: IDS.ESCALATION_CHANNEL, messageId: call.messageId });
    const stored = h.cases.escalations.find((e) => e.caseId === c.id);
    expect(stored).toMatchObject({ channelId: IDS.ESCALATION_CHANNEL, messageId: call.messageId });
    expect(h.cases.eventsOfType('escalation_notice_failed')).toHaveLength(0);
  });

  it('on an interviewing case with only the complainant heard: allowed, and the notice says 1 of 2 sides heard', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    expect(await statusOf()).toBe('interviewing');

    await escalated();

    expect(await statusOf()).toBe('escalated');
    expect(h.notifier.notices[0]?.notice.sidesHeard).toEqual({ heard: 1, of: 2 });
  });

  it('with both principal parties heard the notice says 2 of 2; a witness heard counts in neither number', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    await recordSide(IDS.ROBIN); // joins as a witness
    expect((await partiesOf()).find((p) => p.userId === IDS.ROBIN)?.role).toBe('witness');

    await escalated();
    await recordSide(IDS.SAM);
    await escalated({ reason: 'Now both sides are in' });

    expect(h.notifier.notices.map((n) => n.notice.sidesHeard)).toEqual([
      { heard: 1, of: 2 },
      { heard: 2, of: 2 },
    ]);
  });

  it('a third principal party (a second accused) counts in "of": the notice says 1 of 3', async () => {
    await h.open();
    const added = await addSide(h.deps, {
      guildId: IDS.GUILD,
      actor: h.actors.mod2,
      caseNumber: 1,
      user: { id: IDS.ROBIN, isBot: false },
      statement: null,
      role: 'accused',
    });
    expect(added.ok).toBe(true);
    await recordSide(IDS.ALEX);

    await escalated();

    expect(h.notifier.notices[0]?.notice.sidesHeard).toEqual({ heard: 1, of: 3 });
  });

  it('on an already escalated case: allowed again, a second escalation and a second notice', async () => {
    await h.open();
    const first = await escalated();

    const second = await escalated({ reason: 'It has reached real life', urgency: 'urgent' });

    expect(second.escalation.id).not.toBe(first.escalation.id);
    expect(h.cases.escalations.map((e) => e.reason)).toEqual(['The complaint looks legitimate', 'It has reached real life']);
    expect(h.notifier.posted).toHaveLength(2);
    expect(await statusOf()).toBe('escalated');
  });

  it('lists only the threads that exist: a thread Discord refused at opening is left out', async () => {
    h.threads.failOpenFor(IDS.SAM, 'missing-permissions');
    await h.open();
    const alexThread = (await partiesOf()).find((p) => p.userId === IDS.ALEX)?.threadId;

    await escalated();

    expect(alexThread).toBeTruthy();
    expect(h.notifier.notices[0]?.notice.threadIds).toEqual([alexThread]);
  });

  it('a member holding only the admin role may escalate', async () => {
    await h.open();
    const result = await escalated({ actor: h.actors.admin });
    expect(result.escalation.escalatedById).toBe(IDS.ADMIN);
  });

  it('a reason of exactly 1000 characters is accepted', async () => {
    await h.open();
    const result = await escalated({ reason: 'r'.repeat(1000) });
    expect(result.escalation.reason).toHaveLength(1000);
  });
});

describe('/case escalate: the notice cannot be posted', () => {
  it('still records the escalation and the escalated status, with an escalation_notice_failed event and no message stored', async () => {
    const { case: c } = await h.open();
    h.notifier.fail('missing-permissions');

    const result = await escalate(h.deps, input());

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.notice).toEqual({ status: 'failed', reason: 'missing-permissions' });
    expect(h.notifier.notices).toHaveLength(1);
    expect(h.notifier.posted).toHaveLength(0);
    expect(h.cases.escalations).toEqual([expect.objectContaining({ id: result.value.escalation.id, channelId: null, messageId: null })]);
    expect(await statusOf()).toBe('escalated');
    const failed = h.cases.eventsOfType('escalation_notice_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      caseId: c.id,
      actorId: IDS.MOD,
      data: { escalationId: result.value.escalation.id, reason: 'missing-permissions' },
    });
  });
});

describe('/case escalate: refused, nothing recorded and nothing sent', () => {
  it('a closed case: case-closed', async () => {
    await h.open();
    await closeOneSided();
    await expectRefusedWithoutChange({}, { reason: 'case-closed' });
  });

  it('a blank reason: reason-required', async () => {
    await h.open();
    await expectRefusedWithoutChange({ reason: '  \n ' }, { reason: 'reason-required' });
  });

  it('a reason of 1001 characters: reason-too-long', async () => {
    await h.open();
    await expectRefusedWithoutChange({ reason: 'r'.repeat(1001) }, { reason: 'reason-too-long' });
  });

  it('a member without the staff role: not-staff', async () => {
    await h.open();
    await expectRefusedWithoutChange({ actor: h.actors.member }, { reason: 'not-staff' });
  });

  it('a guild that has not run /setup: not-configured', async () => {
    await expectRefusedWithoutChange({ guildId: IDS.OTHER_GUILD }, { reason: 'not-configured' });
  });

  it('a case number that does not exist: case-not-found', async () => {
    await h.open();
    await expectRefusedWithoutChange({ caseNumber: 2 }, { reason: 'case-not-found' });
  });

  it('case #1 of another guild is not found from this guild, and stays open there', async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });

    await expectRefusedWithoutChange({ caseNumber: 1 }, { reason: 'case-not-found' });
    expect(await statusOf(1, IDS.OTHER_GUILD)).toBe('open');
  });

  it('a moderator who is the complainant: actor-is-party', async () => {
    await h.open();
    await expectRefusedWithoutChange({ actor: staffActor(IDS.ALEX) }, { reason: 'actor-is-party' });
  });

  it('an admin who is the accused: actor-is-party', async () => {
    await h.open();
    await expectRefusedWithoutChange({ actor: adminActor(IDS.SAM) }, { reason: 'actor-is-party' });
  });

  it('a moderator who was added to the case as a witness: actor-is-party', async () => {
    await h.open();
    await recordSide(IDS.MOD);
    await expectRefusedWithoutChange({ actor: h.actors.mod }, { reason: 'actor-is-party' });
  });
});

describe('Acknowledge button', () => {
  async function escalationId(): Promise<string> {
    await h.open();
    return (await escalated()).escalation.id;
  }

  it('an admin acknowledges: who and when are stored, with an escalation_acknowledged event; the case stays escalated', async () => {
    const id = await escalationId();
    h.clock.advance(5 * 60_000);
    const before = h.snapshot();

    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, escalationId: id });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.caseNumber).toBe(1);
    expect(result.value.escalation).toMatchObject({ id, acknowledgedById: IDS.ADMIN, acknowledgedAt: h.clock.now() });
    expect(h.cases.escalations[0]).toMatchObject({ acknowledgedById: IDS.ADMIN, acknowledgedAt: h.clock.now() });
    const events = h.cases.eventsOfType('escalation_acknowledged');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: IDS.ADMIN, data: { escalationId: id } });
    expect(await statusOf()).toBe('escalated');
    // Only the event was added; nothing sent to Discord.
    expect(h.snapshot()).toEqual({ ...before, events: before.events + 1 });
  });

  it('a second press, even by another admin: already-acknowledged, and the first acknowledgement is kept', async () => {
    const id = await escalationId();
    const acknowledgedAt = h.clock.now();
    await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, escalationId: id });
    h.clock.advance(60_000);
    const before = h.snapshot();

    const again = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: adminActor(IDS.MOD2), escalationId: id });

    expect(again).toEqual({ ok: false, reason: 'already-acknowledged' });
    expect(h.snapshot()).toEqual(before);
    expect(h.cases.escalations[0]).toMatchObject({ acknowledgedById: IDS.ADMIN, acknowledgedAt });
  });

  it('a moderator without the admin role: not-admin, and the escalation stays unacknowledged', async () => {
    const id = await escalationId();
    const before = h.snapshot();

    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod2, escalationId: id });

    expect(result).toEqual({ ok: false, reason: 'not-admin' });
    expect(h.snapshot()).toEqual(before);
    expect(h.cases.escalations[0]?.acknowledgedById).toBeNull();
  });

  it('an admin who is a party to the case (Sam, the accused, holds the admin role): actor-is-party, and it stays unacknowledged', async () => {
    const id = await escalationId();
    const before = h.snapshot();

    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: adminActor(IDS.SAM), escalationId: id });

    expect(result).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(h.snapshot()).toEqual(before);
    expect(h.cases.escalations[0]?.acknowledgedById).toBeNull();
  });

  it('a member with neither role: not-admin', async () => {
    const id = await escalationId();
    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.member, escalationId: id });
    expect(result).toEqual({ ok: false, reason: 'not-admin' });
    expect(h.cases.escalations[0]?.acknowledgedById).toBeNull();
  });

  it('a member holding both the staff and the admin role may acknowledge', async () => {
    const id = await escalationId();
    const result = await acknowledgeEscalation(h.deps, {
      guildId: IDS.GUILD,
      actor: { id: IDS.MOD2, roleIds: [IDS.STAFF_ROLE, IDS.ADMIN_ROLE] },
      escalationId: id,
    });
    expect(result.ok).toBe(true);
    expect(h.cases.escalations[0]?.acknowledgedById).toBe(IDS.MOD2);
  });

  it('an unknown escalation id: escalation-not-found', async () => {
    await escalationId();
    const before = h.snapshot();

    const result = await acknowledgeEscalation(h.deps, {
      guildId: IDS.GUILD,
      actor: h.actors.admin,
      escalationId: '00000000-0000-4000-8000-0000000000ff',
    });

    expect(result).toEqual({ ok: false, reason: 'escalation-not-found' });
    expect(h.snapshot()).toEqual(before);
  });

  it("another guild's escalation: escalation-not-found, and it stays unacknowledged there", async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });
    const elsewhere = await escalated({ guildId: IDS.OTHER_GUILD });
    const before = h.snapshot();

    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, escalationId: elsewhere.escalation.id });

    expect(result).toEqual({ ok: false, reason: 'escalation-not-found' });
    expect(h.snapshot()).toEqual(before);
    expect(h.cases.escalations[0]?.acknowledgedById).toBeNull();
  });

  it('a guild that has not run /setup: not-configured', async () => {
    const id = await escalationId();
    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.OTHER_GUILD, actor: h.actors.admin, escalationId: id });
    expect(result).toEqual({ ok: false, reason: 'not-configured' });
  });

  it('an escalation of a case closed since may still be acknowledged late; the case stays closed', async () => {
    const id = await escalationId();
    await closeOneSided();

    const result = await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, escalationId: id });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.escalation.acknowledgedById).toBe(IDS.ADMIN);
    expect(h.cases.escalations[0]?.acknowledgedById).toBe(IDS.ADMIN);
    expect(await statusOf()).toBe('closed');
  });
});

describe('the reminder of an unanswered escalation', () => {
  const HOUR = 60 * 60 * 1000;

  it('pings the admin role once more, replying to the post, when nobody has acknowledged it in time; never twice', async () => {
    await h.open();
    const { escalation } = await escalated();
    h.clock.advance(12 * HOUR - 1000);
    await h.runner.drain();
    expect(h.notifier.reminders).toEqual([]);

    h.clock.advance(1000);
    await h.runner.drain();
    const posted = h.notifier.posted[0]!;
    expect(h.notifier.reminders).toEqual([
      {
        channelId: IDS.ESCALATION_CHANNEL,
        adminRoleId: IDS.ADMIN_ROLE,
        replyTo: posted.messageId,
        content: `<@&${IDS.ADMIN_ROLE}> case #1 was escalated 12 hours ago and nobody has acknowledged it yet. Please take a look.`,
        failure: null,
      },
    ]);
    expect(h.cases.eventsOfType('escalation_reminded')).toHaveLength(1);
    expect(h.cases.eventsOfType('escalation_reminded')[0]?.data).toMatchObject({ escalationId: escalation.id, hours: 12 });

    h.clock.advance(48 * HOUR);
    await h.runner.drain();
    expect(h.notifier.reminders).toHaveLength(1);
  });

  it('pings nobody when an admin acknowledged in time', async () => {
    await h.open();
    const { escalation } = await escalated();
    h.clock.advance(HOUR);
    expect((await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, escalationId: escalation.id })).ok).toBe(true);
    h.clock.advance(24 * HOUR);
    await h.runner.drain();
    expect(h.notifier.reminders).toEqual([]);
    expect(h.cases.eventsOfType('escalation_reminded')).toEqual([]);
  });

  it('follows /setup: after the hours set, in the server\'s language; none at all with 0', async () => {
    await h.configure(IDS.GUILD, { escalationReminderHours: 1, language: 'de' });
    await h.open();
    await escalated();
    h.clock.advance(HOUR);
    await h.runner.drain();
    expect(h.notifier.reminders.map((r) => r.content)).toEqual([`<@&${IDS.ADMIN_ROLE}> Fall #1 wurde vor 1 Stunde eskaliert, und noch niemand hat es bestätigt. Bitte sehen Sie sich ihn an.`]);

    await h.configure(IDS.GUILD, { escalationReminderHours: 0 });
    await escalated();
    h.clock.advance(1000 * HOUR);
    await h.runner.drain();
    expect(h.notifier.reminders).toHaveLength(1);
  });
});
