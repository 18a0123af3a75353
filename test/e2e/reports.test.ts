import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord, InteractionHandle, MessageView } from './fake-discord/index.js';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';

const ALEX_WORDS = 'REPORT-TEXT: Sam follows me into every channel and keeps messaging me.';
const FIELDS = { what: ALEX_WORDS, since: 'two weeks', elsewhere: 'no', real_life: 'no', other: '' };

/** The chatter-facing intake, end to end: members report, staff triage, the reported member sees nothing until interviewed. */
describe('reports from members, end to end', () => {
  let world: World;
  let c: Community;
  let fake: FakeDiscord;
  const prisma = () => world.bot.database.prisma;
  const queue = () => fake.messagesIn(c.channels.staffRoom.id).filter((m) => m.authorId === fake.botUser.id && !m.ephemeral);
  const botMessagesSeenBy = (userId: string) => fake.visibleTo(userId).messages.filter((m) => m.authorId === fake.botUser.id);

  /** A member opens a report form on a member or a message and sends it; returns the form's handle and the reply. */
  async function report(menu: InteractionHandle, reporterId: string, fields: Record<string, string>): Promise<InteractionHandle> {
    await menu.settled();
    const modal = menu.modal;
    if (!modal) throw new Error(`no form opened: ${menu.reply?.content ?? JSON.stringify(menu.errors)}`);
    return fake.modalSubmit(reporterId, String(modal.custom_id), fields, { from: menu }).settled({ timeoutMs: 10_000 });
  }

  beforeAll(async () => {
    world = await startWorld();
    c = world.community;
    fake = world.fake;
    await world.setUp(c, { reports_channel: c.channels.staffRoom.id });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('a member reports another with "Report user": a private thank-you with self-help advice; staff see it in the reports channel; the reported member sees nothing', async () => {
    const { alex, sam } = c.people;
    const menu = fake.userContext(alex.id, c.guild.id, 'Report user', sam.id, { channelId: c.channels.general.id });
    const sent = await report(menu, alex.id, FIELDS);

    expect(sent.ephemeral).toBe(true);
    expect(sent.reply?.content).toContain('reached the example-town moderation team');
    expect(sent.reply?.content).toMatch(/Block the person/);
    expect(sent.reply?.content).not.toContain('local police'); // "no" is not a real-life answer
    const [post] = queue();
    expect(post).toBeDefined();
    const embed = JSON.stringify(post!.embeds);
    expect(embed).toContain('Report R-1');
    expect(embed).toContain(ALEX_WORDS);
    expect(post!.notifiedUserIds).toEqual([]);
    expect(buttonIds(post).length).toBeGreaterThanOrEqual(3);
    expect(botMessagesSeenBy(sam.id)).toEqual([]);
    expect(fake.dmsOf(sam.id)).toEqual([]);
    expect(fake.canView(sam.id, c.channels.staffRoom.id)).toBe(false);
  });

  it('"Report message" keeps the message as it was when the form opened, and a second report of the same member within the hour joins the first', async () => {
    const { alex, sam } = c.people;
    const original = 'MESSAGE-AS-SENT: I know where you live';
    const message = fake.addMessage(c.channels.general.id, sam.id, {
      content: original,
      attachments: [{ id: '1', filename: 'proof.png', size: 1234, url: 'https://cdn.discordapp.com/attachments/1/2/proof.png', proxy_url: 'https://media.discordapp.net/attachments/1/2/proof.png', content_type: 'image/png' }],
    });
    const menu = fake.messageContext(alex.id, 'Report message', message.id);
    await menu.settled();
    // Sam edits the message while Alex fills in the form.
    const stored = fake.state.messages.get(message.id)!;
    stored.content = 'edited to look harmless';
    const sent = await report(menu, alex.id, { ...FIELDS, what: 'He posted this in #general.', real_life: 'He sent a letter to my home address' });

    expect(sent.reply?.content).toContain('We added this to the report you sent a little earlier (report R-1)');
    expect(sent.reply?.content).toContain('contact your local police or authorities now');
    stored.deleted = true; // deleted afterwards: nothing stored changes
    const r = await prisma().report.findFirstOrThrow({ where: { guildId: c.guild.id, number: 1 }, include: { submissions: { orderBy: { createdAt: 'asc' } } } });
    expect(r.realLife).toBe(true);
    expect(r.submissions).toHaveLength(2);
    expect(r.submissions[1]).toMatchObject({
      kind: 'message',
      messageId: message.id,
      messageAuthorId: sam.id,
      messageChannelId: c.channels.general.id,
      messageContent: original,
      messageAttachments: [{ name: 'proof.png', url: 'https://cdn.discordapp.com/attachments/1/2/proof.png' }],
      messageLink: `https://discord.com/channels/${c.guild.id}/${c.channels.general.id}/${message.id}`,
    });
    expect(queue()).toHaveLength(1); // the same post, updated
    expect(JSON.stringify(queue()[0]!.embeds)).toContain('MESSAGE-AS-SENT');
    expect(botMessagesSeenBy(sam.id)).toEqual([]);
  });

  it('refuses a report of oneself or of the bot before any form, privately', async () => {
    const { alex } = c.people;
    const self = await fake.userContext(alex.id, c.guild.id, 'Report user', alex.id, { channelId: c.channels.general.id }).settled();
    expect(self.modal).toBeUndefined();
    expect(self.reply?.content).toContain('cannot report yourself');
    expect(self.ephemeral).toBe(true);
    const bot = await fake.userContext(alex.id, c.guild.id, 'Report user', fake.botUser.id, { channelId: c.channels.general.id }).settled();
    expect(bot.reply?.content).toContain('Bots cannot be reported');
  });

  it('staff open a case from the report: both private threads appear, the reporter\'s words are already their side, and only then does the reported member see anything', async () => {
    const { mod, alex, sam } = c.people;
    const post = queue()[0]!;
    const select = (post.components[0] as { components: { custom_id: string }[] }).components[0]!.custom_id;
    const opened = await fake.select(mod.id, select, ['harassment'], { messageId: post.id }).settled({ timeoutMs: 10_000 });

    expect(opened.reply?.content).toContain('Case #1 opened');
    expect(opened.reply?.content).toContain('recorded as their side');
    const threads = fake.threadsUnder(c.channels.interviews.id);
    expect(threads).toHaveLength(2);
    const theCase = await prisma().case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 1 }, include: { parties: true, statements: true } });
    expect(theCase).toMatchObject({ category: 'harassment', realLife: true, status: 'interviewing' });
    const complainant = theCase.parties.find((p) => p.role === 'complainant')!;
    expect(complainant.userId).toBe(alex.id);
    expect(theCase.parties.find((p) => p.role === 'accused')?.userId).toBe(sam.id);
    // Form 1: what happened, the other answers. Form 2 (Report message): the same, then the message as reported.
    expect(theCase.statements.every((s) => s.partyId === complainant.id && s.source === 'report')).toBe(true);
    const texts = theCase.statements.map((s) => s.text);
    expect(texts).toHaveLength(5);
    expect(texts).toContain(ALEX_WORDS);
    expect(texts).toContain('He posted this in #general.');
    expect(texts.filter((t) => t.includes('Since: two weeks'))).toHaveLength(2); // both forms said so
    for (const part of ['Real life: He sent a letter to my home address', '> MESSAGE-AS-SENT: I know where you live']) {
      expect(texts.filter((t) => t.includes(part))).toHaveLength(1);
    }

    const samSees = botMessagesSeenBy(sam.id);
    expect(samSees).toHaveLength(1); // his own introduction
    expect(samSees[0]!.content).toMatch(/^Hello <@/);
    expect(JSON.stringify(samSees.map((m) => m.json))).not.toContain('REPORT-TEXT');
    expect(JSON.stringify(samSees.map((m) => m.json))).not.toContain(alex.id);

    const updated = queue()[0]!;
    expect(JSON.stringify(updated.embeds)).toContain('Opened as case #1');
    expect(updated.components).toEqual([]);
  });

  it('a stale control on a handled report is refused politely and changes nothing', async () => {
    const post = queue()[0]!;
    const cases = await prisma().case.count({ where: { guildId: c.guild.id } });
    const again = await fake.select(c.people.mod2.id, `rep-open:${(await prisma().report.findFirstOrThrow({ where: { number: 1 } })).id}`, ['stalking'], { messageId: post.id, unchecked: true }).settled();
    expect(again.reply?.content).toContain('already handled');
    expect(await prisma().case.count({ where: { guildId: c.guild.id } })).toBe(cases);
  });

  it('staff merge a report into an existing case: the reporter joins as a witness with their own thread and their words as their side', async () => {
    const { mod, robin, sam } = c.people;
    await report(fake.userContext(robin.id, c.guild.id, 'Report user', sam.id, { channelId: c.channels.general.id }), robin.id, {
      ...FIELDS,
      what: 'ROBIN-SAW: Sam was following Alex around the events channel.',
    });
    const post = queue().at(-1)!;
    expect(JSON.stringify(post.embeds)).toContain('Open cases involving the reported member: #1');
    expect(JSON.stringify(post.embeds)).toContain('1 other report name');
    expect(JSON.stringify(post.embeds)).not.toContain(c.people.alex.id); // the other reporter stays unnamed
    const mergeButton = buttonIds(post).find((id) => id.startsWith('rep-merge:'))!;
    const form = await fake.button(mod.id, mergeButton, { messageId: post.id }).settled();
    const merged = await fake.modalSubmit(mod.id, String(form.modal?.custom_id), { case: '#1' }, { from: form }).settled({ timeoutMs: 10_000 });

    expect(merged.reply?.content).toContain('Report added to case #1');
    const party = await prisma().party.findFirstOrThrow({ where: { guildId: c.guild.id, userId: robin.id }, include: { statements: true } });
    expect(party.role).toBe('witness');
    expect(party.threadId).not.toBeNull();
    expect(party.statements[0]?.text).toContain('ROBIN-SAW');
    expect(JSON.stringify(queue().at(-1)!.embeds)).toContain('Added to case #1');
  });

  it('staff dismiss a report with a reason: the reporter is told in neutral words, without the reason', async () => {
    const { mod, robin, member } = c.people;
    await report(fake.userContext(member.id, c.guild.id, 'Report user', robin.id, { channelId: c.channels.general.id }), member.id, {
      ...FIELDS,
      what: 'Robin did not say hello to me.',
    });
    const listed = await world.run(c, mod.id, 'report', 'list', {});
    expect(listed.reply?.content).toContain(`<@${robin.id}> reported by <@${member.id}>`);
    const post = queue().at(-1)!;
    const dismissButton = buttonIds(post).find((id) => id.startsWith('rep-dismiss:'))!;
    const form = await fake.button(mod.id, dismissButton, { messageId: post.id }).settled();
    const dismissed = await fake.modalSubmit(mod.id, String(form.modal?.custom_id), { reason: 'SECRET-REASON: ordinary disagreement' }, { from: form }).settled({ timeoutMs: 10_000 });

    expect(dismissed.reply?.content).toContain('dismissed');
    const [dm] = fake.dmsOf(member.id);
    expect(dm?.content).toContain('looked at your report');
    expect(dm?.content).not.toContain('SECRET-REASON');
    expect(dm?.content).not.toContain(robin.id);
    expect(fake.dmsOf(robin.id)).toEqual([]);
    expect((await world.run(c, mod.id, 'report', 'list', {})).reply?.content).toContain('No report is waiting');
  });

  it('a member without the staff role cannot triage, even by pressing the controls', async () => {
    const { alex, member } = c.people;
    await report(fake.userContext(alex.id, c.guild.id, 'Report user', member.id, { channelId: c.channels.general.id }), alex.id, { ...FIELDS, what: 'Another one.' });
    const post: MessageView = queue().at(-1)!;
    const select = (post.components[0] as { components: { custom_id: string }[] }).components[0]!.custom_id;
    // The channel is staff-only; a member who could somehow press it is still refused by the bot.
    fake.setChannelPermissions(c.channels.staffRoom.id, []);
    const r = await fake.select(member.id, select, ['harassment'], { messageId: post.id }).settled();
    expect(r.reply?.content).toContain('Only members with the staff role');
    expect(await prisma().report.count({ where: { guildId: c.guild.id, status: 'open' } })).toBe(1);
  });

  it('sent no request the spec rejects', () => {
    fake.assertNoViolations();
  });
});
