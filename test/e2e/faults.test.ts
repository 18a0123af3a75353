import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type Community, type World } from './support/world.js';

/** Scenarios 3 to 6 of the end-to-end issue: what Discord can refuse or drop, and what the bot makes of it. */
describe('Discord faults, end to end', () => {
  let world: World;
  let c: Community;
  let caseNumber = 0;
  const prismaOf = () => world.bot.database.prisma;

  const openCase = async (complainant: string, accused: string) => {
    const r = await world.run(c, c.people.mod.id, 'case', 'open', { complainant, accused, category: 'stalking', summary: 'Keeps following them.' });
    caseNumber += 1;
    return r;
  };

  beforeAll(async () => {
    world = await startWorld();
    c = world.community;
    await world.setUp(c);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('DMs closed: the advice goes to the member\'s interview thread and the delivery is recorded as such', async () => {
    const { fake } = world;
    const { alex, sam } = c.people;
    await openCase(alex.id, sam.id);
    fake.setDmsClosed(sam.id, true);
    const r = await world.run(c, c.people.mod.id, 'safechat', undefined, { user: sam.id, case: caseNumber, topic: 'self_help' });
    expect(r.reply?.content).toContain('does not accept DMs');
    expect(fake.dmsOf(sam.id)).toEqual([]);
    const samThread = fake.threadsUnder(c.channels.interviews.id).find((t) => t.memberIds.includes(sam.id))!;
    const advice = fake.messagesIn(samThread.id).at(-1)!;
    expect(advice.content).toMatch(/block/i);
    expect(advice.notifiedUserIds).toEqual([]);
    const delivery = await prismaOf().safeChatDelivery.findFirstOrThrow({ where: { guildId: c.guild.id, userId: sam.id } });
    expect(delivery).toMatchObject({ delivered: true, channel: 'interview_thread', topics: ['self_help', 'personal_info'] });
    expect(delivery.failureReason).toContain('cannot-dm');
    fake.setDmsClosed(sam.id, false);
  });

  it('DMs closed and no interview thread: the moderator is told and the failed attempt is recorded', async () => {
    const { fake } = world;
    const { member } = c.people;
    fake.setDmsClosed(member.id, true);
    const r = await world.run(c, c.people.mod.id, 'safechat', undefined, { user: member.id });
    expect(r.reply?.content).toContain('could not be delivered');
    const delivery = await prismaOf().safeChatDelivery.findFirstOrThrow({ where: { guildId: c.guild.id, userId: member.id } });
    expect(delivery).toMatchObject({ delivered: false, channel: 'none' });
    fake.setDmsClosed(member.id, false);
  });

  it('missing Create Private Threads: the case is recorded, the reply names the permission, and a retry after granting it opens the threads', async () => {
    const { fake } = world;
    const { alex, robin } = c.people;
    const restore = fake.denyBotPermission(c.channels.interviews.id, 'CreatePrivateThreads');
    const before = fake.threadsUnder(c.channels.interviews.id).length;
    const r = await openCase(robin.id, alex.id);
    expect(r.reply?.content).toContain(`Case #${caseNumber} opened`);
    expect(r.reply?.content).toContain('Create Private Threads');
    expect(fake.threadsUnder(c.channels.interviews.id)).toHaveLength(before);
    const recorded = await prismaOf().case.findUniqueOrThrow({ where: { guildId_number: { guildId: c.guild.id, number: caseNumber } }, include: { parties: true, events: true } });
    expect(recorded.parties.map((p) => p.threadId)).toEqual([null, null]);
    expect(recorded.events.filter((e) => e.type === 'thread_failed')).toHaveLength(2);

    restore();
    for (const who of [robin, alex]) {
      const retry = await world.run(c, c.people.mod.id, 'case', 'addside', { case: caseNumber, party: who.id, statement: 'Retrying the thread.' });
      expect(retry.reply?.content).toContain('Their private interview thread');
    }
    const after = await prismaOf().party.findMany({ where: { guildId: c.guild.id, caseId: recorded.id } });
    expect(after.every((p) => p.threadId !== null)).toBe(true);
    expect(fake.threadsUnder(c.channels.interviews.id)).toHaveLength(before + 2);
  });

  it('rate limited thread creation (429 with retry_after): /case open still completes and nothing is duplicated', async () => {
    const { fake } = world;
    const { alex, robin } = c.people;
    const cases = await prismaOf().case.count({ where: { guildId: c.guild.id } });
    const threads = fake.threadsUnder(c.channels.interviews.id).length;
    fake.faults.add({ method: 'POST', route: '/channels/{channel_id}/threads', kind: 'rate-limit', retryAfter: 0.3, times: 1 });
    fake.faults.add({ method: 'POST', route: '/channels/{channel_id}/messages', kind: 'rate-limit', retryAfter: 0.2, times: 1 });
    const r = await openCase(alex.id, robin.id);
    expect(r.reply?.content).toContain(`Case #${caseNumber} opened`);
    expect(r.reply?.content).not.toContain('No thread');
    expect(await prismaOf().case.count({ where: { guildId: c.guild.id } })).toBe(cases + 1);
    const created = fake.threadsUnder(c.channels.interviews.id);
    expect(created).toHaveLength(threads + 2);
    for (const t of created.slice(-2)) expect(fake.messagesIn(t.id)).toHaveLength(1); // one introduction each
    expect(fake.requests.filter((q) => q.status === 429).length).toBeGreaterThanOrEqual(2);
  });

  it('gateway dropped mid-session: the bot resumes and serves the next interaction', async () => {
    const { fake } = world;
    const resumed = fake.waitForBot({ event: 'resumed', timeoutMs: 10_000 });
    await fake.dropGateway('resumable');
    await resumed;
    const r = await world.run(c, c.people.mod.id, 'case', 'list', {});
    expect(r.reply?.content).toContain(`#${caseNumber}`);
  });

  it('a Discord outage on the escalation post: the escalation is recorded and the moderator is told to reach an admin directly', async () => {
    const { fake } = world;
    fake.faults.add({ method: 'POST', route: '/channels/{channel_id}/messages', params: { channel_id: c.channels.escalations.id }, kind: 'missing-permissions', times: 1 });
    const r = await world.run(c, c.people.mod.id, 'case', 'escalate', { case: caseNumber, reason: 'I am uncomfortable handling this alone' });
    expect(r.reply?.content).toContain('could not be pinged');
    const escalation = await prismaOf().escalation.findFirstOrThrow({ where: { guildId: c.guild.id }, orderBy: { createdAt: 'desc' } });
    expect(escalation.messageId).toBeNull();
    const events = await prismaOf().caseEvent.findMany({ where: { guildId: c.guild.id, type: 'escalation_notice_failed' } });
    expect(events).toHaveLength(1);
  });

  it('sent no request the spec rejects', () => {
    world.fake.assertNoViolations();
  });
});
