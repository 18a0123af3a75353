import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionHandlers } from '../../src/actions/handlers.js';
import { ActionRunner } from '../../src/actions/runner.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { createLogger } from '../../src/logging/logger.js';
import { PrismaActionStore } from '../../src/persistence/owed-actions.js';
import type { MessageView } from './fake-discord/interactions.js';
import { bringForward, untilCarriedOut } from './support/scheduled-work.js';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';

/**
 * Check-ins against the local Discord API with the real discord.js client:
 * scheduled with the case (due time moved to now instead of waiting three
 * days), sent by DM with the same words to both parties, answered with the
 * buttons once and only by their member; in the thread when DMs are
 * closed; not to a member who left; and, with a process that died holding
 * one and two more runners taking them up, each sent once.
 */
describe('check-ins with the parties, end to end', () => {
  let world: World;
  let c: Community;
  const prisma = () => world.bot.database.prisma;

  /** Makes the guild's pending check-ins due now, by the database's clock, and waits until they are carried out. */
  async function checkInTimeComes(): Promise<void> {
    await bringForward(prisma(), c.guild.id, 'checkin.send');
    await untilCarriedOut(prisma(), c.guild.id, 'checkin.send', 'the check-ins');
  }
  const checkInDms = (userId: string): MessageView[] =>
    world.fake.dmsOf(userId).filter((m) => buttonIds(m).some((id) => customIds.checkInAnswer.parse(id) !== null) || m.content.includes('**Your answer:**'));
  const answerButton = (m: MessageView, answer: string): string => buttonIds(m).find((id) => customIds.checkInAnswer.parse(id)?.[2] === answer)!;

  beforeAll(async () => {
    world = await startWorld({ bot: { runner: { pollMs: 100 } } });
    c = world.community;
    await world.setUp(c, { case_log_channel: c.channels.staffRoom.id });
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.alex.id, accused: c.people.sam.id, category: 'harassment', summary: 'x' });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('schedules a check-in for each party three days out, by the database\'s clock', async () => {
    const rows = await prisma().$queryRaw<{ hours: number }[]>`
      SELECT round(extract(epoch FROM ("runAt" - "createdAt")) / 3600)::int AS hours FROM "OwedAction" WHERE "kind" = 'checkin.send' AND "guildId" = ${c.guild.id}`;
    expect(rows.map((r) => r.hours)).toEqual([72, 72]);
    expect(checkInDms(c.people.alex.id)).toEqual([]);
  });

  it('when due, both parties get the same DM with the same three buttons; neither can see the other\'s', async () => {
    await checkInTimeComes();
    const [alexDm] = checkInDms(c.people.alex.id);
    const [samDm] = checkInDms(c.people.sam.id);
    expect(alexDm?.content).toBe('Hello from the staff of example-town. We are checking in about case #1: how are things now? Please choose the answer that fits best. Only staff see it, and you can always write to us in your interview thread.');
    expect(samDm?.content).toBe(alexDm?.content);
    const labels = (m: MessageView) => (m.components as { components: { label: string }[] }[]).flatMap((row) => row.components.map((b) => b.label));
    expect(labels(alexDm!)).toEqual(['Better now', 'Still happening', 'It has reached my real life']);
    expect(labels(samDm!)).toEqual(labels(alexDm!));
    expect(world.fake.canView(c.people.sam.id, alexDm!.channelId)).toBe(false);
    expect(await prisma().checkIn.count({ where: { guildId: c.guild.id, status: 'sent', channel: 'dm' } })).toBe(2);
  });

  it('a forged press carrying someone else\'s check-in changes nothing', async () => {
    const [alexDm] = checkInDms(c.people.alex.id);
    const [samDm] = checkInDms(c.people.sam.id);
    const forged = await world.fake.button(c.people.sam.id, answerButton(alexDm!, 'better'), { messageId: samDm!.id, unchecked: true }).settled();
    expect(forged.followUps.at(-1)?.content).toBe('This check-in was sent to someone else, so it cannot be answered here.');
    expect(await prisma().checkIn.count({ where: { guildId: c.guild.id, answer: { not: null } } })).toBe(0);
  });

  it('"Still happening": the answer stays on the message (no buttons), staff are told without a ping, the advice is offered; a second press is refused', async () => {
    const [dm] = checkInDms(c.people.alex.id);
    const press = await world.fake.button(c.people.alex.id, answerButton(dm!, 'still'), { messageId: dm!.id }).settled();
    const [after] = checkInDms(c.people.alex.id);
    expect(after?.content).toContain('**Your answer:** Still happening');
    expect(after?.components).toEqual([]);
    const thanks = press.followUps.at(-1)!;
    expect(thanks.content).toContain('Staff will see your answer');
    const staffPost = world.fake.messagesIn(c.channels.staffRoom.id).find((m) => m.content.includes('answered **still happening**'));
    expect(staffPost?.content).toBe(`Check-in on case #1: <@${c.people.alex.id}> answered **still happening**.`);
    expect(staffPost?.notifiedUserIds).toEqual([]);

    const advice = await world.fake.button(c.people.alex.id, buttonIds(thanks)[0]!, { messageId: thanks.id }).settled();
    expect(advice.reply?.content).toContain('block');
    expect(advice.reply?.content).not.toContain('police');

    const again = await world.fake.button(c.people.alex.id, answerButton(dm!, 'real_life'), { messageId: dm!.id, unchecked: true }).settled();
    expect(again.followUps.at(-1)?.content).toBe('This check-in has already been answered. Thank you.');
    expect(await prisma().escalation.count({ where: { guildId: c.guild.id } })).toBe(0);
  });

  it('"It has reached my real life": the authorities advice at once, the flag, and the admins pinged with an urgent escalation', async () => {
    const [dm] = checkInDms(c.people.sam.id);
    const press = await world.fake.button(c.people.sam.id, answerButton(dm!, 'real_life'), { messageId: dm!.id }).settled();
    expect(press.followUps.at(-1)?.content).toContain('Staff have been alerted right away');
    expect(press.followUps.at(-1)?.content).toContain('police');
    const theCase = await prisma().case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 1 } });
    expect(theCase).toMatchObject({ realLife: true, status: 'escalated' });
    const [post] = world.fake.messagesIn(c.channels.escalations.id);
    expect(post?.pingedRoleIds).toEqual([c.roles.admin.id]);
    expect(JSON.stringify(post?.embeds)).toContain('A party answered a check-in: it has reached their real life.');
  });

  it('/case view shows each party\'s answer', async () => {
    const view = await world.run(c, c.people.mod.id, 'case', 'view', { case: 1 });
    const text = JSON.stringify(view.reply?.embeds);
    expect(text).toContain('Check-ins');
    expect(text).toContain('“Still happening”');
    expect(text).toContain('“It has reached my real life”');
  });

  it('DMs closed: /case followup posts it in the interview thread, and the party answers there', async () => {
    world.fake.setDmsClosed(c.people.alex.id, true);
    const reply = await world.run(c, c.people.mod.id, 'case', 'followup', { case: 1, party: c.people.alex.id });
    expect(reply.reply?.content).toBe(`Check-ins for case #1:\n- <@${c.people.alex.id}>: sent in their thread`);
    const party = await prisma().party.findFirstOrThrow({ where: { guildId: c.guild.id, userId: c.people.alex.id } });
    const inThread = world.fake.messagesIn(party.threadId!).at(-1)!;
    expect(inThread.content).toContain('how are things now?');
    expect(inThread.pingedUserIds).toEqual([c.people.alex.id]);
    const staffPress = await world.fake.button(c.people.mod.id, answerButton(inThread, 'better'), { messageId: inThread.id }).settled();
    expect(staffPress.followUps.at(-1)?.content).toContain('sent to someone else');
    await world.fake.button(c.people.alex.id, answerButton(inThread, 'better'), { messageId: inThread.id }).settled();
    expect(await prisma().checkIn.count({ where: { guildId: c.guild.id, userId: c.people.alex.id, answer: 'better', channel: 'interview_thread' } })).toBe(1);
    world.fake.setDmsClosed(c.people.alex.id, false);
  });

  it('a member who left the server is not messaged', async () => {
    world.fake.state.members.delete(`${c.guild.id}:${c.people.sam.id}`);
    const before = world.fake.dmsOf(c.people.sam.id).length;
    const reply = await world.run(c, c.people.mod.id, 'case', 'followup', { case: 1, party: c.people.sam.id });
    expect(reply.reply?.content).toContain('not sent (no longer on the server)');
    expect(world.fake.dmsOf(c.people.sam.id)).toHaveLength(before);
  });

  it('a process that died holding a check-in, and two more runners at once: each check-in is sent once', async () => {
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.robin.id, accused: c.people.alex.id, category: 'other', summary: 'y' });
    // A process took one (a try counted, a lease of 1.5 s) and died before carrying it out: when the lease runs out,
    // another takes it up. The other one is simply due now.
    const died = await prisma().$executeRaw`
      UPDATE "OwedAction" SET "leasedBy" = 'a-process-that-died', "leaseUntil" = now() + interval '1.5 seconds', "attempts" = 1
      WHERE "id" = (SELECT "id" FROM "OwedAction" WHERE "kind" = 'checkin.send' AND "status" = 'pending' AND "guildId" = ${c.guild.id} ORDER BY "createdAt" LIMIT 1)`;
    expect(died).toBe(1);
    await bringForward(prisma(), c.guild.id, 'checkin.send');
    const others = [1, 2].map(() => new ActionRunner(new PrismaActionStore(prisma()), createActionHandlers(world.bot.deps), createLogger('silent'), { leaseMs: 30_000, pollMs: 100, batch: 20 }));
    for (const r of others) r.start();
    try {
      await untilCarriedOut(prisma(), c.guild.id, 'checkin.send', 'the check-ins');
    } finally {
      await Promise.all(others.map((r) => r.stop()));
    }
    const theCase = await prisma().case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 2 } });
    // The one the dead process held was tried again by another (its second try), and done.
    const tries = await prisma().owedAction.findMany({ where: { caseId: theCase.id, kind: 'checkin.send' }, select: { attempts: true, status: true, leasedBy: true } });
    expect(tries.map((t) => t.status)).toEqual(['done', 'done']);
    expect(tries.some((t) => t.attempts === 2 && t.leasedBy !== 'a-process-that-died')).toBe(true);
    expect(await prisma().checkIn.count({ where: { caseId: theCase.id } })).toBe(2);
    expect(await prisma().caseEvent.count({ where: { caseId: theCase.id, type: 'checkin_sent' } })).toBe(2);
    const aboutCase2 = (userId: string) => checkInDms(userId).filter((m) => m.content.includes('case #2'));
    expect(aboutCase2(c.people.robin.id)).toHaveLength(1);
    expect(aboutCase2(c.people.alex.id)).toHaveLength(1);
  });

  it('across a restart: one due while the bot was down is sent once when it is back, and one sent before still takes its answer', async () => {
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.alex.id, accused: c.people.member.id, category: 'other', summary: 'z' });
    await world.restart(() => bringForward(prisma(), c.guild.id, 'checkin.send'));
    await untilCarriedOut(prisma(), c.guild.id, 'checkin.send', 'the check-ins');
    const aboutCase3 = (userId: string) => checkInDms(userId).filter((m) => m.content.includes('case #3'));
    expect(aboutCase3(c.people.alex.id)).toHaveLength(1);
    expect(aboutCase3(c.people.member.id)).toHaveLength(1);

    // Robin's check-in about case #2 was sent by the bot before the restart.
    const [before] = checkInDms(c.people.robin.id).filter((m) => m.content.includes('case #2'));
    const press = await world.fake.button(c.people.robin.id, answerButton(before!, 'better'), { messageId: before!.id }).settled();
    expect(press.followUps.at(-1)?.content).toBe('Thank you for letting us know. We are glad things are better; if anything changes, staff are here.');
    expect(await prisma().checkIn.count({ where: { guildId: c.guild.id, userId: c.people.robin.id, answer: 'better' } })).toBe(1);
  });

  it('sent every request in a shape Discord\'s OpenAPI spec accepts', () => {
    world.fake.assertNoViolations();
  });
});

