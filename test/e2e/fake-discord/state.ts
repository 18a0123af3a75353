import { randomBytes } from 'node:crypto';
import {
  computePermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  has,
  type Overwrite,
} from './permissions.js';
import { SnowflakeGenerator } from './snowflake.js';

export const ChannelTypes = {
  GuildText: 0,
  DM: 1,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  PublicThread: 11,
  PrivateThread: 12,
} as const;

export type Json = Record<string, unknown>;

export interface UserRec {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  dmsClosed: boolean;
}

export interface RoleRec {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  mentionable: boolean;
  position: number;
  managed: boolean;
  color: number;
}

export interface GuildRec {
  id: string;
  name: string;
  ownerId: string;
  /** The server's preferred locale (Community settings), 'en-US' unless a test sets it. */
  preferredLocale?: string;
  /** Bot's managed role. */
  botRoleId: string;
  joinedAt: string;
}

export interface MemberRec {
  guildId: string;
  userId: string;
  /** Role ids, excluding @everyone. */
  roles: string[];
  joinedAt: string;
  nick: string | null;
}

export interface ThreadMetadata {
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  archiveTimestamp: string;
  createTimestamp: string;
  invitable?: boolean;
}

export interface ChannelRec {
  id: string;
  type: number;
  guildId?: string;
  name?: string;
  parentId?: string | null;
  position: number;
  topic: string | null;
  overwrites: Overwrite[];
  lastMessageId: string | null;
  /** Threads */
  ownerId?: string;
  thread?: ThreadMetadata;
  threadMembers: Map<string, string>;
  messageCount: number;
  /** DM */
  recipientId?: string;
}

export interface MessageRec {
  id: string;
  channelId: string;
  guildId?: string;
  authorId: string;
  type: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  allowedMentions: unknown;
  flags: number;
  timestamp: string;
  editedTimestamp: string | null;
  webhookId?: string;
  applicationId?: string;
  /** The interaction this message answers (original response or follow-up). */
  interactionId?: string;
  messageReference?: unknown;
  /** The nonce the author sent, kept for enforce_nonce. */
  nonce?: string;
  /** User ids that would be notified (mentions filtered by allowed_mentions). */
  pingedUserIds: string[];
  pingedRoleIds: string[];
  pingedEveryone: boolean;
  /** Users who would get a notification: pinged users, members of pinged roles, @everyone/@here viewers. */
  notifiedUserIds: string[];
  /** For ephemeral messages: the only user who sees it. */
  ephemeralFor?: string;
  deleted: boolean;
  /** Every body that produced or edited this message, in order. */
  history: unknown[];
}

export interface CommandRec {
  id: string;
  applicationId: string;
  guildId: string | null;
  body: Json;
}

/**
 * A Map of records kept indexed by one of their fields as well (a guild's
 * members, roles and channels; a channel's messages), so that they are found
 * without a scan: the benchmark's 2,500 servers and 125,000 members, and the
 * messages a long run piles up. Tests may set and delete entries directly:
 * the index follows.
 */
export class IndexedMap<V> extends Map<string, V> {
  private readonly index = new Map<string, Map<string, V>>();

  constructor(private readonly indexOf: (value: V) => string) {
    super();
  }

  override set(key: string, value: V): this {
    const before = super.get(key);
    if (before !== undefined) this.index.get(this.indexOf(before))?.delete(key);
    super.set(key, value);
    const at = this.indexOf(value);
    let bucket = this.index.get(at);
    if (!bucket) this.index.set(at, (bucket = new Map<string, V>()));
    bucket.set(key, value);
    return this;
  }

  override delete(key: string): boolean {
    const before = super.get(key);
    if (before !== undefined) this.index.get(this.indexOf(before))?.delete(key);
    return super.delete(key);
  }

  override clear(): void {
    this.index.clear();
    super.clear();
  }

  /** The values whose indexed field is `at`, in insertion order. */
  valuesAt(at: string): V[] {
    return [...(this.index.get(at)?.values() ?? [])];
  }
}

const byGuild = (v: { readonly guildId?: string | null | undefined }): string => v.guildId ?? '';

