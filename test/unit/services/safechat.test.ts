import { beforeEach, describe, expect, it } from 'vitest';
import { SAFE_CHAT_COOLDOWN_MS } from '../../../src/domain/safechat-advice.js';
import type { SafeChatTopic } from '../../../src/domain/types.js';
import { safeChatAdvice } from '../../../src/messages/safechat-texts.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { sendSafeChat, type SafeChatInput } from '../../../src/services/safechat.js';
import { COMMUNITY_NAME, createHarness, IDS, STANDARDS_URL, staffActor, type Harness } from '../../support/fakes/service-harness.js';
import { translator } from '../../../src/i18n/translate.js';

const en = translator('en-US');

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const ALL_TOPICS: SafeChatTopic[] = ['self_help', 'off_platform', 'real_life', 'personal_info'];
const advice = (topics: readonly SafeChatTopic[]): string => safeChatAdvice(en, topics, { communityName: COMMUNITY_NAME, standardsUrl: STANDARDS_URL });

const input = (overrides: Partial<SafeChatInput> = {}): SafeChatInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  user: { id: IDS.ALEX, isBot: false },
  topic: 'all',
  caseNumber: null,
  force: false,
  ...overrides,
});

async function sent(overrides: Partial<SafeChatInput> = {}) {
  const result = await sendSafeChat(h.deps, input(overrides));
  if (!result.ok) throw new Error(`sendSafeChat refused with ${result.reason}`);
  return result.value;
}

async function threadOf(userId: string, number: number): Promise<string> {
  const threadId = (await h.cases.forGuild(IDS.GUILD).find(number))?.parties.find((p) => p.userId === userId)?.threadId;
  if (!threadId) throw new Error(`${userId} has no thread in case #${number}`);
  return threadId;
}

async function closeOneSided(number: number): Promise<void> {
  const result = await closeCase(h.deps, {
    guildId: IDS.GUILD,
    actor: h.actors.mod2,
    caseNumber: number,
    outcome: 'advised_self_help',
    reason: 'Advised to block',
    oneSidedReason: 'Nobody answered',
  });
  if (!result.ok) throw new Error(`test setup: closeCase refused with ${result.reason}`);
}

