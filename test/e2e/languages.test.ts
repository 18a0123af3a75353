import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/i18n/languages.js';
import { translator } from '../../src/i18n/translate.js';
import { closingMessage, interviewIntro } from '../../src/messages/case-texts.js';
import { safeChatAdvice } from '../../src/messages/safechat-texts.js';
import { topicList } from '../../src/messages/text-format.js';
import { buttonIds, startWorld, type Community, type World } from './support/world.js';
import type { OptionValue } from './fake-discord/interactions.js';
import { setupOptions } from './support/community.js';

const STANDARDS = 'https://example.org/community-standards';
const side = (who: string) => `${who}-SIDE: a statement only staff may read.`;

/**
 * Languages end to end: in every language the parties get the same words
 * (up to their own name) and never anything of each other; a whole case in
 * German; replies in each moderator's own Discord language; the server's
 * preferred locale as the default.
 */
describe('languages, through the real discord.js client and the local Discord API', () => {
  let world: World;
  /** A slash command as `userId`, whose Discord is set to `locale`. */
  const run = (c: Community, userId: string, locale: string, command: string, subcommand: string | undefined, options: Record<string, OptionValue>) =>
    world.fake.slash(userId, c.guild.id, command, { ...(subcommand ? { subcommand } : {}), channelId: c.channels.staffRoom.id, options, locale }).settled({ timeoutMs: 15_000 });

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.stop();
  });

  describe.each(LANGUAGES.map((language) => [language] as const))('a case in %s', (language: Language) => {
    let c: Community;
    const threadOf = { alex: '', sam: '' };
    const t = translator(language);

    beforeAll(async () => {
      c = world.addCommunity(`town-${language.toLowerCase()}`);
      await world.setUp(c, { language });
      const { mod, alex, sam } = c.people;
      await run(c, mod.id, 'en-US', 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'harassment', summary: 'x' });
      // Named in the server's language, with nothing but the case number and the party's position.
      const threads = world.fake.threadsUnder(c.channels.interviews.id);
      threadOf.alex = threads.find((th) => th.name === t('party.threadName', { number: 1, position: 1 }))!.id;
      threadOf.sam = threads.find((th) => th.name === t('party.threadName', { number: 1, position: 2 }))!.id;
      for (const who of [alex, sam]) await run(c, mod.id, 'en-US', 'safechat', undefined, { user: who.id, case: 1 });
      await run(c, mod.id, 'en-US', 'case', 'addside', { case: 1, party: alex.id, statement: side('ALEX') });
      await run(c, mod.id, 'en-US', 'case', 'addside', { case: 1, party: sam.id, statement: side('SAM') });
      await run(c, mod.id, 'en-US', 'case', 'followup', { case: 1 });
      await run(c, mod.id, 'en-US', 'case', 'close', { case: 1, outcome: 'advised_self_help', reason: 'Both advised.' });
    });

    it('asks both parties how things are with the same words and the same three buttons, in that language', () => {
      const { alex, sam } = c.people;
      const checkInOf = (userId: string) => world.fake.dmsOf(userId).filter((m) => buttonIds(m).some((id) => id.startsWith('checkin:')));
      const [a] = checkInOf(alex.id);
      const [b] = checkInOf(sam.id);
      expect(a?.content).toBe(t('checkIn.message', { community: c.guild.name, number: 1 }));
      expect(b?.content).toBe(a?.content);
      const labels = (m: typeof a) => (m?.components as { components: { label: string }[] }[]).flatMap((row) => row.components.map((x) => x.label));
      expect(labels(a)).toEqual([t('checkIn.answer.better'), t('checkIn.answer.still'), t('checkIn.answer.real_life')]);
      expect(labels(b)).toEqual(labels(a));
    });

    it('greets both parties with the same words in that language, differing only in whom it greets', () => {
      const { alex, sam } = c.people;
      const [introAlex] = world.fake.messagesIn(threadOf.alex);
      const [introSam] = world.fake.messagesIn(threadOf.sam);
      expect(introAlex?.content).toBe(interviewIntro(t, 1, alex.id, c.guild.name));
      expect(introSam?.content).toBe(interviewIntro(t, 1, sam.id, c.guild.name));
      expect(introAlex?.content.replace(`<@${alex.id}>`, '<@X>')).toBe(introSam?.content.replace(`<@${sam.id}>`, '<@X>'));
    });

    it('sends both parties the same advice and the same closing message, in that language', () => {
      const { alex, sam } = c.people;
      // The default advice fits the case: it has not reached real life, so no real-life part.
      const advice = safeChatAdvice(t, ['self_help', 'off_platform', 'personal_info'], { communityName: c.guild.name, standardsUrl: STANDARDS });
      // Then the check-in (its own test, below).
      expect(world.fake.dmsOf(alex.id).map((m) => m.content)).toEqual([advice, t('checkIn.message', { community: c.guild.name, number: 1 })]);
      expect(world.fake.dmsOf(sam.id).map((m) => m.content)).toEqual([advice, t('checkIn.message', { community: c.guild.name, number: 1 })]);
      expect(world.fake.messagesIn(threadOf.alex).at(-1)?.content).toBe(closingMessage(t, 1));
      expect(world.fake.messagesIn(threadOf.sam).at(-1)?.content).toBe(closingMessage(t, 1));
    });

    it('keeps the wall: neither party ever saw the other\'s statement, name or thread', () => {
      const { alex, sam } = c.people;
      const seenBy = (id: string) => JSON.stringify(world.fake.visibleTo(id).messages.map((m) => m.json));
      expect(seenBy(sam.id)).not.toContain('ALEX-SIDE');
      expect(seenBy(sam.id)).not.toContain(alex.id);
      expect(seenBy(sam.id)).not.toContain(threadOf.alex);
      expect(seenBy(alex.id)).not.toContain('SAM-SIDE');
      expect(seenBy(alex.id)).not.toContain(sam.id);
      expect(seenBy(alex.id)).not.toContain(threadOf.sam);
    });
  });

  describe('a whole case in German, from /setup to /case close, the moderators\' Discord set to German', () => {
    let c: Community;
    const de = translator('de');

    beforeAll(() => {
      c = world.addCommunity('gemeinde');
    });

    it('registered the commands with their German names, descriptions and choices', () => {
      const fall = world.fake.commands.find((cmd) => cmd.name === 'case')?.body as {
        name_localizations?: Record<string, string>;
        description_localizations?: Record<string, string>;
        options?: { name: string; name_localizations?: Record<string, string>; options?: { name: string; choices?: { value: string; name_localizations?: Record<string, string> }[] }[] }[];
      };
      expect(fall.name_localizations?.de).toBe(de('commands.case.name'));
      expect(fall.description_localizations?.de).toBe(de('commands.case.description'));
      const open = fall.options?.find((o) => o.name === 'open');
      expect(open?.name_localizations?.de).toBe(de('commands.case.open.name'));
      const category = open?.options?.find((o) => o.name === 'category');
      expect(category?.choices?.find((ch) => ch.value === 'stalking')?.name_localizations?.de).toBe(de('labels.categoryChoice.stalking'));
      const setup = world.fake.commands.find((cmd) => cmd.name === 'setup')?.body as { name_localizations?: Record<string, string> };
      expect(setup.name_localizations?.['es-419']).toBe(translator('es-ES')('commands.setup.name'));
    });

    it('answers /setup in German and names the language', async () => {
      const r = await run(c, c.people.owner.id, 'de', 'setup', 'configure', setupOptions(c, { language: 'de' }));
      expect(r.reply?.content.startsWith(de('setup.saved'))).toBe(true);
      expect(r.reply?.content).toContain(de('setup.language', { value: 'Deutsch' }));
    });

    it('opens the case, greets both parties in German, and answers the moderator in German', async () => {
      const { mod, alex, sam } = c.people;
      const r = await run(c, mod.id, 'de', 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'stalking', summary: 'Alex sagt, Sam folgt ihr.' });
      expect(r.reply?.content).toContain(de('caseOpen.opened', { number: 1 }));
      expect(r.reply?.content).toContain(de('caseOpen.nextSteps'));
      const threads = world.fake.threadsUnder(c.channels.interviews.id);
      const intro = (th: string) => world.fake.messagesIn(th)[0]?.content;
      expect(threads.map((th) => intro(th.id))).toEqual(
        threads.map((th) => interviewIntro(de, 1, th.name === de('party.threadName', { number: 1, position: 1 }) ? alex.id : sam.id, c.guild.name)),
      );
    });

    it('sends the advice in German, records both sides, and escalates with a German post and button', async () => {
      const { mod, alex, sam, admin } = c.people;
      const sent = await run(c, mod.id, 'de', 'safechat', undefined, { user: alex.id, case: 1, topic: 'self_help' });
      expect(sent.reply?.content).toContain(de('labels.topic.self_help'));
      expect(world.fake.dmsOf(alex.id)[0]?.content).toBe(safeChatAdvice(de, ['self_help', 'personal_info'], { communityName: c.guild.name, standardsUrl: STANDARDS }));
      for (const [who, text] of [[alex, side('ALEX')], [sam, side('SAM')]] as const) {
        const a = await run(c, mod.id, 'de', 'case', 'addside', { case: 1, party: who.id, statement: text });
        expect(a.reply?.content).toContain(de('caseAddSide.recorded', { who: de('caseAddSide.who', { user: `<@${who.id}>`, role: de(`labels.roleInSentence.${who === alex ? 'complainant' : 'accused'}`) }), number: 1, count: text.length }));
      }
      const e = await run(c, mod.id, 'de', 'case', 'escalate', { case: 1, reason: 'Bitte ansehen', urgency: 'urgent' });
      expect(e.reply?.content).toContain(de('caseEscalate.posted', { number: 1, channel: `<#${c.channels.escalations.id}>` }));
      const post = world.fake.messagesIn(c.channels.escalations.id)[0]!;
      expect(post.embeds[0]?.title).toBe(de('escalationPost.title', { number: 1 }));
      const fields = (post.embeds[0]?.fields ?? []) as { name: string; value: string }[];
      expect(fields.find((f) => f.name === de('escalationPost.urgency'))?.value).toBe(de('labels.urgency.urgent'));
      const button = (post.components[0] as { components: { label: string }[] }).components[0]!;
      expect(button.label).toBe(de('escalationPost.acknowledge'));
      const [ack] = buttonIds(post);
      await world.fake.button(admin.id, ack!, { messageId: post.id }).settled();
      const acknowledged = world.fake.messagesIn(c.channels.escalations.id)[0]!;
      expect((acknowledged.components[0] as { components: { label: string }[] }).components[0]?.label).toBe(de('escalationPost.acknowledged'));
    });

    it('shows the case in German, naming the server language and whose statement was recorded', async () => {
      const view = await run(c, c.people.mod.id, 'de', 'case', 'view', { case: 1 });
      const text = JSON.stringify(view.reply?.embeds);
      expect(text).toContain(de('caseView.sidesHeardValue', { heard: 2, of: 2 }));
      expect(text).toContain('Deutsch');
      expect(text).toContain(de('caseView.eventForParty', { event: de('events.statement_recorded'), role: de('labels.roleInSentence.accused'), party: `<@${c.people.sam.id}>` }));
    });

    it('closes the case with the same German closing message for both parties', async () => {
      const r = await run(c, c.people.mod.id, 'de', 'case', 'close', { case: 1, outcome: 'advised_self_help', reason: 'Beide beraten.' });
      expect(r.reply?.content).toContain(de('caseClose.closed', { number: 1, outcome: de('labels.outcome.advised_self_help') }));
      const lasts = world.fake.threadsUnder(c.channels.interviews.id).map((th) => world.fake.messagesIn(th.id).at(-1)?.content);
      expect(lasts).toEqual([closingMessage(de, 1), closingMessage(de, 1)]);
    });
  });

  describe('who reads which language', () => {
    let c: Community;

    beforeAll(async () => {
      c = world.addCommunity('ville');
      world.fake.state.guild(c.guild.id).preferredLocale = 'fr';
      await run(c, c.people.owner.id, 'en-US', 'setup', 'configure', setupOptions(c));
    });

    it('takes the server\'s preferred locale as its language when /setup names none', async () => {
      const r = await run(c, c.people.owner.id, 'en-US', 'setup', 'show', {});
      expect(r.reply?.content).toContain(translator('en-US')('setup.language', { value: 'Français' }));
    });

    it('answers each moderator in their own Discord language (en-GB as English, es-419 as Spanish), and in the server\'s when it is one we do not speak', async () => {
      const list = (locale: string) => run(c, c.people.mod.id, locale, 'case', 'list', {}).then((r) => r.reply?.content);
      const empty = (language: Language) => translator(language)('caseList.empty');
      expect(await list('de')).toContain(empty('de'));
      expect(await list('en-GB')).toContain(empty('en-US'));
      expect(await list('es-419')).toContain(empty('es-ES'));
      expect(await list('ja')).toContain(empty('fr'));
    });

    it('writes the parties\' texts in the server\'s language whatever the moderator\'s', async () => {
      const { mod, alex, sam } = c.people;
      await run(c, mod.id, 'de', 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'other', summary: 'x' });
      const [thread] = world.fake.threadsUnder(c.channels.interviews.id).filter((th) => th.name === translator('fr')('party.threadName', { number: 1, position: 1 }));
      expect(world.fake.messagesIn(thread!.id)[0]?.content).toBe(interviewIntro(translator('fr'), 1, alex.id, c.guild.name));
    });
  });

  it('sends advice longer than one message in two DMs, in order, nothing lost (a French server with the longest name and link)', async () => {
    const c = world.addCommunity('longue');
    const community = 'C'.repeat(100);
    const standardsUrl = `https://example.org/${'r'.repeat(480)}`;
    await world.setUp(c, { language: 'fr', community_name: community, standards_url: standardsUrl });
    const r = await run(c, c.people.mod.id, 'fr', 'safechat', undefined, { user: c.people.alex.id, topic: 'all' });
    const topics = topicList(translator('fr'), ['self_help', 'off_platform', 'real_life', 'personal_info']);
    expect(r.reply?.content).toBe(translator('fr')('safechatReply.sentByDm', { user: `<@${c.people.alex.id}>`, topics }));
    const advice = safeChatAdvice(translator('fr'), ['self_help', 'off_platform', 'real_life', 'personal_info'], { communityName: community, standardsUrl });
    expect(advice.length).toBeGreaterThan(2000);
    const dms = world.fake.dmsOf(c.people.alex.id).map((m) => m.content);
    expect(dms).toHaveLength(2);
    expect(dms.every((d) => d.length <= 2000)).toBe(true);
    expect(dms.join('\n\n')).toBe(advice);
  });

  it('sent every request in a shape Discord\'s OpenAPI spec accepts', () => {
    world.fake.assertNoViolations();
    expect(world.fake.validatedCount).toBeGreaterThan(100);
  });
});
