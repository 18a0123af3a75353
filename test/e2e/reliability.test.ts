import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from './fake-discord/index.js';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';

/**
 * Rows of docs/reliability.md: what Discord can do to a whole case (429s and
 * 500s on every route, timeouts, a thread deleted by hand) and what the
 * gateway can do (an interaction delivered twice). Each ends with the case
 * complete or the failure recorded, and nothing sent twice.
 */

/** Every route a whole case uses, as the spec names them. */
const CASE_ROUTES: readonly { method: string; route: string }[] = [
  { method: 'POST', route: '/interactions/{interaction_id}/{interaction_token}/callback' },
  { method: 'PATCH', route: '/webhooks/{webhook_id}/{webhook_token}/messages/@original' },
  { method: 'POST', route: '/channels/{channel_id}/threads' },
  { method: 'PUT', route: '/channels/{channel_id}/thread-members/{user_id}' },
  { method: 'POST', route: '/channels/{channel_id}/messages' },
  { method: 'POST', route: '/users/@me/channels' },
  { method: 'PATCH', route: '/channels/{channel_id}' },
];

describe('Discord faults on every route of a whole case, end to end', () => {
  let world: World;
  let c: Community;
  let fake: FakeDiscord;
  const prisma = () => world.bot.database.prisma;

  beforeAll(async () => {
    world = await startWorld({ bot: { requestTimeoutMs: 400 } });
    c = world.community;
    fake = world.fake;
    await world.setUp(c);
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** /case open → /safechat both → sides → escalate → acknowledge → close; returns what Discord then holds for the case. */
  async function wholeCase(number: number) {
    const { mod, admin, alex, sam } = c.people;
    const dmsBefore = { alex: fake.dmsOf(alex.id).length, sam: fake.dmsOf(sam.id).length };
    const noticesBefore = fake.messagesIn(c.channels.escalations.id).length;
    const threadsBefore = fake.threadsUnder(c.channels.interviews.id).length;
    const replies: string[] = [];
    const run = async (sub: string | undefined, options: Record<string, string | number | boolean>, command = 'case') => {
      const r = await world.run(c, mod.id, command, sub, options);
      expect(r.errors).toEqual([]);
      replies.push(r.reply?.content ?? '');
      return r;
    };
    await run('open', { complainant: alex.id, accused: sam.id, category: 'harassment', summary: `Case ${number}: follows them around.` });
    await run(undefined, { user: alex.id, case: number, force: true }, 'safechat');
    await run(undefined, { user: sam.id, case: number, force: true }, 'safechat');
    await run('addside', { case: number, party: alex.id, statement: 'They follow me.' });
    await run('addside', { case: number, party: sam.id, statement: 'I do not.' });
    await run('escalate', { case: number, reason: 'The complaint looks legitimate' });
    const notice = fake.messagesIn(c.channels.escalations.id).at(-1)!;
    const ack = await fake.button(admin.id, buttonIds(notice)[0]!, { messageId: notice.id }).settled({ timeoutMs: 15_000 });
    expect(ack.errors).toEqual([]);
    await run('close', { case: number, outcome: 'advised_self_help', reason: 'Both advised.' });
    const threads = fake.threadsUnder(c.channels.interviews.id).slice(threadsBefore);
    return {
      replies,
      threads,
      newDms: { alex: fake.dmsOf(alex.id).length - dmsBefore.alex, sam: fake.dmsOf(sam.id).length - dmsBefore.sam },
      newNotices: fake.messagesIn(c.channels.escalations.id).length - noticesBefore,
      ackEmbed: JSON.stringify(fake.messagesIn(c.channels.escalations.id).at(-1)?.embeds),
    };
  }

  function expectCompleteAndSingle(result: Awaited<ReturnType<typeof wholeCase>>, number: number): void {
    expect(result.replies[0]).toContain(`Case #${number} opened`);
    expect(result.replies.at(-1)).toContain(`Case #${number} is closed`);
    expect(result.threads).toHaveLength(2);
    for (const t of result.threads) {
      const messages = fake.messagesIn(t.id);
      // the introduction, then the closing message (the advice went by DM)
      expect(messages).toHaveLength(2);
      expect(messages[0]!.content).toMatch(/^Hello <@\d+>/);
      expect(messages[1]!.content).toMatch(new RegExp(`^Case #${number} is now closed`));
      expect(fake.channel(t.id)).toMatchObject({ archived: true, locked: true });
    }
    expect(result.newDms).toEqual({ alex: 1, sam: 1 });
    expect(result.newNotices).toBe(1);
    expect(result.ackEmbed).toContain('Acknowledged');
  }

  it('a 429 with retry_after on every route a case uses: the whole case completes and nothing is sent twice', async () => {
    const faults = CASE_ROUTES.map((r) => fake.faults.add({ ...r, kind: 'rate-limit', retryAfter: 0.1, times: 1 }));
    const result = await wholeCase(1);
    expectCompleteAndSingle(result, 1);
    expect(faults.map((f) => f.hits)).toEqual(CASE_ROUTES.map(() => 1));
    expect(await prisma().case.count({ where: { guildId: c.guild.id } })).toBe(1);
  });

  it('a 500 on every route a case uses: discord.js retries, the whole case completes and nothing is sent twice', async () => {
    const faults = CASE_ROUTES.map((r) => fake.faults.add({ ...r, kind: 'server-error', times: 1 }));
    const result = await wholeCase(2);
    expectCompleteAndSingle(result, 2);
    expect(faults.map((f) => f.hits)).toEqual(CASE_ROUTES.map(() => 1));
  });

  it('a message post that times out after Discord carried it out is retried without a second message (nonce)', async () => {
    // Each message route answers late once: later than the bot waits, so discord.js gives up and retries,
    // while the first request still goes through.
    const slow = fake.faults.add({ method: 'POST', route: '/channels/{channel_id}/messages', kind: 'delay', ms: 900, times: 3 });
    const result = await wholeCase(3);
    expectCompleteAndSingle(result, 3);
    expect(slow.hits).toBe(3);
    const retried = fake.requests.filter((q) => q.route === '/channels/{channel_id}/messages' && q.fault === 'delay');
    expect(retried).toHaveLength(3);
  });

  it('a thread deleted by hand (10003): closing still closes the case, closes the other thread, and records the failure', async () => {
    const { mod, alex, sam } = c.people;
    const opened = await world.run(c, mod.id, 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'stalking', summary: 'Thread to be deleted.' });
    expect(opened.reply?.content).toContain('Case #4 opened');
    const [alexThread, samThread] = fake.threadsUnder(c.channels.interviews.id).slice(-2);
    fake.faults.add({ route: '/channels/{channel_id}/messages', params: { channel_id: alexThread!.id }, kind: 'unknown-channel', times: Infinity });
    fake.faults.add({ route: '/channels/{channel_id}', params: { channel_id: alexThread!.id }, kind: 'unknown-channel', times: Infinity });

    fake.setDmsClosed(alex.id, true);
    const advice = await world.run(c, mod.id, 'safechat', undefined, { user: alex.id, case: 4, force: true });
    expect(advice.reply?.content).toContain('could not be delivered');
    fake.setDmsClosed(alex.id, false);

    const closed = await world.run(c, mod.id, 'case', 'close', { case: 4, outcome: 'no_action', reason: 'Nothing further.', one_sided_reason: 'Neither answered.' });
    expect(closed.reply?.content).toContain('Case #4 is closed');
    expect(fake.channel(samThread!.id)).toMatchObject({ archived: true, locked: true });
    const record = await prisma().case.findUniqueOrThrow({ where: { guildId_number: { guildId: c.guild.id, number: 4 } }, include: { events: true, deliveries: true } });
    expect(record.status).toBe('closed');
    const failed = record.events.find((e) => e.type === 'thread_close_failed');
    expect(JSON.stringify(failed?.data)).toContain('unknown-channel');
    expect(record.deliveries).toEqual([expect.objectContaining({ delivered: false, channel: 'none', failureReason: 'dm: cannot-dm; thread: unknown-channel' })]);
  });

  it('the same interaction delivered twice (a gateway replay): one case, one pair of threads, one reply', async () => {
    const { mod, alex, robin } = c.people;
    const casesBefore = await prisma().case.count({ where: { guildId: c.guild.id } });
    const threadsBefore = fake.threadsUnder(c.channels.interviews.id).length;
    const first = await world.run(c, mod.id, 'case', 'open', { complainant: alex.id, accused: robin.id, category: 'other', summary: 'Delivered twice.' });
    expect(first.reply?.content).toContain('opened');
    const replay = fake.dispatchInteraction(first.payload);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fake.idle();
    expect(replay.acknowledged).toBe(false);
    expect(await prisma().case.count({ where: { guildId: c.guild.id } })).toBe(casesBefore + 1);
    expect(fake.threadsUnder(c.channels.interviews.id)).toHaveLength(threadsBefore + 2);
  });

  it('mentions typed into a case are stored as typed and never ping anyone when shown', async () => {
    const { mod, alex, sam } = c.people;
    const loud = `@everyone @here <@&${c.roles.staff.id}> <@${c.people.member.id}> **bold** a\u200bb`;
    const opened = await world.run(c, mod.id, 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'harassment', summary: loud });
    const number = Number(/Case #(\d+) opened/.exec(opened.reply?.content ?? '')?.[1]);
    const stored = await prisma().case.findUniqueOrThrow({ where: { guildId_number: { guildId: c.guild.id, number } } });
    expect(stored.summary).toBe(loud);
    const view = await world.run(c, mod.id, 'case', 'view', { case: number });
    expect(JSON.stringify(view.reply?.embeds)).toContain('@everyone');
    const escalated = await world.run(c, mod.id, 'case', 'escalate', { case: number, reason: loud });
    expect(escalated.reply?.content).toContain('escalated');
    const notice = fake.messagesIn(c.channels.escalations.id).at(-1)!;
    for (const shown of [view.reply!, opened.reply!, escalated.reply!]) {
      expect(shown.pingedEveryone).toBe(false);
      expect(shown.notifiedUserIds).toEqual([]);
    }
    expect(notice.pingedEveryone).toBe(false);
    expect(notice.pingedRoleIds).toEqual([c.roles.admin.id]);
    expect(notice.notifiedUserIds).toEqual([c.people.admin.id]);
  });

  it('an interaction callback slower than the REST timeout is sent once, and the reply still arrives', async () => {
    const route = '/interactions/{interaction_id}/{interaction_token}/callback';
    const before = fake.requests.filter((q) => q.route === route).length;
    // Later than the bot's 400 ms request timeout: discord.js alone would send it again and get 40060.
    const slow = fake.faults.add({ method: 'POST', route, kind: 'delay', ms: 700, times: 1 });
    const r = await world.run(c, c.people.mod.id, 'case', 'view', { case: 1 });
    expect(slow.hits).toBe(1);
    expect(r.errors).toEqual([]); // no "second callback"
    expect(fake.requests.filter((q) => q.route === route).length - before).toBe(1);
    expect(JSON.stringify(r.reply?.embeds ?? [])).toContain('#1');
  });

  it('sent no request the spec rejects', () => {
    fake.assertNoViolations();
  });
});
