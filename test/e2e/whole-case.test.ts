import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';

const ALEX_SIDE = 'ALEX-SIDE: Sam joins every channel I am in and keeps DMing me after I blocked them.';
const SAM_SIDE = 'SAM-SIDE: I only joined the events channel for the quiz night.';

/** Scenario 1 and 2 of the end-to-end issue: one whole case, and the wall between the parties. */
describe('a whole case through the real discord.js client and the local Discord API', () => {
  let world: World;
  let c: Community;
  const threadOf: Record<'alex' | 'sam', string> = { alex: '', sam: '' };

  beforeAll(async () => {
    world = await startWorld();
    c = world.community;
    await world.setUp(c);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('opens case #1 with two private, non-invitable threads with neutral names, each holding only its party and the moderator', async () => {
    const { fake } = world;
    const { mod, alex, sam } = c.people;
    const r = await world.run(c, mod.id, 'case', 'open', {
      complainant: alex.id,
      accused: sam.id,
      category: 'harassment',
      summary: 'Alex says Sam follows them from channel to channel.',
      off_platform: true,
    });
    expect(r.ephemeral).toBe(true);
    expect(r.reply?.content).toContain('Case #1 opened');

    const threads = fake.threadsUnder(c.channels.interviews.id);
    expect(threads.map((t) => t.name).sort()).toEqual(['case-1-interview-1', 'case-1-interview-2']);
    for (const t of threads) {
      expect(t.type).toBe(12);
      expect(t.private).toBe(true);
      expect(t.invitable).toBe(false);
    }
    const one = threads.find((t) => t.name === 'case-1-interview-1')!;
    const two = threads.find((t) => t.name === 'case-1-interview-2')!;
    threadOf.alex = one.id;
    threadOf.sam = two.id;
    const humans = (ids: string[]) => ids.filter((id) => id !== fake.botUser.id).sort();
    expect(humans(one.memberIds)).toEqual([alex.id, mod.id].sort());
    expect(humans(two.memberIds)).toEqual([sam.id, mod.id].sort());
    expect(r.reply?.content).toContain(`<#${one.id}>`);
    expect(r.reply?.content).toContain(`<#${two.id}>`);
  });

  it('posts the same introduction in both threads, differing only in whom it greets, and pings only that person', () => {
    const { fake } = world;
    const [introAlex] = fake.messagesIn(threadOf.alex);
    const [introSam] = fake.messagesIn(threadOf.sam);
    expect(introAlex?.content.replace(`<@${c.people.alex.id}>`, '<@X>')).toBe(introSam?.content.replace(`<@${c.people.sam.id}>`, '<@X>'));
    expect(introAlex?.notifiedUserIds).toEqual([c.people.alex.id]);
    expect(introSam?.notifiedUserIds).toEqual([c.people.sam.id]);
  });

  it('lets each party see only their own thread; other members see neither', () => {
    const { fake } = world;
    const { alex, sam, member, mod } = c.people;
    expect(fake.canView(alex.id, threadOf.alex)).toBe(true);
    expect(fake.canView(alex.id, threadOf.sam)).toBe(false);
    expect(fake.canView(sam.id, threadOf.sam)).toBe(true);
    expect(fake.canView(sam.id, threadOf.alex)).toBe(false);
    expect(fake.canView(member.id, threadOf.alex)).toBe(false);
    expect(fake.canView(member.id, threadOf.sam)).toBe(false);
    expect(fake.canView(mod.id, threadOf.alex) && fake.canView(mod.id, threadOf.sam)).toBe(true);
  });

  it('DMs both parties the safe-chat advice, with the community standards link', async () => {
    const { fake } = world;
    for (const who of [c.people.alex, c.people.sam]) {
      const r = await world.run(c, c.people.mod.id, 'safechat', undefined, { user: who.id, case: 1 });
      expect(r.reply?.content).toContain('by DM');
      const [dm] = fake.dmsOf(who.id);
      expect(dm?.content).toContain('https://example.org/community-standards');
      expect(dm?.content).toMatch(/block/i);
      expect(dm?.notifiedUserIds).toEqual([]);
    }
  });

  it('records both sides; the moderator sees "2 of 2" in /case view', async () => {
    const { mod, alex, sam } = c.people;
    const a = await world.run(c, mod.id, 'case', 'addside', { case: 1, party: alex.id, statement: ALEX_SIDE });
    expect(a.reply?.content).toContain('Recorded the side');
    const s = await world.run(c, mod.id, 'case', 'addside', { case: 1, party: sam.id, statement: SAM_SIDE });
    expect(s.reply?.content).toContain('Recorded the side');
    const view = await world.run(c, mod.id, 'case', 'view', { case: 1 });
    const text = JSON.stringify(view.reply?.embeds);
    expect(text).toContain('2 of 2');
    expect(text).toContain('ALEX-SIDE');
    expect(text).toContain('SAM-SIDE');
    expect(view.ephemeral).toBe(true);
  });

  let escalationMessageId = '';
  it('escalates: posts in the escalation channel, pinging the admin role and nobody else', async () => {
    const { fake } = world;
    const r = await world.run(c, c.people.mod.id, 'case', 'escalate', { case: 1, reason: 'The complaint looks legitimate', urgency: 'urgent' });
    expect(r.reply?.content).toContain('Case #1 is escalated');
    const posted = fake.messagesIn(c.channels.escalations.id);
    expect(posted).toHaveLength(1);
    const notice = posted[0]!;
    escalationMessageId = notice.id;
    expect(notice.pingedRoleIds).toEqual([c.roles.admin.id]);
    expect(notice.notifiedUserIds).toEqual([c.people.admin.id]);
    const embed = JSON.stringify(notice.embeds);
    // The urgency is said once: in its field (the title no longer repeats it).
    expect(notice.embeds[0]?.title).toBe('Case #1 escalated');
    const fields = (notice.embeds[0]?.fields ?? []) as { name: string; value: string }[];
    expect(fields.find((f) => f.name === 'Urgency')?.value).toBe('Urgent');
    expect(embed).toContain('2 of 2');
    expect(embed).toContain('Harassment');
    expect(embed).toContain('also in other apps');
    expect(embed).toContain(`<@${c.people.mod.id}>`);
  });

  it('refuses the Acknowledge button to a moderator without the admin role, and leaves the notice as it was', async () => {
    const { fake } = world;
    const [ack] = buttonIds(fake.messagesIn(c.channels.escalations.id)[0]);
    const r = await fake.button(c.people.mod.id, ack!, { messageId: escalationMessageId }).settled();
    // The click is acknowledged at once (an update of the notice, deferred); the refusal follows, privately.
    const [refusal] = r.followUps;
    expect(refusal?.ephemeral).toBe(true);
    expect(refusal?.content).toContain('Only members with the admin');
    const notice = fake.messagesIn(c.channels.escalations.id)[0]!;
    expect(JSON.stringify(notice.embeds)).not.toContain('Acknowledged');
  });

  it('lets an admin acknowledge once: the notice turns to "Acknowledged by" and the button is disabled', async () => {
    const { fake } = world;
    const [ack] = buttonIds(fake.messagesIn(c.channels.escalations.id)[0]);
    await fake.button(c.people.admin.id, ack!, { messageId: escalationMessageId }).settled();
    const notice = fake.messagesIn(c.channels.escalations.id)[0]!;
    expect(JSON.stringify(notice.embeds)).toContain(`by <@${c.people.admin.id}>`);
    const button = (notice.components[0] as { components: { disabled?: boolean; label: string }[] }).components[0]!;
    expect(button.disabled).toBe(true);
    expect(button.label).toBe('Acknowledged');
  });

  it('closes the case: the same closing message in both threads, then both archived and locked', async () => {
    const { fake } = world;
    const r = await world.run(c, c.people.mod.id, 'case', 'close', { case: 1, outcome: 'advised_self_help', reason: 'Both advised to block and use other channels.' });
    expect(r.reply?.content).toContain('Case #1 is closed');
    const lastAlex = fake.messagesIn(threadOf.alex).at(-1)!;
    const lastSam = fake.messagesIn(threadOf.sam).at(-1)!;
    expect(lastAlex.content).toContain('Case #1 is now closed');
    expect(lastAlex.content).toBe(lastSam.content);
    for (const id of [threadOf.alex, threadOf.sam]) {
      expect(fake.channel(id).archived).toBe(true);
      expect(fake.channel(id).locked).toBe(true);
    }
  });

  it('kept a wall between the parties: neither ever saw the other\'s statement, name or thread', () => {
    const { fake } = world;
    const { alex, sam } = c.people;
    const sams = fake.visibleTo(sam.id);
    const alexs = fake.visibleTo(alex.id);
    const samText = JSON.stringify(sams.messages.map((m) => m.json));
    const alexText = JSON.stringify(alexs.messages.map((m) => m.json));
    expect(samText).not.toContain('ALEX-SIDE');
    expect(samText).not.toContain(alex.id);
    expect(samText).not.toContain(alex.username);
    expect(samText).not.toContain(threadOf.alex);
    expect(alexText).not.toContain('SAM-SIDE');
    expect(alexText).not.toContain(sam.id);
    expect(alexText).not.toContain(sam.username);
    expect(alexText).not.toContain(threadOf.sam);
    expect(sams.threads.map((t) => t.id)).toEqual([threadOf.sam]);
    expect(alexs.threads.map((t) => t.id)).toEqual([threadOf.alex]);
  });

  it('sent every request in a shape Discord\'s OpenAPI spec accepts', () => {
    world.fake.assertNoViolations();
    expect(world.fake.validatedCount).toBeGreaterThan(20);
  });
});
