import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Routes } from 'discord.js';
import { registry } from '../../../commands/registry.js';
import { startBot, type RunningBot } from '../../../src/bot.js';
import { commandPayloads } from '../../../src/discord/command-payloads.js';
import type { Config } from '../../../src/config/config.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createScratchPostgres, hasRealPostgres } from '../../support/test-databases.js';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';
import type { OptionValue } from '../fake-discord/interactions.js';
import type { GuildRec, RoleRec, UserRec, ChannelRec } from '../fake-discord/state.js';

export type Community = {
  readonly guild: GuildRec;
  readonly roles: { readonly staff: RoleRec; readonly admin: RoleRec; readonly manager: RoleRec };
  readonly channels: { readonly general: ChannelRec; readonly interviews: ChannelRec; readonly escalations: ChannelRec; readonly staffRoom: ChannelRec };
  readonly people: {
    readonly owner: UserRec;
    readonly mod: UserRec;
    readonly mod2: UserRec;
    readonly admin: UserRec;
    readonly alex: UserRec;
    readonly sam: UserRec;
    readonly robin: UserRec;
    readonly member: UserRec;
  };
};

export type World = {
  readonly fake: FakeDiscord;
  readonly bot: RunningBot;
  readonly community: Community;
  /** Adds another server with its own staff, for isolation tests. */
  addCommunity(name: string): Community;
  /** A slash command run by `userId` in the community's staff room; waits until the bot is done. */
  run(c: Community, userId: string, command: string, subcommand: string | undefined, options?: Record<string, OptionValue>): Promise<InteractionHandle>;
  /** Runs /setup configure for a community as its owner. */
  setUp(c: Community): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A server as a real community would set it up: an interview channel where
 * only staff hold Manage Threads and members may only talk in threads, a
 * staff-only escalation channel, staff/admin/manager roles.
 */
export function seedCommunity(fake: FakeDiscord, name: string): Community {
  const owner = fake.addUser({ username: `${name}-owner` });
  const guild = fake.addGuild({
    name,
    ownerId: owner.id,
    everyonePermissions: ['ViewChannel', 'SendMessages', 'SendMessagesInThreads', 'ReadMessageHistory', 'UseApplicationCommands'],
    botPermissions: ['ViewChannel', 'SendMessages', 'SendMessagesInThreads', 'CreatePrivateThreads', 'ManageThreads', 'EmbedLinks', 'ReadMessageHistory', 'MentionEveryone'],
  });
  const staff = fake.addRole(guild.id, { name: 'Moderators', permissions: ['ManageMessages'] });
  const admin = fake.addRole(guild.id, { name: 'Admins', permissions: ['ManageMessages', 'ManageThreads'], mentionable: true });
  const manager = fake.addRole(guild.id, { name: 'Managers', permissions: ['ManageGuild'] });
  const person = (username: string, roles: string[] = []) => {
    const user = fake.addUser({ username: `${name}-${username}` });
    fake.addMember(guild.id, user.id, roles);
    return user;
  };
  fake.addMember(guild.id, owner.id, [manager.id]);
  const people = {
    owner,
    mod: person('mod', [staff.id]),
    mod2: person('mod2', [staff.id]),
    admin: person('admin', [admin.id]),
    alex: person('alex'),
    sam: person('sam'),
    robin: person('robin'),
    member: person('member'),
  };
  const general = fake.addTextChannel(guild.id, { name: 'general' });
  const interviews = fake.addTextChannel(guild.id, {
    name: 'interviews',
    overwrites: [
      { id: guild.id, type: 'role', deny: ['SendMessages', 'ManageThreads', 'CreatePublicThreads', 'CreatePrivateThreads'] },
      { id: staff.id, type: 'role', allow: ['ManageThreads'] },
      { id: fake.botRole(guild.id).id, type: 'role', allow: ['CreatePrivateThreads', 'ManageThreads', 'SendMessagesInThreads', 'SendMessages'] },
    ],
  });
  const hidden = (channel: string) =>
    fake.addTextChannel(guild.id, {
      name: channel,
      overwrites: [
        { id: guild.id, type: 'role', deny: ['ViewChannel'] },
        { id: staff.id, type: 'role', allow: ['ViewChannel'] },
        { id: admin.id, type: 'role', allow: ['ViewChannel'] },
        { id: fake.botRole(guild.id).id, type: 'role', allow: ['ViewChannel'] },
      ],
    });
  const escalations = hidden('escalations');
  const staffRoom = hidden('staff-room');
  return { guild, roles: { staff, admin, manager }, channels: { general, interviews, escalations, staffRoom }, people };
}

export async function startWorld(opts: { database?: 'postgresql' | 'embedded' } = {}): Promise<World> {
  const fake = await FakeDiscord.start();
  const community = seedCommunity(fake, 'example-town');
  const useReal = (opts.database ?? 'postgresql') === 'postgresql' && hasRealPostgres();
  const scratch = useReal ? await createScratchPostgres() : null;
  const dataDir = useReal ? null : await mkdtemp(join(tmpdir(), 'bothsides-e2e-'));
  const config: Config = {
    discord: { token: fake.token, clientId: fake.applicationId, devGuildId: undefined, apiUrl: fake.apiUrl },
    database: { url: scratch?.url, dataDir: dataDir ?? '' },
    logLevel: 'silent',
  };
  const bot = await startBot(config, createLogger(process.env.E2E_LOG_LEVEL ?? 'silent'));
  // What `npm run deploy-commands` does: register the registry's commands.
  await bot.client.rest.put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });

  const world: World = {
    fake,
    bot,
    community,
    addCommunity: (name) => seedCommunity(fake, name),
    run: (c, userId, command, subcommand, options = {}) =>
      fake
        .slash(userId, c.guild.id, command, { ...(subcommand ? { subcommand } : {}), channelId: c.channels.staffRoom.id, options })
        .settled({ timeoutMs: 15_000 }),
    async setUp(c) {
      const r = await fake
        .slash(c.people.owner.id, c.guild.id, 'setup', {
          subcommand: 'configure',
          channelId: c.channels.staffRoom.id,
          options: {
            staff_role: c.roles.staff.id,
            admin_role: c.roles.admin.id,
            escalation_channel: c.channels.escalations.id,
            interview_channel: c.channels.interviews.id,
            community_name: c.guild.name,
            standards_url: 'https://example.org/community-standards',
          },
        })
        .settled();
      if (!r.reply?.content.startsWith('Settings saved')) throw new Error(`setup failed: ${r.reply?.content ?? 'no reply'}`);
    },
    async stop() {
      await bot.stop();
      await fake.stop();
      await scratch?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The custom ids of the buttons on a message, in order. */
export function buttonIds(message: { components: unknown[] } | undefined): string[] {
  const rows = (message?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((row) => (row.components ?? []).flatMap((b) => (b.custom_id ? [b.custom_id] : [])));
}