/** Runs a refused /safechat and checks that nothing was recorded nor sent. */
async function expectRefusedWithoutChange(overrides: Partial<SafeChatInput>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const result = await sendSafeChat(h.deps, input(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

describe('/safechat by DM', () => {
  it('sends every topic by DM with the standards link, recorded as a delivered dm with a safechat_sent event', async () => {
    const result = await sent();

    expect(h.dms.attempts).toHaveLength(1);
    const [dm] = h.dms.attempts;
    expect(dm).toMatchObject({ userId: IDS.ALEX, failure: null });
    expect(dm?.content).toBe(advice(ALL_TOPICS));
    expect(dm?.content).toContain(STANDARDS_URL);
    expect(dm?.content).toContain(COMMUNITY_NAME);

    expect(result).toMatchObject({ sent: ALL_TOPICS, skipped: [], caseNumber: null });
    expect(h.cases.deliveries).toEqual([
      {
        id: result.delivery!.id,
        caseId: null,
        userId: IDS.ALEX,
        requestedById: IDS.MOD,
        topics: ALL_TOPICS,
        channel: 'dm',
        delivered: true,
        failureReason: null,
        createdAt: h.clock.now(),
      },
    ]);
    const events = h.cases.eventsOfType('safechat_sent');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      caseId: null,
      actorId: IDS.MOD,
      data: { userId: IDS.ALEX, channel: 'dm', topics: ALL_TOPICS, deliveryId: result.delivery!.id },
    });
    expect(h.threads.callCount).toBe(0);
  });

  it('by default sends what fits the case: no real-life part to a party of an ordinary case, or with no case', async () => {
    await h.open();
    expect((await sent({ topic: 'fitting', caseNumber: 1 })).sent).toEqual(['self_help', 'off_platform', 'personal_info']);
    expect((await sent({ topic: 'fitting', user: { id: IDS.ROBIN, isBot: false } })).sent).toEqual(['self_help', 'off_platform', 'personal_info']);
    expect(h.dms.sent[0]?.content).toBe(advice(['self_help', 'off_platform', 'personal_info']));
  });

  it('by default includes the real-life part when the case has reached real life', async () => {
    await h.open({ realLife: true });
    const result = await sent({ topic: 'fitting', caseNumber: 1 });
    expect(result.sent).toEqual(ALL_TOPICS);
    expect(h.dms.sent[0]?.content).toBe(advice(ALL_TOPICS));
  });

  it('with a case given, the delivery and its event belong to that case', async () => {
    const { case: c } = await h.open();

    const result = await sent({ caseNumber: 1 });

    expect(result.caseNumber).toBe(1);
    expect(result.delivery).toMatchObject({ caseId: c.id, channel: 'dm', delivered: true });
    expect(h.cases.eventsOfType('safechat_sent')[0]?.caseId).toBe(c.id);
  });

  it.each([
    ['self_help', ['self_help', 'personal_info']],
    ['off_platform', ['off_platform', 'personal_info']],
    ['real_life', ['real_life', 'personal_info']],
    ['personal_info', ['personal_info']],
  ] as const)('topic %s sends that topic plus personal_info, and the DM carries the standards link', async (topic, expected) => {
    const result = await sent({ topic });

    expect(result.sent).toEqual(expected);
    expect(h.cases.deliveries[0]?.topics).toEqual(expected);
    expect(h.dms.sent[0]?.content).toBe(advice(expected));
    expect(h.dms.sent[0]?.content).toContain(STANDARDS_URL);
  });

  it('the real-life advice does not include the self-help section when only real_life is asked for', async () => {
    await sent({ topic: 'real_life' });
    const content = h.dms.sent[0]?.content ?? '';
    expect(content).toContain('police');
    expect(content).not.toContain('Block the person');
  });

  it('a member holding only the admin role may send advice', async () => {
    const result = await sent({ actor: h.actors.admin });
    expect(h.cases.deliveries[0]?.requestedById).toBe(IDS.ADMIN);
    expect(result.delivery!.delivered).toBe(true);
  });
});

describe('/safechat: the same advice twice within 10 minutes', () => {
  it('the same topic again after 9 minutes 59 seconds: recently-sent naming the skipped topics, nothing sent', async () => {
    await sent({ topic: 'self_help' });
    h.clock.advance(SAFE_CHAT_COOLDOWN_MS - 1000);

    await expectRefusedWithoutChange({ topic: 'self_help' }, { reason: 'recently-sent', topics: ['self_help', 'personal_info'] });
  });

  it('with force it is sent again at once', async () => {
    await sent();
    h.clock.advance(60_000);

    const result = await sent({ force: true });

    expect(result).toMatchObject({ sent: ALL_TOPICS, skipped: [] });
    expect(h.dms.sent).toHaveLength(2);
    expect(h.cases.deliveries).toHaveLength(2);
  });

  it('only the topics not sent recently go out; the others are reported as skipped', async () => {
    await sent({ topic: 'self_help' });
    h.clock.advance(2 * 60_000);

    const result = await sent({ topic: 'all' });

    expect(result).toMatchObject({ sent: ['off_platform', 'real_life'], skipped: ['self_help', 'personal_info'] });
    expect(h.dms.sent[1]?.content).toBe(advice(['off_platform', 'real_life']));
    expect(h.cases.deliveries[1]?.topics).toEqual(['off_platform', 'real_life']);
  });

  it('exactly 10 minutes later the same topic is sent again', async () => {
    await sent({ topic: 'real_life' });
    h.clock.advance(SAFE_CHAT_COOLDOWN_MS);

    const result = await sent({ topic: 'real_life' });
    expect(result.sent).toEqual(['real_life', 'personal_info']);
  });

  it('11 minutes later the same topic is sent again', async () => {
    await sent({ topic: 'real_life' });
    h.clock.advance(SAFE_CHAT_COOLDOWN_MS + 60_000);

    const result = await sent({ topic: 'real_life' });
    expect(result.sent).toEqual(['real_life', 'personal_info']);
    expect(h.dms.sent).toHaveLength(2);
  });

  it('the cooldown is per member: Sam may get the advice right after Alex', async () => {
    await sent();
    const result = await sent({ user: { id: IDS.SAM, isBot: false } });
    expect(result.sent).toEqual(ALL_TOPICS);
  });

  it('a delivery that reached nobody does not count: the advice may be tried again at once', async () => {
    h.dms.closeDmsOf(IDS.ROBIN);
    const failed = await sent({ user: { id: IDS.ROBIN, isBot: false } });
    expect(failed.delivery!.delivered).toBe(false);
    h.dms.openDmsOf(IDS.ROBIN);

    const retried = await sent({ user: { id: IDS.ROBIN, isBot: false } });

    expect(retried.delivery).toMatchObject({ channel: 'dm', delivered: true });
  });

  it('advice posted in the interview thread counts as delivered for the cooldown', async () => {
    await h.open();
    h.dms.closeDmsOf(IDS.ALEX);
    await sent({ caseNumber: 1 });

    await expectRefusedWithoutChange({ caseNumber: 1 }, { reason: 'recently-sent', topics: ALL_TOPICS });
  });
});

describe('/safechat: DMs closed', () => {
  it("posts the advice in the member's interview thread of the given case, recorded as delivered there", async () => {
    const { case: c1 } = await h.open();
    await h.open({ accused: { id: IDS.ROBIN, isBot: false } }); // case #2, also with Alex
    const thread1 = await threadOf(IDS.ALEX, 1);
    h.dms.closeDmsOf(IDS.ALEX);

    const result = await sent({ caseNumber: 1 });

    expect(h.dms.attempts).toEqual([expect.objectContaining({ userId: IDS.ALEX, failure: 'cannot-dm' })]);
    expect(h.threads.posts).toEqual([expect.objectContaining({ threadId: thread1, content: advice(ALL_TOPICS), failure: null })]);
    expect(h.threads.thread(thread1)?.messages.at(-1)).toBe(advice(ALL_TOPICS));
    expect(result.delivery).toMatchObject({
      caseId: c1.id,
      userId: IDS.ALEX,
      channel: 'interview_thread',
      delivered: true,
      failureReason: 'dm: cannot-dm',
    });
    expect(h.cases.eventsOfType('safechat_sent')[0]).toMatchObject({
      caseId: c1.id,
      data: { userId: IDS.ALEX, channel: 'interview_thread', topics: ALL_TOPICS, failureReason: 'dm: cannot-dm' },
    });
  });

  it("without a case, posts in the member's thread of their newest open case", async () => {
    await h.open();
    await h.open({ accused: { id: IDS.ROBIN, isBot: false } });
    const thread2 = await threadOf(IDS.ALEX, 2);
    h.dms.closeDmsOf(IDS.ALEX);

    const result = await sent();

    expect(h.threads.posts.map((p) => p.threadId)).toEqual([thread2]);
    expect(result.delivery).toMatchObject({ channel: 'interview_thread', delivered: true });
  });

  it('without a case, the delivery is recorded on the case whose thread received the advice, so /case view lists it', async () => {
    await h.open();
    const { case: c2 } = await h.open({ accused: { id: IDS.ROBIN, isBot: false } });
    h.dms.closeDmsOf(IDS.ALEX);

    const result = await sent();

    expect(result.caseNumber).toBe(2);
    expect(result.delivery!.caseId).toBe(c2.id);
    const detail = await h.cases.forGuild(IDS.GUILD).detail(2, 10);
    expect(detail?.deliveries.map((d) => d.id)).toEqual([result.delivery!.id]);
  });

  it("without a case, never posts in a thread of a case the moderator is a party to (recusal): Sam, a moderator, cannot reach Alex's thread in Alex v Sam", async () => {
    await h.open(); // #1: Alex complains about Sam
    h.dms.closeDmsOf(IDS.ALEX);

    const result = await sent({ actor: staffActor(IDS.SAM) });

    expect(h.threads.posts).toEqual([]);
    expect(result.delivery).toMatchObject({ caseId: null, channel: 'none', delivered: false, failureReason: 'dm: cannot-dm; no interview thread' });
  });

  it('without a case, a closed newer case is passed over for the newest open one', async () => {
    await h.open();
    await h.open({ accused: { id: IDS.ROBIN, isBot: false } });
    await closeOneSided(2);
    const thread1 = await threadOf(IDS.ALEX, 1);
    h.dms.closeDmsOf(IDS.ALEX);

    await sent();

    expect(h.threads.posts.map((p) => p.threadId)).toEqual([thread1]);
  });

  it('without a case, a newest open case where the member has no thread is passed over for an older one with a thread', async () => {
    await h.open();
    h.threads.failOpenFor(IDS.ALEX, 'missing-permissions');
    await h.open({ accused: { id: IDS.ROBIN, isBot: false } });
    h.threads.clearFailures();
    const thread1 = await threadOf(IDS.ALEX, 1);
    h.dms.closeDmsOf(IDS.ALEX);

    await sent();

    expect(h.threads.posts.map((p) => p.threadId)).toEqual([thread1]);
  });

  it("with no interview thread anywhere: recorded as not delivered, channel none, safechat_failed; the result is still ok", async () => {
    h.dms.closeDmsOf(IDS.ROBIN);

    const result = await sendSafeChat(h.deps, input({ user: { id: IDS.ROBIN, isBot: false } }));

    if (!result.ok) throw new Error(result.reason);
    expect(h.threads.callCount).toBe(0);
    expect(h.cases.deliveries).toEqual([
      expect.objectContaining({
        userId: IDS.ROBIN,
        channel: 'none',
        delivered: false,
        failureReason: 'dm: cannot-dm; no interview thread',
        topics: ALL_TOPICS,
      }),
    ]);
    expect(h.cases.eventsOfType('safechat_sent')).toHaveLength(0);
    expect(h.cases.eventsOfType('safechat_failed')[0]).toMatchObject({
      actorId: IDS.MOD,
      data: { userId: IDS.ROBIN, channel: 'none', failureReason: 'dm: cannot-dm; no interview thread' },
    });
  });

  it('when posting in the thread fails too: not delivered, channel none, with both reasons', async () => {
    await h.open();
    const thread1 = await threadOf(IDS.ALEX, 1);
    h.dms.closeDmsOf(IDS.ALEX);
    h.threads.failPostTo(thread1, 'missing-access');

    const result = await sent({ caseNumber: 1 });

    expect(h.threads.posts).toEqual([expect.objectContaining({ threadId: thread1, failure: 'missing-access' })]);
    expect(result.delivery).toMatchObject({ channel: 'none', delivered: false, failureReason: 'dm: cannot-dm; thread: missing-access' });
    expect(h.cases.eventsOfType('safechat_failed')).toHaveLength(1);
  });

  it('a DM that fails for another reason falls back the same way and records that reason', async () => {
    await h.open();
    h.dms.failNextSend('unavailable');

    const result = await sent({ caseNumber: 1 });

    expect(result.delivery).toMatchObject({ channel: 'interview_thread', delivered: true, failureReason: 'dm: unavailable' });
  });
});

describe('/safechat: refused, nothing recorded and nothing sent', () => {
  it('a bot as the member: target-is-bot', async () => {
    await expectRefusedWithoutChange({ user: { id: IDS.BOT, isBot: true } }, { reason: 'target-is-bot' });
  });

  it('a member without the staff role: not-staff', async () => {
    await expectRefusedWithoutChange({ actor: h.actors.member }, { reason: 'not-staff' });
  });

  it('a guild that has not run /setup: not-configured', async () => {
    await expectRefusedWithoutChange({ guildId: IDS.OTHER_GUILD }, { reason: 'not-configured' });
  });

  it('a closed case: case-closed', async () => {
    await h.open();
    await closeOneSided(1);
    await expectRefusedWithoutChange({ caseNumber: 1 }, { reason: 'case-closed' });
  });

  it('a case number that does not exist: case-not-found', async () => {
    await h.open();
    await expectRefusedWithoutChange({ caseNumber: 5 }, { reason: 'case-not-found' });
  });

  it('a moderator who is a party to the given case: actor-is-party', async () => {
    await h.open();
    await expectRefusedWithoutChange({ actor: staffActor(IDS.SAM), caseNumber: 1 }, { reason: 'actor-is-party' });
  });
});

describe('/safechat when Discord does not answer', () => {
  it('a DM that times out (no thread to fall back on) is queued, then sent once by the retry and recorded once', async () => {
    h.dms.failNextSend('unavailable');

    const first = await sent();

    expect(first.delivery).toBeNull();
    expect(h.cases.deliveries).toHaveLength(0);
    expect(h.actions.pending().map((a) => a.kind)).toEqual(['safechat.send']);

    h.clock.advance(1_000);
    await h.runner.drain();

    expect(h.actions.pending()).toEqual([]);
    expect(h.dms.sent).toHaveLength(1);
    expect(h.cases.deliveries).toMatchObject([{ userId: IDS.ALEX, channel: 'dm', delivered: true }]);
    expect(h.cases.eventsOfType('safechat_sent')).toHaveLength(1);
  });

  it('a thread post that times out after the DM was refused is retried without a second DM', async () => {
    const { case: c } = await h.open();
    const threadId = await threadOf(IDS.ALEX, c.number);
    h.dms.closeDmsOf(IDS.ALEX);
    h.threads.failPostTo(threadId, 'unavailable');

    const first = await sent({ caseNumber: c.number });
    expect(first.delivery).toBeNull();
    const dmTries = h.dms.callCount;

    h.threads.clearFailures();
    h.clock.advance(1_000);
    await h.runner.drain();

    expect(h.dms.callCount).toBe(dmTries); // the refused DM is remembered, not tried again
    expect(h.cases.deliveries).toMatchObject([{ userId: IDS.ALEX, channel: 'interview_thread', delivered: true, failureReason: 'dm: cannot-dm' }]);
    expect(h.threads.posts.filter((p) => p.threadId === threadId && p.failure === null)).toHaveLength(1);
  });
});
