import { once } from 'node:events';
import {
  ChannelType,
  ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  type Interaction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord/index.js';

describe('FakeDiscord with a plain discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;
  let guildId: string;
  let reportsId: string;
  let adminRoleId: string;
  let alice: string;
  let bob: string;
  let mod: string;
  /** What the test's interactionCreate handler should do next. */
  let onInteraction: (i: Interaction) => Promise<void> = async () => {};
  const seen: Interaction[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const owner = fake.addUser({ username: 'owner' });
    alice = fake.addUser({ username: 'alice' }).id;
    bob = fake.addUser({ username: 'bob', dmsClosed: true }).id;
    mod = fake.addUser({ username: 'mod' }).id;
    const guild = fake.addGuild({ name: 'Test Guild', ownerId: owner.id });
    guildId = guild.id;
    adminRoleId = fake.addRole(guildId, { name: 'Moderators', permissions: ['ManageThreads', 'ViewChannel'], mentionable: true }).id;
    for (const id of [alice, bob]) fake.addMember(guildId, id);
    fake.addMember(guildId, mod, [adminRoleId]);
    reportsId = fake.addTextChannel(guildId, { name: 'reports' }).id;
    fake.addTextChannel(guildId, {
      name: 'staff',
      overwrites: [
        { id: guildId, type: 'role', deny: ['ViewChannel'] },
        { id: adminRoleId, type: 'role', allow: ['ViewChannel'] },
      ],
    });

    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on(Events.InteractionCreate, (i) => {
      seen.push(i);
      void onInteraction(i).catch(() => undefined);
    });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  it('logs in: READY and GUILD_CREATE fill the cache', () => {
    expect(client.user?.id).toBe(fake.botUser.id);
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe('Test Guild');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['reports', 'staff']);
    expect(guild?.roles.cache.get(adminRoleId)?.name).toBe('Moderators');
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    // The bot sees #staff is closed to @everyone.
    const staff = guild?.channels.cache.find((c) => c.name === 'staff');
    expect(staff?.permissionsFor(guildId)?.has('ViewChannel')).toBe(false);
    expect(fake.requests.some((r) => r.route === '/gateway/bot')).toBe(true);
  });

  it('delivers a slash command; deferReply(ephemeral) + editReply are recorded and validated', async () => {
    await client.application?.commands.set(
      [
        {
          name: 'report',
          description: 'Report someone',
          options: [
            {
              type: 1,
              name: 'open',
              description: 'Open a report',
              options: [
                { type: 6, name: 'target', description: 'Who', required: true },
                { type: 3, name: 'reason', description: 'Why' },
              ],
            },
          ],
        },
      ],
      guildId,
    );
    expect(fake.commands.map((c) => c.name)).toEqual(['report']);

    let received: { sub: string; target: string | undefined; reason: string | null; ephemeralAllowed: boolean } | undefined;
    onInteraction = async (i) => {
      if (!(i instanceof ChatInputCommandInteraction)) return;
      received = {
        sub: i.options.getSubcommand(),
        target: i.options.getUser('target')?.id,
        reason: i.options.getString('reason'),
        ephemeralAllowed: i.inGuild(),
      };
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: `Report against <@${i.options.getUser('target')?.id}> opened`, allowedMentions: { parse: [] } });
    };
    const before = fake.validatedCount;
    const r = await fake.slash(alice, guildId, 'report', { subcommand: 'open', options: { target: bob, reason: 'stalking' } }).settled();

    expect(received).toEqual({ sub: 'open', target: bob, reason: 'stalking', ephemeralAllowed: true });
    expect(r.callback?.type).toBe(5);
    expect(r.ephemeral).toBe(true);
    expect(r.reply?.content).toBe(`Report against <@${bob}> opened`);
    expect(r.reply?.loading).toBe(false);
    // allowed_mentions { parse: [] } means nobody is pinged.
    expect(r.reply?.notifiedUserIds).toEqual([]);
    expect(fake.validatedCount - before).toBeGreaterThanOrEqual(2);
    expect(fake.violations).toEqual([]);
    // Ephemeral: only alice sees it.
    expect(fake.visibleTo(alice).messages.map((m) => m.id)).toContain(r.reply?.id);
    expect(fake.visibleTo(bob).messages.map((m) => m.id)).not.toContain(r.reply?.id);
  });

  it('creates a private thread visible only to its members (and to ManageThreads)', async () => {
    const thread = (await client.rest.post(Routes.threads(reportsId), {
      body: { name: 'case-1', type: 12, invitable: false, auto_archive_duration: 10080 },
    })) as { id: string; type: number };
    expect(thread.type).toBe(ChannelType.PrivateThread);
    await client.rest.put(Routes.threadMembers(thread.id, alice));

    expect(fake.threadsUnder(reportsId).map((t) => ({ id: t.id, private: t.private, invitable: t.invitable }))).toEqual([
      { id: thread.id, private: true, invitable: false },
    ]);
    expect(fake.channel(thread.id).memberIds.sort()).toEqual([fake.botUser.id, alice].sort());
    expect(fake.canView(alice, thread.id)).toBe(true);
    expect(fake.canView(bob, thread.id)).toBe(false);
    expect(fake.canView(mod, thread.id)).toBe(true);
    expect(fake.visibleTo(bob).threads.map((t) => t.id)).not.toContain(thread.id);

    // THREAD_CREATE reached the client's cache.
    await expect.poll(() => client.channels.cache.get(thread.id)?.type).toBe(ChannelType.PrivateThread);

    // Mentioning bob in the private thread would add him: the fake models that.
    await client.rest.post(Routes.channelMessages(thread.id), { body: { content: `hello <@${bob}>` } });
    expect(fake.canView(bob, thread.id)).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('a DM to a user with closed DMs fails with 50007', async () => {
    const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: bob } })) as { id: string };
    const error = await client.rest.post(Routes.channelMessages(dm.id), { body: { content: 'hi' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50007);
    expect(fake.dmsOf(bob)).toEqual([]);

    const user = await client.users.fetch(alice);
    await user.send('your case was opened');
    expect(fake.dmsOf(alice).map((m) => m.content)).toEqual(['your case was opened']);
  });

  it('a denied CreatePrivateThreads gives 50013, and restoring it works', async () => {
    const restore = fake.denyBotPermission(reportsId, 'CreatePrivateThreads');
    const error = await client.rest
      .post(Routes.threads(reportsId), { body: { name: 'denied', type: 12, invitable: false } })
      .catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(50013);
    expect((error as DiscordAPIError).status).toBe(403);
    // The overwrite is also visible to discord.js via CHANNEL_UPDATE.
    const channel = client.channels.cache.get(reportsId);
    await expect.poll(() => channel && 'permissionsFor' in channel && channel.permissionsFor(fake.botUser.id)?.has('CreatePrivateThreads')).toBe(false);
    restore();
    await client.rest.post(Routes.threads(reportsId), { body: { name: 'allowed', type: 12, invitable: false } });
    expect(fake.threadsUnder(reportsId).map((t) => t.name)).toContain('allowed');
  });

  it('a 429 once is retried by discord.js and succeeds', async () => {
    fake.faults.add({ route: '/channels/{channel_id}/messages', method: 'POST', kind: 'rate-limit', retryAfter: 0.1 });
    const started = Date.now();
    await client.rest.post(Routes.channelMessages(reportsId), { body: { content: 'after the rate limit' } });
    const attempts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${reportsId}/messages`);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(fake.messagesIn(reportsId).at(-1)?.content).toBe('after the rate limit');

    // A 500 once is retried too.
    fake.faults.add({ route: '/channels/{channel_id}/messages', method: 'POST', kind: 'server-error' });
    await client.rest.post(Routes.channelMessages(reportsId), { body: { content: 'after the 500' } });
    expect(fake.messagesIn(reportsId).at(-1)?.content).toBe('after the 500');
    expect(fake.faults.list()).toHaveLength(0);
  });

  it('after a dropped gateway the client resumes and the next interaction is served', async () => {
    const resumed = fake.waitForBot({ event: 'resumed' });
    await fake.dropGateway();
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'still here' });
    };
    // Dispatched while the socket is down: replayed on RESUME.
    const r = fake.slash(alice, guildId, 'report', { subcommand: 'open', options: { target: bob } });
    await resumed;
    await r.settled();
    expect(r.reply?.content).toBe('still here');
    expect(r.ephemeral).toBe(false);
    expect(fake.gatewayLog.some((e) => e.direction === 'in' && e.op === 6)).toBe(true);
    expect(fake.gatewayLog.filter((e) => e.direction === 'in' && e.op === 2)).toHaveLength(1);

    // An abrupt TCP drop (close code 1006) is resumed as well.
    const resumedAgain = fake.waitForBot({ event: 'resumed' });
    await fake.dropGateway('abrupt');
    await resumedAgain;
    const r2 = await fake.slash(alice, guildId, 'report', { subcommand: 'open', options: { target: bob } }).settled();
    expect(r2.reply?.content).toBe('still here');
    expect(fake.gatewayLog.filter((e) => e.direction === 'in' && e.op === 2)).toHaveLength(1);
  });

  it('unknown and unimplemented routes give 404 and a violation', async () => {
    const unknown = await client.rest.get('/not-a-route').catch((e: unknown) => e);
    expect((unknown as DiscordAPIError).status).toBe(404);
    const pins = await client.rest.get(Routes.channelPins(reportsId)).catch((e: unknown) => e);
    expect((pins as DiscordAPIError).status).toBe(404);
    expect(fake.violations.map((v) => [v.reason, v.route])).toEqual([
      ['not-in-spec', null],
      ['not-implemented', '/channels/{channel_id}/pins'],
    ]);
    fake.violations.length = 0;
  });

  it('an invalid body is refused with 50035 and recorded as a violation', async () => {
    const error = await client.rest
      .post(Routes.threads(reportsId), { body: { name: 'bad', type: 12, invitable: 'no' } })
      .catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(50035);
    const v = fake.violations.at(-1);
    expect(v?.reason).toBe('invalid-body');
    expect(v?.route).toBe('/channels/{channel_id}/threads');
    expect(JSON.stringify(v?.errors)).toContain('invitable');
    fake.violations.length = 0;
  });

  it('buttons and modals round-trip through the client', async () => {
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) {
        await i.reply({
          content: 'Pick',
          components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'describe', label: 'Describe' }] }],
        });
      } else if (i.isButton()) {
        await i.showModal({
          custom_id: 'details',
          title: 'Details',
          components: [{ type: 1, components: [{ type: 4, custom_id: 'what', label: 'What happened', style: 2 }] }],
        });
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `got: ${i.fields.getTextInputValue('what')}`, flags: MessageFlags.Ephemeral });
      }
    };
    const cmd = await fake.slash(alice, guildId, 'report', { subcommand: 'open', options: { target: bob } }).settled();
    const messageId = cmd.reply?.id ?? '';
    expect(() => fake.button(alice, 'nope', { messageId })).toThrow(/no component/);
    const click = await fake.button(alice, 'describe', { messageId }).settled();
    expect(click.modal?.custom_id).toBe('details');
    const submit = await fake.modalSubmit(alice, 'details', { what: 'followed me' }, { from: click }).settled();
    expect(submit.reply?.content).toBe('got: followed me');
    expect(submit.ephemeral).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it("discord.js's high-level helpers stay within the spec", async () => {
    const channel = await client.channels.fetch(reportsId);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error('expected a text channel');

    // Threads through the manager, members, archive/lock.
    const thread = await channel.threads.create({ name: 'case-2', type: ChannelType.PrivateThread, invitable: false });
    await thread.members.add(alice);
    const sent = await thread.send({ content: 'Welcome', embeds: [{ title: 'Case 2', description: 'Private interview' }] });
    await sent.edit({ content: 'Welcome!' });
    const fetched = await thread.messages.fetch({ limit: 10 });
    expect(fetched.map((m) => m.content)).toEqual(['Welcome!']);
    await thread.setLocked(true);
    await thread.setArchived(true);
    expect(fake.channel(thread.id)).toMatchObject({ archived: true, locked: true, invitable: false });
    expect(fake.messagesIn(thread.id)[0]?.embeds[0]?.title).toBe('Case 2');

    // Guild lookups.
    const member = await client.guilds.cache.get(guildId)?.members.fetch(alice);
    expect(member?.user.username).toBe('alice');
    const roles = await client.guilds.cache.get(guildId)?.roles.fetch();
    expect(roles?.has(adminRoleId)).toBe(true);

    // Replies: reply + followUp(ephemeral) + editReply with a file (multipart), update on a button, context menus.
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) {
        await i.reply({
          content: 'Case opened',
          components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'close', label: 'Close' }] }],
        });
        await i.followUp({ content: 'Only you see this', flags: MessageFlags.Ephemeral });
        await i.editReply({ content: 'Case opened (transcript attached)', files: [{ attachment: Buffer.from('log'), name: 'log.txt' }] });
      } else if (i.isButton()) {
        await i.update({ content: 'Case closed', components: [] });
      } else if (i.isUserContextMenuCommand()) {
        await i.reply({ content: `about ${i.targetUser.username}`, flags: MessageFlags.Ephemeral });
      } else if (i.isMessageContextMenuCommand()) {
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        await i.followUp({ content: `quoted: ${i.targetMessage.content}` });
      } else if (i.isAutocomplete()) {
        await i.respond([{ name: 'stalking', value: 'stalking' }]);
      }
    };
    const cmd = await fake.slash(alice, guildId, 'report', { subcommand: 'open', options: { target: bob } }).settled();
    expect(cmd.reply?.content).toBe('Case opened (transcript attached)');
    expect(cmd.followUps.map((m) => [m.content, m.ephemeral])).toEqual([['Only you see this', true]]);
    const click = await fake.button(alice, 'close', { messageId: cmd.reply?.id ?? '' }).settled();
    expect(click.callback?.type).toBe(7);
    expect(fake.messagesIn(reportsId).find((m) => m.id === cmd.reply?.id)?.content).toBe('Case closed');

    const userCtx = await fake.userContext(mod, guildId, 'Report user', bob).settled();
    expect(userCtx.reply?.content).toBe('about bob');
    const target = fake.addMessage(reportsId, bob, 'see you tonight');
    const msgCtx = await fake.messageContext(mod, 'Report message', target.id).settled();
    // The first follow-up after a deferred reply replaces the "thinking" message, which stays ephemeral.
    expect(msgCtx.reply?.content).toBe('quoted: see you tonight');
    expect(msgCtx.ephemeral).toBe(true);
    const ac = await fake.autocomplete(alice, guildId, 'report', 'reason', { subcommand: 'open', options: { target: bob, reason: 'sta' } }).settled();
    expect(ac.choices).toEqual([{ name: 'stalking', value: 'stalking' }]);

    expect(fake.requests.some((r) => r.files === 1 && r.route === '/webhooks/{webhook_id}/{webhook_token}/messages/@original')).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a second acknowledgement like Discord (40060)', async () => {
    let second: unknown;
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'one' });
      // Bypass discord.js's own guard to reach the API.
      second = await client.rest
        .post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'two' } }, auth: false })
        .catch((e: unknown) => e);
    };
    const r = await fake.slash(alice, guildId, 'report', { subcommand: 'open', options: { target: bob } }).settled();
    expect((second as DiscordAPIError).code).toBe(40060);
    expect(r.errors).toHaveLength(1);
    expect(r.reply?.content).toBe('one');
  });
});