export class FakeState {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, UserRec>();
  readonly guilds = new Map<string, GuildRec>();
  readonly roles = new IndexedMap<RoleRec>(byGuild);
  readonly members = new IndexedMap<MemberRec>(byGuild);
  readonly channels = new IndexedMap<ChannelRec>(byGuild);
  readonly messages = new IndexedMap<MessageRec>((m) => m.channelId);
  /** Files a member attached to a command option (type 11), by attachment id, as Discord resolves them. */
  readonly uploads = new Map<string, Json>();
  readonly dmChannelOf = new Map<string, string>();
  readonly commands: CommandRec[] = [];
  readonly botUser: UserRec;
  readonly applicationId: string;
  readonly token: string;

  constructor() {
    this.botUser = this.addUser({ username: 'Bothsides', bot: true });
    this.applicationId = this.botUser.id;
    const tokenId = Buffer.from(this.botUser.id).toString('base64').replace(/=+$/, '');
    this.token = `${tokenId}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
  }

  now(): string {
    return new Date().toISOString();
  }

  addUser(opts: { id?: string; username: string; globalName?: string; bot?: boolean; dmsClosed?: boolean }): UserRec {
    const user: UserRec = {
      id: opts.id ?? this.ids.next(),
      username: opts.username,
      globalName: opts.globalName ?? null,
      bot: opts.bot ?? false,
      dmsClosed: opts.dmsClosed ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  addGuild(opts: {
    id?: string;
    name: string;
    ownerId: string;
    everyonePermissions?: bigint;
    botPermissions?: bigint;
  }): GuildRec {
    const id = opts.id ?? this.ids.next();
    const everyone: RoleRec = {
      id,
      guildId: id,
      name: '@everyone',
      permissions: opts.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      mentionable: false,
      position: 0,
      managed: false,
      color: 0,
    };
    this.roles.set(everyone.id, everyone);
    const botRole: RoleRec = {
      id: this.ids.next(),
      guildId: id,
      name: this.botUser.username,
      permissions: opts.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      mentionable: false,
      position: 1,
      managed: true,
      color: 0,
    };
    this.roles.set(botRole.id, botRole);
    const guild: GuildRec = { id, name: opts.name, ownerId: opts.ownerId, botRoleId: botRole.id, joinedAt: this.now() };
    this.guilds.set(id, guild);
    this.addMember(id, this.botUser.id, [botRole.id]);
    if (this.users.has(opts.ownerId) && !this.members.has(`${id}:${opts.ownerId}`)) {
      this.addMember(id, opts.ownerId, []);
    }
    return guild;
  }

  addRole(guildId: string, opts: { id?: string; name: string; permissions: bigint; mentionable?: boolean }): RoleRec {
    this.guild(guildId);
    const position = this.roles.valuesAt(guildId).length;
    const role: RoleRec = {
      id: opts.id ?? this.ids.next(),
      guildId,
      name: opts.name,
      permissions: opts.permissions,
      mentionable: opts.mentionable ?? false,
      position,
      managed: false,
      color: 0,
    };
    this.roles.set(role.id, role);
    return role;
  }

  addMember(guildId: string, userId: string, roleIds: string[] = []): MemberRec {
    this.guild(guildId);
    this.user(userId);
    const member: MemberRec = { guildId, userId, roles: [...roleIds], joinedAt: this.now(), nick: null };
    this.members.set(`${guildId}:${userId}`, member);
    return member;
  }

  addChannel(
    guildId: string,
    opts: { id?: string; name: string; type?: number; parentId?: string | null; topic?: string; overwrites?: Overwrite[] },
  ): ChannelRec {
    this.guild(guildId);
    const position = this.guildChannels(guildId).length;
    const channel: ChannelRec = {
      id: opts.id ?? this.ids.next(),
      type: opts.type ?? ChannelTypes.GuildText,
      guildId,
      name: opts.name,
      parentId: opts.parentId ?? null,
      position,
      topic: opts.topic ?? null,
      overwrites: opts.overwrites ?? [],
      lastMessageId: null,
      threadMembers: new Map(),
      messageCount: 0,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addThread(
    parent: ChannelRec,
    opts: { name: string; type: number; ownerId: string; invitable?: boolean; autoArchiveDuration?: number },
  ): ChannelRec {
    const now = this.now();
    const thread: ChannelRec = {
      id: this.ids.next(),
      type: opts.type,
      guildId: parent.guildId,
      name: opts.name,
      parentId: parent.id,
      position: 0,
      topic: null,
      overwrites: [],
      lastMessageId: null,
      ownerId: opts.ownerId,
      thread: {
        archived: false,
        locked: false,
        autoArchiveDuration: opts.autoArchiveDuration ?? 4320,
        archiveTimestamp: now,
        createTimestamp: now,
        ...(opts.type === ChannelTypes.PrivateThread ? { invitable: opts.invitable ?? true } : {}),
      },
      threadMembers: new Map([[opts.ownerId, now]]),
      messageCount: 0,
    };
    this.channels.set(thread.id, thread);
    return thread;
  }

  dmChannel(userId: string): ChannelRec {
    const existing = this.dmChannelOf.get(userId);
    if (existing) return this.channel(existing);
    const channel: ChannelRec = {
      id: this.ids.next(),
      type: ChannelTypes.DM,
      position: 0,
      topic: null,
      overwrites: [],
      lastMessageId: null,
      threadMembers: new Map(),
      messageCount: 0,
      recipientId: userId,
    };
    this.channels.set(channel.id, channel);
    this.dmChannelOf.set(userId, channel.id);
    return channel;
  }

  user(id: string): UserRec {
    const user = this.users.get(id);
    if (!user) throw new Error(`FakeDiscord: unknown user ${id}`);
    return user;
  }

  guild(id: string): GuildRec {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${id}`);
    return guild;
  }

  channel(id: string): ChannelRec {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`FakeDiscord: unknown channel ${id}`);
    return channel;
  }

  role(id: string): RoleRec {
    const role = this.roles.get(id);
    if (!role) throw new Error(`FakeDiscord: unknown role ${id}`);
    return role;
  }

  member(guildId: string, userId: string): MemberRec | undefined {
    return this.members.get(`${guildId}:${userId}`);
  }

  guildRoles(guildId: string): RoleRec[] {
    return this.roles.valuesAt(guildId).sort((a, b) => a.position - b.position);
  }

  guildMembers(guildId: string): MemberRec[] {
    return this.members.valuesAt(guildId);
  }

  guildChannels(guildId: string): ChannelRec[] {
    return this.channels.valuesAt(guildId).filter((c) => !c.thread);
  }

  /** A guild's threads (archived ones too). */
  guildThreads(guildId: string): ChannelRec[] {
    return this.channels.valuesAt(guildId).filter((c) => c.thread);
  }

  threadsOf(parentId: string): ChannelRec[] {
    const guildId = this.channels.get(parentId)?.guildId;
    return (guildId ? this.guildThreads(guildId) : [...this.channels.values()]).filter((c) => c.thread && c.parentId === parentId);
  }

  channelMessages(channelId: string): MessageRec[] {
    return this.messages.valuesAt(channelId).filter((m) => !m.deleted);
  }

  /** Permissions of a user at guild level, or in a channel (threads inherit their parent's overwrites). */
  permissions(userId: string, guildId: string, channelId?: string): bigint {
    const guild = this.guild(guildId);
    const member = this.member(guildId, userId);
    if (!member) return 0n;
    const everyone = this.role(guildId);
    let overwrites: Overwrite[] | undefined;
    if (channelId) {
      const channel = this.channel(channelId);
      const source = channel.thread && channel.parentId ? this.channel(channel.parentId) : channel;
      overwrites = source.overwrites;
    }
    return computePermissions({
      guildId,
      ownerId: guild.ownerId,
      everyonePermissions: everyone.permissions,
      memberRoles: member.roles.flatMap((id) => {
        const role = this.roles.get(id);
        return role ? [{ id, permissions: role.permissions }] : [];
      }),
      memberId: userId,
      overwrites,
    });
  }

  /** Whether a user can see a channel (and read it): guild channels by VIEW_CHANNEL; private threads also need membership or MANAGE_THREADS. */
  canView(userId: string, channelId: string): boolean {
    const channel = this.channels.get(channelId);
    if (!channel) return false;
    if (channel.type === ChannelTypes.DM) return channel.recipientId === userId || userId === this.botUser.id;
    if (!channel.guildId) return false;
    const perms = this.permissions(userId, channel.guildId, channel.id);
    if (!has(perms, 'ViewChannel')) return false;
    if (channel.type === ChannelTypes.PrivateThread) {
      return channel.threadMembers.has(userId) || has(perms, 'ManageThreads');
    }
    return true;
  }
}
