import { ChannelTypes, type ChannelRec, type FakeState, type Json, type MemberRec, type MessageRec, type RoleRec, type UserRec } from './state.js';

export function userJson(user: UserRec): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    bot: user.bot,
    system: false,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function roleJson(role: RoleRec): Json {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
    ...(role.managed ? { tags: { bot_id: role.guildId } } : {}),
  };
}

export function memberJson(state: FakeState, member: MemberRec): Json {
  return {
    user: userJson(state.user(member.userId)),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

export function threadMemberJson(thread: ChannelRec, userId: string, joinedAt: string): Json {
  return { id: thread.id, user_id: userId, join_timestamp: joinedAt, flags: 0 };
}

export function channelJson(state: FakeState, channel: ChannelRec): Json {
  if (channel.type === ChannelTypes.DM) {
    const recipient = channel.recipientId ? state.users.get(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: recipient ? [userJson(recipient)] : [],
    };
  }
  const base: Json = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId ?? null,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
  if (channel.thread) {
    const botJoined = channel.threadMembers.get(state.botUser.id);
    return {
      ...base,
      owner_id: channel.ownerId,
      message_count: channel.messageCount,
      total_message_sent: channel.messageCount,
      member_count: Math.min(channel.threadMembers.size, 50),
      thread_metadata: {
        archived: channel.thread.archived,
        locked: channel.thread.locked,
        auto_archive_duration: channel.thread.autoArchiveDuration,
        archive_timestamp: channel.thread.archiveTimestamp,
        create_timestamp: channel.thread.createTimestamp,
        ...(channel.thread.invitable === undefined ? {} : { invitable: channel.thread.invitable }),
      },
      ...(botJoined ? { member: threadMemberJson(channel, state.botUser.id, botJoined) } : {}),
    };
  }
  return {
    ...base,
    position: channel.position,
    topic: channel.topic,
    nsfw: false,
    permission_overwrites: channel.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
  };
}

export function messageJson(state: FakeState, message: MessageRec): Json {
  const author = state.users.get(message.authorId);
  return {
    id: message.id,
    type: message.type,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: author ? userJson(author) : { id: message.authorId, username: 'unknown', discriminator: '0' },
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editedTimestamp,
    tts: false,
    mention_everyone: message.pingedEveryone,
    mentions: message.pingedUserIds.flatMap((id) => {
      const u = state.users.get(id);
      return u ? [userJson(u)] : [];
    }),
    mention_roles: message.pingedRoleIds,
    attachments: message.attachments,
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    flags: message.flags,
    ...(message.webhookId ? { webhook_id: message.webhookId } : {}),
    ...(message.applicationId ? { application_id: message.applicationId } : {}),
    ...(message.messageReference ? { message_reference: message.messageReference } : {}),
  };
}

export function guildJson(state: FakeState, guildId: string): Json {
  const guild = state.guild(guildId);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: state.guildRoles(guildId).map(roleJson),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale ?? 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
  };
}
