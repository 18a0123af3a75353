import { beforeEach, describe, expect, it } from 'vitest';
import { openCase, type OpenCaseInput } from '../../../src/services/case-opening.js';
import { COMMUNITY_NAME, createHarness, IDS, staffActor, adminActor, type Harness } from '../../support/fakes/service-harness.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const input = (overrides: Partial<OpenCaseInput> = {}): OpenCaseInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  complainant: { id: IDS.ALEX, isBot: false },
  accused: { id: IDS.SAM, isBot: false },
  category: 'harassment',
  summary: 'Sam keeps joining every channel Alex is in',
  realLife: false,
  offPlatform: false,
  exposureLocation: null,
  ...overrides,
});

/** Runs a refused open and checks that nothing was recorded nor sent. */
async function expectRefusedWithoutChange(overrides: Partial<OpenCaseInput>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const result = await openCase(h.deps, input(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

describe('/case open: success', () => {
  it('records case #1 with complainant at position 1, accused at 2, status open and a case_opened event', async () => {
    const result = await openCase(h.deps, input({ offPlatform: true }));

    if (!result.ok) throw new Error(result.reason);
    const c = result.value.case;
    expect(c).toMatchObject({ guildId: IDS.GUILD, number: 1, status: 'open', category: 'harassment', offPlatform: true, realLife: false, openedById: IDS.MOD });
    expect(c.parties.map((p) => [p.userId, p.role, p.position])).toEqual([
      [IDS.ALEX, 'complainant', 1],
      [IDS.SAM, 'accused', 2],
    ]);
    expect(result.value.suggestEscalation).toBe(false);
    expect(result.value.interviewChannelId).toBe(IDS.INTERVIEW_CHANNEL);
    const opened = h.cases.eventsOfType('case_opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ caseId: c.id, actorId: IDS.MOD, data: { number: 1, category: 'harassment' } });
  });

  it('opens two private threads named case-N-interview-1/2 under the interview channel, each with exactly [party, moderator]', async () => {
    const { case: c, threads } = await h.open();

    expect(h.threads.opens).toHaveLength(2);
    expect(h.threads.opens.map((o) => ({ name: o.name, members: o.memberIds, addressee: o.addresseeId, parent: o.parentChannelId, guild: o.guildId }))).toEqual([
      { name: `case-${c.number}-interview-1`, members: [IDS.ALEX, IDS.MOD], addressee: IDS.ALEX, parent: IDS.INTERVIEW_CHANNEL, guild: IDS.GUILD },
      { name: `case-${c.number}-interview-2`, members: [IDS.SAM, IDS.MOD], addressee: IDS.SAM, parent: IDS.INTERVIEW_CHANNEL, guild: IDS.GUILD },
    ]);
    expect(threads.every((t) => t.status === 'opened')).toBe(true);
    // The names carry no user names or roles.
    for (const o of h.threads.opens) expect(o.name).toMatch(/^case-\d+-interview-\d+$/);
  });

  it('gives each party the identical introduction apart from the mention of the addressee', async () => {
    await h.open();

    const [first, second] = h.threads.opens;
    if (!first || !second) throw new Error('two threads expected');
    expect(first.intro).toContain(`<@${IDS.ALEX}>`);
    expect(second.intro).toContain(`<@${IDS.SAM}>`);
    expect(first.intro).not.toContain(IDS.SAM);
    expect(second.intro).not.toContain(IDS.ALEX);
    expect(first.intro.replace(`<@${IDS.ALEX}>`, '<@someone>')).toBe(second.intro.replace(`<@${IDS.SAM}>`, '<@someone>'));
    expect(first.intro).toContain(COMMUNITY_NAME);
    expect(first.intro).not.toMatch(/accused|complainant/i);
  });

  it('stores each thread id on its party with a thread_created event', async () => {
    const { case: c, threads } = await h.open();

    const stored = await h.cases.forGuild(IDS.GUILD).find(c.number);
    const threadIds = threads.map((t) => (t.status === 'opened' ? t.threadId : null));
    expect(stored?.parties.map((p) => p.threadId)).toEqual(threadIds);
    for (const id of threadIds) expect(id).toMatch(/^\d{17,}$/);
    expect(h.cases.eventsOfType('thread_created').map((e) => e.data['threadId'])).toEqual(threadIds);
  });

  it('numbers cases per guild without gaps: 1, 2 here and 1 in another guild', async () => {
    await h.configure(IDS.OTHER_GUILD);
    const first = await h.open();
    const second = await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
    const elsewhere = await h.open({ guildId: IDS.OTHER_GUILD });

    expect([first.case.number, second.case.number, elsewhere.case.number]).toEqual([1, 2, 1]);
  });

  it('with real_life the result suggests escalating now', async () => {
    const result = await h.open({ realLife: true });
    expect(result.suggestEscalation).toBe(true);
    expect(result.case.realLife).toBe(true);
  });

  it('personal_info_exposed with where=on_server records the location', async () => {
    const result = await h.open({ category: 'personal_info_exposed', exposureLocation: 'on_server' });
    expect(result.case).toMatchObject({ category: 'personal_info_exposed', exposureLocation: 'on_server' });
  });

  it('a where given for another category is not stored', async () => {
    const result = await h.open({ category: 'stalking', exposureLocation: 'elsewhere' });
    expect(result.case.exposureLocation).toBeNull();
  });

  it('the summary is stored trimmed, and a summary of exactly 1000 characters is accepted', async () => {
    const trimmed = await h.open({ summary: '  Follows Alex around  ' });
    const long = await h.open({ summary: 's'.repeat(1000) });
    expect(trimmed.case.summary).toBe('Follows Alex around');
    expect(long.case.summary).toHaveLength(1000);
  });

  it('a member holding only the admin role may open a case', async () => {
    const result = await openCase(h.deps, input({ actor: h.actors.admin }));
    expect(result.ok).toBe(true);
  });
});

describe('/case open: a thread Discord refuses', () => {
  it('still records the case, returns the failure and records a thread_failed event', async () => {
    h.threads.failOpenFor(IDS.SAM, 'missing-permissions');

    const result = await openCase(h.deps, input());

    if (!result.ok) throw new Error(result.reason);
    const [alexThread, samThread] = result.value.threads;
    expect(alexThread).toMatchObject({ userId: IDS.ALEX, status: 'opened' });
    expect(samThread).toMatchObject({ userId: IDS.SAM, status: 'failed', reason: 'missing-permissions' });
    const stored = await h.cases.forGuild(IDS.GUILD).find(result.value.case.number);
    expect(stored?.parties.find((p) => p.userId === IDS.SAM)?.threadId).toBeNull();
    const failed = h.cases.eventsOfType('thread_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ caseId: result.value.case.id, actorId: IDS.MOD, data: { reason: 'missing-permissions' } });
  });

  it('a thread refused is failed for good (thread_failed); one Discord did not answer for is queued, then opened by a retry', async () => {
    h.threads.failNextOpen('missing-access').failNextOpen('unavailable');

    const result = await openCase(h.deps, input());

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.threads.map((t) => (t.status === 'failed' ? t.reason : t.status))).toEqual(['missing-access', 'queued']);
    expect(h.cases.counts().cases).toBe(1);
    expect(h.cases.eventsOfType('thread_failed')).toHaveLength(1);
    // Besides the two check-ins scheduled three days out.
    expect(h.actions.pending().map((a) => a.kind)).toEqual(['thread.open', 'checkin.send', 'checkin.send']);

    // Discord answers again; the retry is due after its backoff.
    h.clock.advance(1_000);
    await h.runner.drain();
    expect(h.actions.pending().map((a) => a.kind)).toEqual(['checkin.send', 'checkin.send']);
    const stored = await h.cases.forGuild(IDS.GUILD).find(result.value.case.number);
    expect(stored?.parties.map((p) => p.threadId === null)).toEqual([true, false]);
    expect(h.cases.eventsOfType('thread_created')).toHaveLength(1);
    // The retry looked for a thread of that name first (the first try might have made one).
    expect(h.threads.opens.at(-1)?.reuseExisting).toBe(true);
  });
});

describe('/case open: refused, nothing recorded and no Discord call', () => {
  it('before /setup: not-configured', async () => {
    await expectRefusedWithoutChange({ guildId: IDS.OTHER_GUILD }, { reason: 'not-configured' });
  });

  it('a member without the staff role: not-staff', async () => {
    await expectRefusedWithoutChange({ actor: h.actors.member }, { reason: 'not-staff' });
  });

  it('a member with no roles at all: not-staff', async () => {
    await expectRefusedWithoutChange({ actor: { id: IDS.MEMBER, roleIds: [] } }, { reason: 'not-staff' });
  });

  it('the same user as complainant and accused: same-user', async () => {
    await expectRefusedWithoutChange({ accused: { id: IDS.ALEX, isBot: false } }, { reason: 'same-user' });
  });

  it('a bot as complainant: party-is-bot', async () => {
    await expectRefusedWithoutChange({ complainant: { id: IDS.BOT, isBot: true } }, { reason: 'party-is-bot' });
  });

  it('a bot as accused: party-is-bot', async () => {
    await expectRefusedWithoutChange({ accused: { id: IDS.BOT, isBot: true } }, { reason: 'party-is-bot' });
  });

  it('the moderator as the complainant: actor-is-party', async () => {
    await expectRefusedWithoutChange({ actor: staffActor(IDS.ALEX) }, { reason: 'actor-is-party' });
  });

  it('the moderator as the accused: actor-is-party', async () => {
    await expectRefusedWithoutChange({ actor: staffActor(IDS.SAM) }, { reason: 'actor-is-party' });
  });

  it('an admin as the accused: actor-is-party', async () => {
    await expectRefusedWithoutChange({ actor: adminActor(IDS.SAM) }, { reason: 'actor-is-party' });
  });

  it('a summary of 1001 characters: text-too-long on summary', async () => {
    await expectRefusedWithoutChange({ summary: 'x'.repeat(1001) }, { reason: 'text-too-long', field: 'summary', max: 1000 });
  });

  it('a blank summary: text-required on summary', async () => {
    await expectRefusedWithoutChange({ summary: ' \n\t ' }, { reason: 'text-required', field: 'summary' });
  });

  it('personal_info_exposed without where: exposure-location-required', async () => {
    await expectRefusedWithoutChange({ category: 'personal_info_exposed', exposureLocation: null }, { reason: 'exposure-location-required' });
  });
});
