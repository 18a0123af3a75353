import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postStaleDigests } from '../../src/services/stale-cases.js';
import { bringForward, untilCarriedOut } from './support/scheduled-work.js';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';

/**
 * An escalation nobody acknowledges is pinged to the admins once more
 * (`escalation_reminder_hours`, default 12): scheduled work, kept in the
 * database with the escalation. The test moves the reminder's due time to
 * now instead of waiting twelve hours.
 */
describe('the reminder of an unanswered escalation, end to end', () => {
  let world: World;
  let c: Community;
  const prisma = () => world.bot.database.prisma;

  /** Makes the pending reminders of the guild due now and waits until the runner has taken them. */
  async function reminderTimeComes(): Promise<void> {
    await bringForward(prisma(), c.guild.id, 'escalation.remind');
    await untilCarriedOut(prisma(), c.guild.id, 'escalation.remind', 'the reminder');
  }

  beforeAll(async () => {
    world = await startWorld({ bot: { runner: { pollMs: 100 } } });
    c = world.community;
    await world.setUp(c);
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.alex.id, accused: c.people.sam.id, category: 'stalking', summary: 'x' });
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.robin.id, accused: c.people.sam.id, category: 'other', summary: 'y' });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('schedules one reminder with the escalation, due twelve hours later by the database\'s clock', async () => {
    await world.run(c, c.people.mod.id, 'case', 'escalate', { case: 1, reason: 'Please look' });
    const [reminder] = await prisma().$queryRaw<{ hours: number }[]>`
      SELECT round(extract(epoch FROM ("runAt" - "createdAt")) / 3600)::int AS hours FROM "OwedAction" WHERE "kind" = 'escalation.remind' AND "guildId" = ${c.guild.id}`;
    expect(reminder?.hours).toBe(12);
    expect(world.fake.messagesIn(c.channels.escalations.id)).toHaveLength(1);
  });

  it('when the time comes unanswered, replies to the post pinging the admin role and nobody else, once', async () => {
    await reminderTimeComes();
    const [post, reminder, ...more] = world.fake.messagesIn(c.channels.escalations.id);
    expect(more).toEqual([]);
    expect(reminder?.content).toBe(`<@&${c.roles.admin.id}> case #1 was escalated 12 hours ago and nobody has acknowledged it yet. Please take a look.`);
    expect(reminder?.json.message_reference).toMatchObject({ message_id: post?.id });
    expect(reminder?.pingedRoleIds).toEqual([c.roles.admin.id]);
    expect(reminder?.notifiedUserIds).toEqual([c.people.admin.id]);
    const events = await prisma().caseEvent.findMany({ where: { guildId: c.guild.id, type: 'escalation_reminded' } });
    expect(events).toHaveLength(1);
  });

  it('says nothing more when an admin acknowledged before the time came', async () => {
    await world.run(c, c.people.mod.id, 'case', 'escalate', { case: 2, reason: 'Please look too' });
    const post = world.fake.messagesIn(c.channels.escalations.id).at(-1)!;
    const [ack] = buttonIds(post);
    await world.fake.button(c.people.admin.id, ack!, { messageId: post.id }).settled();
    const before = world.fake.messagesIn(c.channels.escalations.id).length;
    await reminderTimeComes();
    expect(world.fake.messagesIn(c.channels.escalations.id)).toHaveLength(before);
    expect(await prisma().caseEvent.count({ where: { guildId: c.guild.id, type: 'escalation_reminded' } })).toBe(1);
  });

  it('sent every request in a shape Discord\'s OpenAPI spec accepts', () => {
    world.fake.assertNoViolations();
  });
});

describe('the daily digest of stale cases, end to end', () => {
  let world: World;
  let c: Community;

  beforeAll(async () => {
    world = await startWorld();
    c = world.community;
    await world.setUp(c, { case_log_channel: c.channels.staffRoom.id, stale_days: 7 });
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.alex.id, accused: c.people.sam.id, category: 'stalking', summary: 'x' });
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.robin.id, accused: c.people.sam.id, category: 'other', summary: 'y' });
  });
  afterAll(async () => {
    await world?.stop();
  });

  const digestsIn = () => world.fake.messagesIn(c.channels.staffRoom.id).filter((m) => m.authorId === world.fake.botUser.id && m.content.includes('no activity'));

  it('posts nothing while no case is idle that long', async () => {
    expect(await postStaleDigests(world.bot.deps)).toMatchObject({ posted: 0 });
    expect(digestsIn()).toEqual([]);
  });

  it('lists the cases untouched for ten days once, pinging nobody, however often the daily job runs', async () => {
    // Ten days (and an hour) later: the audit log is append-only, so time moves instead of the rows.
    const later = { ...world.bot.deps, clock: { now: () => new Date(Date.now() + 10 * 24 * 60 * 60 * 1000 + 60 * 60 * 1000) } };
    await postStaleDigests(later);
    await postStaleDigests(later);
    const digests = digestsIn();
    expect(digests.map((m) => m.content)).toEqual([
      [
        '**2 open cases have had no activity for 7 days or more**, the longest idle first:',
        `- #1 · Stalking · idle 10 days · sides heard: 0 of 2 · opened by <@${c.people.mod.id}>`,
        `- #2 · Other · idle 10 days · sides heard: 0 of 2 · opened by <@${c.people.mod.id}>`,
      ].join('\n'),
    ]);
    expect(digests[0]?.notifiedUserIds).toEqual([]);
    world.fake.assertNoViolations();
  });

  it('/case stats answers the moderator with the figures of the last 30 and 90 days', async () => {
    const r = await world.run(c, c.people.mod.id, 'case', 'stats', {});
    const embed = r.reply?.embeds[0] as { title?: string; fields?: { name: string; value: string }[] } | undefined;
    expect(embed?.title).toBe('Case figures');
    expect(embed?.fields?.map((f) => f.name)).toEqual(['Last 30 days', 'Last 90 days']);
    expect(embed?.fields?.[0]?.value.split('\n').slice(0, 2)).toEqual(['Opened 2 · closed 0', 'By category: Stalking 1, Other 1']);
    world.fake.assertNoViolations();
  });
});
