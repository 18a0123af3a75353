import type { FakeDiscord } from '../fake-discord/index.js';
import type { OptionValue } from '../fake-discord/interactions.js';
import type { ChannelRec, GuildRec, RoleRec, UserRec } from '../fake-discord/state.js';

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

/**
 * A server as a real community would set it up: an interview channel where
 * only staff hold Manage Threads and members may only talk in threads, a
 * staff-only escalation channel, staff/admin/manager roles.
 */
export function seedCommunity(fake: FakeDiscord, name: string, shard?: [number, number]): Community {
  const owner = fake.addUser({ username: `${name}-owner` });
  const guild = fake.addGuild({
    ...(shard ? { shard } : {}),
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

/** The /setup configure options of a community (its roles and channels, a standards link); `extra` adds or overrides. */
export function setupOptions(c: Community, extra: Record<string, OptionValue> = {}): Record<string, OptionValue> {
  return {
    staff_role: c.roles.staff.id,
    admin_role: c.roles.admin.id,
    escalation_channel: c.channels.escalations.id,
    interview_channel: c.channels.interviews.id,
    community_name: c.guild.name,
    standards_url: 'https://example.org/community-standards',
    ...extra,
  };
}

/** Runs /setup configure as the community's owner, in the staff room; throws unless the settings were saved. */
export async function configureCommunity(fake: FakeDiscord, c: Community, extra: Record<string, OptionValue> = {}, timeoutMs = 10_000): Promise<void> {
  const r = await fake
    .slash(c.people.owner.id, c.guild.id, 'setup', { subcommand: 'configure', channelId: c.channels.staffRoom.id, options: setupOptions(c, extra) })
    .settled({ timeoutMs });
  if (!r.reply?.content.startsWith('Settings saved')) throw new Error(`/setup failed: ${r.reply?.content ?? 'no reply'}`);
}
