import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type Community, type World } from './support/world.js';

/** "Remove and keep" through the real discord.js client: the message kept as evidence with its hash, then deleted. */
describe('Remove and keep, end to end', () => {
  let world: World;
  let c: Community;

  beforeAll(async () => {
    world = await startWorld();
    c = world.community;
    await world.setUp(c);
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.alex.id, accused: c.people.sam.id, category: 'harassment', summary: 'x' });
  });
  afterAll(async () => {
    await world?.stop();
  });

  /** Runs the menu on a message as `userId` and sends the form with `caseNumber` (or with the fields of a new case). */
  async function removeAndKeep(userId: string, messageId: string, caseNumber: string, newCase: { complainant?: string; summary?: string } = {}) {
    const menu = await world.fake.messageContext(userId, 'Remove and keep', messageId).settled();
    const modal = menu.modal;
    if (!modal) throw new Error(`no form: ${menu.reply?.content ?? JSON.stringify(menu.errors)}`);
    return world.fake.modalSubmit(userId, String(modal.custom_id), { case: caseNumber, ...newCase }, { from: menu }).settled({ timeoutMs: 10_000 });
  }

  it('keeps the evidence when the bot may not delete there, and says why: the message stays', async () => {
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'CANNOT-DELETE: still here');
    const r = await removeAndKeep(c.people.mod.id, posted.id, '1');
    expect(r.reply?.content).toContain('Kept as evidence E1 of case #1');
    expect(r.reply?.content).toContain('The message could not be removed: I am missing a permission in this channel.');
    expect(world.fake.state.messages.get(posted.id)?.deleted).toBeFalsy();
    const prisma = world.bot.database.prisma;
    expect(await prisma.evidence.count({ where: { guildId: c.guild.id } })).toBe(1);
    const event = await prisma.caseEvent.findFirstOrThrow({ where: { guildId: c.guild.id, type: 'message_removed' } });
    expect(event.data).toMatchObject({ removed: false, reason: 'missing-permissions' });
  });

  it('keeps the message as evidence of the case with the SHA-256 of the bytes kept, then deletes it', async () => {
    // With Manage Messages in the channel, the bot can remove what members posted.
    world.fake.setChannelPermissions(c.channels.general.id, [{ id: world.fake.botRole(c.guild.id).id, type: 'role', allow: ['ViewChannel', 'ManageMessages'] }]);
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'REMOVE-ME: I know where you live');
    const r = await removeAndKeep(c.people.mod.id, posted.id, '1');
    expect(r.reply?.content).toContain('Kept as evidence E2 of case #1');
    expect(r.reply?.content).toContain('The message is removed');
    expect(world.fake.state.messages.get(posted.id)?.deleted).toBe(true);
    const prisma = world.bot.database.prisma;
    const evidence = await prisma.evidence.findFirstOrThrow({ where: { guildId: c.guild.id, number: 2 } });
    expect(r.reply?.content).toContain(evidence.sha256);
    const kept = await world.bot.deps.caseRecords.forGuild(c.guild.id).evidenceBytes(evidence.id);
    expect(createHash('sha256').update(kept!).digest('hex')).toBe(evidence.sha256);
    expect(new TextDecoder().decode(kept ?? new Uint8Array())).toContain('REMOVE-ME');
    expect(await prisma.caseEvent.count({ where: { guildId: c.guild.id, type: 'message_removed', actorId: c.people.mod.id } })).toBe(2);
  });

  it('refuses a member without the staff role: nothing kept, the message stays', async () => {
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'STAYS');
    const r = await removeAndKeep(c.people.member.id, posted.id, '1');
    expect(r.reply?.content).toContain('Only members with the staff role');
    expect(world.fake.state.messages.get(posted.id)?.deleted).toBeFalsy();
  });

  it('opens a new case about the author (the complainant given by mention), keeps the message there and removes it', async () => {
    const prisma = world.bot.database.prisma;
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'NEW-CASE: meet me outside your school');
    const r = await removeAndKeep(c.people.mod.id, posted.id, '', { complainant: `<@${c.people.robin.id}>`, summary: 'Sam threatened Robin in #general' });
    expect(r.reply?.content).toContain('**Case #2 opened** about the author of the message');
    expect(r.reply?.content).toContain('Kept as evidence E1 of case #2');
    expect(r.reply?.content).toContain('The message is removed');
    expect(world.fake.state.messages.get(posted.id)?.deleted).toBe(true);
    const opened = await prisma.case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 2 }, include: { parties: { orderBy: { position: 'asc' } } } });
    expect(opened.parties.map((p) => [p.userId, p.role])).toEqual([
      [c.people.robin.id, 'complainant'],
      [c.people.sam.id, 'accused'],
    ]);
    expect(opened.parties.every((p) => p.threadId !== null)).toBe(true);
    expect(opened.summary).toBe('Sam threatened Robin in #general');
  });

  it('refuses, changing nothing: a case number with the new-case fields, an unreadable or absent complainant, the moderator as complainant', async () => {
    const prisma = world.bot.database.prisma;
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'STAYS TOO');
    const cases = await prisma.case.count({ where: { guildId: c.guild.id } });
    const both = await removeAndKeep(c.people.mod.id, posted.id, '1', { summary: 'x' });
    expect(both.reply?.content).toBe('Give either a case number or the new-case fields, not both. Nothing was removed.');
    const unreadable = await removeAndKeep(c.people.mod.id, posted.id, '', { complainant: 'Robin', summary: 'x' });
    expect(unreadable.reply?.content).toContain('I could not read a member in the complainant field');
    const absent = await removeAndKeep(c.people.mod.id, posted.id, '', { complainant: '123456789012345678', summary: 'x' });
    expect(absent.reply?.content).toBe('The complainant is not a member of this server. Nothing was removed.');
    const half = await removeAndKeep(c.people.mod.id, posted.id, '', { complainant: c.people.robin.id });
    expect(half.reply?.content).toContain('To open a new case, give who complained');
    const self = await removeAndKeep(c.people.mod.id, posted.id, '', { complainant: c.people.mod.id, summary: 'x' });
    expect(self.reply?.content).not.toContain('opened');
    expect(await prisma.case.count({ where: { guildId: c.guild.id } })).toBe(cases);
    expect(world.fake.state.messages.get(posted.id)?.deleted).toBeFalsy();
  });

  it('sent every request in a shape Discord\'s OpenAPI spec accepts', () => {
    world.fake.assertNoViolations();
  });
});
