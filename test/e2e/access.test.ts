import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';

/** Scenarios 7 and 8, and the rules about who may do what. */
describe('access and isolation, end to end', () => {
  let world: World;
  let a: Community;
  let b: Community;
  const prisma = () => world.bot.database.prisma;

  beforeAll(async () => {
    world = await startWorld();
    a = world.community;
    b = world.addCommunity('other-town');
    await world.setUp(a);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('answers every staff command with what to configure until /setup is done, and does nothing else', async () => {
    const requestsBefore = world.fake.requests.length;
    const r = await world.run(b, b.people.mod.id, 'case', 'open', { complainant: b.people.alex.id, accused: b.people.sam.id, category: 'other', summary: 'x' });
    expect(r.reply?.content).toContain('not set up on this server');
    expect(await prisma().case.count({ where: { guildId: b.guild.id } })).toBe(0);
    const sent = world.fake.requests.slice(requestsBefore).filter((q) => !q.path.includes('/interactions/') && !q.path.includes('/webhooks/'));
    expect(sent).toEqual([]);
  });

  it('denies /case open to a member without the staff role even when Discord lets them run it: nothing stored, nothing sent', async () => {
    const { fake } = world;
    const requestsBefore = fake.requests.length;
    const r = await world.run(a, a.people.member.id, 'case', 'open', { complainant: a.people.alex.id, accused: a.people.sam.id, category: 'harassment', summary: 'x' });
    expect(r.ephemeral).toBe(true);
    expect(r.reply?.content).toContain('Only members with the staff role');
    expect(await prisma().case.count({ where: { guildId: a.guild.id } })).toBe(0);
    expect(fake.threadsUnder(a.channels.interviews.id)).toEqual([]);
    expect(fake.dmsOf(a.people.alex.id)).toEqual([]);
    const sent = fake.requests.slice(requestsBefore).filter((q) => !q.path.includes('/interactions/') && !q.path.includes('/webhooks/'));
    expect(sent).toEqual([]);
  });

  it('denies /safechat and /setup to those without the staff role or Manage Server', async () => {
    const s = await world.run(a, a.people.member.id, 'safechat', undefined, { user: a.people.alex.id });
    expect(s.reply?.content).toContain('Only members with the staff role');
    expect(world.fake.dmsOf(a.people.alex.id)).toEqual([]);
    const setup = await world.run(a, a.people.mod.id, 'setup', 'show', {});
    expect(setup.reply?.content).toContain('Manage Server');
  });

  it('refuses a moderator who is a party to the case (recusal), on open and on later commands', async () => {
    const { mod, mod2, alex } = a.people;
    const own = await world.run(a, mod.id, 'case', 'open', { complainant: mod.id, accused: alex.id, category: 'harassment', summary: 'About me' });
    expect(own.reply?.content).toContain('ask another moderator');
    const opened = await world.run(a, mod2.id, 'case', 'open', { complainant: mod.id, accused: alex.id, category: 'harassment', summary: 'About mod' });
    expect(opened.reply?.content).toContain('Case #1 opened');
    for (const [sub, options] of [
      ['view', { case: 1 }],
      ['note', { case: 1, text: 'hi' }],
      ['escalate', { case: 1, reason: 'x' }],
      ['close', { case: 1, outcome: 'no_action', reason: 'x' }],
    ] as const) {
      const r = await world.run(a, mod.id, 'case', sub, options);
      expect(r.reply?.content, sub).toContain('ask another moderator');
    }
  });

  it('keeps the cases and settings of one server invisible from another', async () => {
    await world.setUp(b);
    const inA = await world.run(a, a.people.mod2.id, 'case', 'view', { case: 1 });
    expect(inA.reply?.embeds.length).toBeGreaterThan(0);
    const fromB = await world.run(b, b.people.mod.id, 'case', 'view', { case: 1 });
    expect(fromB.reply?.content).toContain('no case with that number');
    const listB = await world.run(b, b.people.mod.id, 'case', 'list', {});
    expect(listB.reply?.content).toContain('No cases here');
    const openB = await world.run(b, b.people.mod.id, 'case', 'open', { complainant: b.people.alex.id, accused: b.people.sam.id, category: 'stalking', summary: 'B' });
    expect(openB.reply?.content).toContain('Case #1 opened'); // numbered per server
    const showB = await world.run(b, b.people.owner.id, 'setup', 'show', {});
    expect(showB.reply?.content).toContain(`<#${b.channels.interviews.id}>`);
    expect(showB.reply?.content).not.toContain(a.channels.interviews.id);
    // a moderator of A who is only a plain member of B is not staff there
    world.fake.addMember(b.guild.id, a.people.mod.id);
    const crossed = await world.run(b, a.people.mod.id, 'case', 'view', { case: 1 });
    expect(crossed.reply?.content).toContain('Only members with the staff role');
  });

  it('rejects a forged or stale button with a polite message and changes nothing', async () => {
    const { fake } = world;
    const r = await world.run(a, a.people.mod2.id, 'case', 'escalate', { case: 1, reason: 'Legit' });
    expect(r.reply?.content).toContain('escalated');
    const notice = fake.messagesIn(a.channels.escalations.id).at(-1)!;
    const forged = await fake.button(a.people.admin.id, 'esc-ack:not-a-uuid', { messageId: notice.id, unchecked: true }).settled();
    expect(forged.reply?.content).toContain('no longer valid');
    const unknown = await fake.button(a.people.admin.id, 'esc-ack:00000000-0000-4000-8000-000000000000', { messageId: notice.id, unchecked: true }).settled();
    expect(unknown.followUps[0]?.content).toContain('no longer exists');
    const [ack] = buttonIds(notice);
    const real = await fake.button(a.people.admin.id, ack!, { messageId: notice.id }).settled();
    expect(real.errors).toEqual([]);
    const again = await fake.button(a.people.admin.id, ack!, { messageId: notice.id, unchecked: true }).settled();
    expect(again.followUps[0]?.content).toContain('already acknowledged');
  });

  it('sent no request the spec rejects', () => {
    world.fake.assertNoViolations();
  });
});
