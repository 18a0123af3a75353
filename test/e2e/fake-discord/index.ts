/**
 * A local, stateful fake of Discord (REST v10 + gateway v10) for end-to-end tests of the bot.
 *
 *   const fake = await FakeDiscord.start();
 *   const alice = fake.addUser({ username: 'alice' });
 *   const guild = fake.addGuild({ name: 'G', ownerId: alice.id });
 *   fake.addMember(guild.id, alice.id);
 *   const reports = fake.addTextChannel(guild.id, { name: 'reports' });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   await client.login(fake.token);
 *   const r = await fake.slash(alice.id, guild.id, 'report', { options: { reason: 'x' } }).settled();
 *   expect(r.reply?.content).toContain('opened'); expect(r.ephemeral).toBe(true);
 *   fake.assertNoViolations();
 *
 * Every request body is validated against Discord's OpenAPI spec; see `violations`.
 */
import { EventEmitter, once } from 'node:events';
import { Faults } from './faults.js';
import { Gateway, Intents, shardOf, type DropMode, type GatewayLogEntry, type GatewaySession, type ShardingRules } from './gateway.js';
import {
  addResolvedUser,
  basePayload,
  buildCommandOptions,
  defaultChannel,
  InteractionHandle,
  InteractionType,
  messageView,
  newInteractionToken,
  resolvedMessage,
  type InteractionRecord,
  type MessageView,
  type OptionValue,
} from './interactions.js';
import { OpenApiValidator } from './openapi-validator.js';
import { P, toPermissionBits, type Overwrite, type PermissionInput, type PermissionName } from './permissions.js';
import { RestApi } from './rest-routes.js';
import { channelJson, guildJson, memberJson, roleJson, threadMemberJson, userJson } from './serialize.js';
import { FakeOAuth } from './oauth.js';
import { handleRest, startServer, type RecordedRequest, type RunningServer, type Violation } from './server.js';
import { ChannelTypes, FakeState, type ChannelRec, type GuildRec, type Json, type MemberRec, type RoleRec, type UserRec } from './state.js';

export { InteractionHandle, type MessageView } from './interactions.js';
export type { RecordedRequest, Violation } from './server.js';
export type { FaultSpec, FaultKind } from './faults.js';
export type { PermissionName } from './permissions.js';
export { ChannelTypes } from './state.js';

export interface FakeDiscordOptions {
  /** Path of Discord's openapi.json (default: $DISCORD_OPENAPI_SPEC, then the copy in test/e2e/discord-api-spec). */
  specPath?: string;
  /** Interaction callbacks later than this are refused with 10062 like Discord (default 3000; 0 = no deadline). */
  ackDeadlineMs?: number;
  /** Members in GUILD_CREATE: 'intents' (all with GUILD_MEMBERS, else only the bot, like Discord) or 'all'. */
  gatewayMembers?: 'intents' | 'all';
  /** What GET /gateway/bot recommends and IDENTIFY is held to (default: 1 shard, max_concurrency 1, 2,500 guilds a shard, no identify rate). */
  sharding?: Partial<ShardingRules>;
}

export interface OverwriteInput {
  id: string;
  type: 'role' | 'member';
  allow?: PermissionInput;
  deny?: PermissionInput;
}

export interface ChannelView {
  id: string;
  type: number;
  name: string | undefined;
  guildId: string | undefined;
  parentId: string | null | undefined;
  /** Threads: */
  ownerId?: string;
  private: boolean;
  archived?: boolean;
  locked?: boolean;
  invitable?: boolean;
  memberIds: string[];
  json: Json;
}

export interface Visibility {
  /** Guild channels (not threads) the user can view. */
  channels: ChannelView[];
  /** Threads the user can see: public threads of viewable channels; private ones only as member or with MANAGE_THREADS. */
  threads: ChannelView[];
  /** The user's DM channel with the bot, if one exists. */
  dmChannelId: string | undefined;
  /** Every message the user can see (including ephemeral messages meant for them). */
  messages: MessageView[];
  canSee(channelId: string): boolean;
}

interface CommandOpts {
  subcommand?: string;
  group?: string;
  options?: Record<string, OptionValue>;
  channelId?: string;
  locale?: string;
}

export class FakeDiscord {
  readonly state = new FakeState();
  /** Discord's OAuth2 (authorize, token, users/@me with a bearer token), for the desk's login. */
  readonly oauth = new FakeOAuth(this.state);
  readonly faults = new Faults();
  /** Every REST request the bot made, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests that are not in the spec, fail its schema, or are not implemented by the fake. */
  readonly violations: Violation[] = [];
  private validated = 0;
  private inFlight = 0;
  private lastActivity = Date.now();
  private readonly activity = new EventEmitter();
  private server!: RunningServer;
  private readonly gateway: Gateway;
  private readonly rest: RestApi;

  private constructor(
    private readonly validator: OpenApiValidator,
    private readonly options: Required<Omit<FakeDiscordOptions, 'sharding'>> & { sharding: ShardingRules },
  ) {
    this.gateway = new Gateway({
      token: this.state.token,
      resumeUrl: () => this.gatewayUrl,
      ready: (session) => this.readyPayload(session),
      guildCreates: (session) => this.guildsOf(session.shard).map((id) => this.guildCreatePayload(id, session)),
      guildsOnShard: (shard) => this.guildsOf(shard).length,
      sharding: options.sharding,
    });
    this.rest = new RestApi(this.state, this.gateway, () => this.gatewayUrl, { ackDeadlineMs: options.ackDeadlineMs, sharding: options.sharding });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const validator = OpenApiValidator.load(options.specPath);
    const fake = new FakeDiscord(validator, {
      specPath: options.specPath ?? '',
      ackDeadlineMs: options.ackDeadlineMs ?? 3000,
      gatewayMembers: options.gatewayMembers ?? 'intents',
      sharding: { shards: 1, maxConcurrency: 1, maxGuildsPerShard: 2_500, enforceIdentifyRate: false, ...options.sharding },
    });
    fake.server = await startServer(
      async (req, res) => {
        if (await fake.oauth.handle(req, res)) return;
        await handleRest(
          {
            rest: fake.rest,
            validator,
            faults: fake.faults,
            token: () => fake.state.token,
            requests: fake.requests,
            violations: fake.violations,
            onValidated: () => fake.validated++,
            onActivity: (delta) => {
              fake.inFlight += delta;
              fake.lastActivity = Date.now();
              fake.activity.emit('activity');
            },
          },
          req,
          res,
        );
      },
      (ws, url) => fake.gateway.handleConnection(ws, url),
    );
    return fake;
  }

  async stop(): Promise<void> {
    this.gateway.closeAll();
    await this.server.close();
  }

  get port(): number {
    return this.server.port;
  }

  /** Give this to discord.js: `new Client({ rest: { api: fake.apiUrl } })` (discord.js appends /v10). */
  /** Where browsers are sent to authorize (DISCORD_OAUTH_URL). */
  get oauthUrl(): string {
    return `http://127.0.0.1:${this.port}/oauth2/authorize`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get botUser(): UserRec {
    return this.state.botUser;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  get token(): string {
    return this.state.token;
  }

  /** Request bodies that were validated against the spec (and passed). */
  get validatedCount(): number {
    return this.validated;
  }

  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log;
  }

  get gatewayConnected(): boolean {
    return this.gateway.connected;
  }

  /** Application commands the bot registered ({ guildId: null } for global). */
  get commands(): { id: string; guildId: string | null; name: string; body: Json }[] {
    return this.state.commands.map((c) => ({ id: c.id, guildId: c.guildId, name: String(c.body.name), body: c.body }));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Seeding

  addUser(opts: { id?: string; username: string; globalName?: string; bot?: boolean; dmsClosed?: boolean }): UserRec {
    return this.state.addUser(opts);
  }

  addGuild(opts: {
    id?: string;
    /** An id whose events go to this shard: [shard_id, num_shards]. */
    shard?: [number, number];
    name: string;
    ownerId: string;
    everyonePermissions?: PermissionInput;
    /** Permissions of the bot's managed role. */
    botPermissions?: PermissionInput;
  }): GuildRec {
    const id = opts.id ?? (opts.shard ? this.state.ids.nextOnShard(opts.shard[0], opts.shard[1]) : undefined);
    const guild = this.state.addGuild({
      ...(id ? { id } : {}),
      name: opts.name,
      ownerId: opts.ownerId,
      ...(opts.everyonePermissions !== undefined ? { everyonePermissions: toPermissionBits(opts.everyonePermissions) } : {}),
      ...(opts.botPermissions !== undefined ? { botPermissions: toPermissionBits(opts.botPermissions) } : {}),
    });
    const session = this.gateway.sessionFor(guild.id);
    if (session) this.gateway.dispatch('GUILD_CREATE', this.guildCreatePayload(guild.id, session), Intents.Guilds);
    return guild;
  }

  addRole(guildId: string, opts: { id?: string; name: string; permissions?: PermissionInput; mentionable?: boolean }): RoleRec {
    const role = this.state.addRole(guildId, {
      ...(opts.id ? { id: opts.id } : {}),
      name: opts.name,
      permissions: toPermissionBits(opts.permissions ?? 0n),
      mentionable: opts.mentionable ?? false,
    });
    this.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role: roleJson(role) }, Intents.Guilds);
    return role;
  }

  addMember(guildId: string, userId: string, roleIds: string[] = []): MemberRec {
    const member = this.state.addMember(guildId, userId, roleIds);
    this.gateway.dispatch('GUILD_MEMBER_ADD', { guild_id: guildId, ...memberJson(this.state, member) }, Intents.GuildMembers);
    return member;
  }

  addTextChannel(guildId: string, opts: { id?: string; name: string; parentId?: string; topic?: string; overwrites?: OverwriteInput[] }): ChannelRec {
    return this.addGuildChannel(guildId, ChannelTypes.GuildText, opts);
  }

  addCategory(guildId: string, opts: { id?: string; name: string; overwrites?: OverwriteInput[] }): ChannelRec {
    return this.addGuildChannel(guildId, ChannelTypes.GuildCategory, opts);
  }

  private addGuildChannel(
    guildId: string,
    type: number,
    opts: { id?: string; name: string; parentId?: string; topic?: string; overwrites?: OverwriteInput[] },
  ): ChannelRec {
    const channel = this.state.addChannel(guildId, {
      ...(opts.id ? { id: opts.id } : {}),
      name: opts.name,
      type,
      parentId: opts.parentId ?? null,
      ...(opts.topic ? { topic: opts.topic } : {}),
      overwrites: (opts.overwrites ?? []).map(toOverwrite),
    });
    this.gateway.dispatch('CHANNEL_CREATE', channelJson(this.state, channel), Intents.Guilds);
    return channel;
  }

  /** A thread that already exists (e.g. created by someone else). */
  addThread(parentId: string, opts: { name: string; private?: boolean; ownerId: string; memberIds?: string[]; invitable?: boolean }): ChannelRec {
    const parent = this.state.channel(parentId);
    const thread = this.state.addThread(parent, {
      name: opts.name,
      type: opts.private === false ? ChannelTypes.PublicThread : ChannelTypes.PrivateThread,
      ownerId: opts.ownerId,
      ...(opts.invitable !== undefined ? { invitable: opts.invitable } : {}),
    });
    for (const id of opts.memberIds ?? []) thread.threadMembers.set(id, this.state.now());
    if (this.state.canView(this.botUser.id, thread.id)) {
      this.gateway.dispatch('THREAD_CREATE', channelJson(this.state, thread), Intents.Guilds);
    }
    return thread;
  }

  /** A message from a user (e.g. a target for message context menus). */
  addMessage(channelId: string, authorId: string, content: string | Json): MessageView {
    const body = typeof content === 'string' ? { content } : content;
    const m = this.rest.createMessage(this.state.channel(channelId), authorId, body);
    return messageView(this.state, m);
  }

  /** A file a member attaches to a command's attachment option; pass the returned id as the option's value. */
  addUpload(opts: { filename: string; size: number; url: string; contentType?: string }): string {
    const id = this.state.ids.next();
    this.state.uploads.set(id, {
      id,
      filename: opts.filename,
      size: opts.size,
      url: opts.url,
      proxy_url: opts.url,
      ...(opts.contentType ? { content_type: opts.contentType } : {}),
    });
    return id;
  }

  setDmsClosed(userId: string, closed: boolean): void {
    this.state.user(userId).dmsClosed = closed;
  }

  /** Replaces a channel's permission overwrites (announced with CHANNEL_UPDATE). */
  setChannelPermissions(channelId: string, overwrites: OverwriteInput[]): void {
    const channel = this.state.channel(channelId);
    channel.overwrites = overwrites.map(toOverwrite);
    this.gateway.dispatch('CHANNEL_UPDATE', channelJson(this.state, channel), Intents.Guilds);
  }

  /** Adds a member overwrite denying the bot these permissions in the channel; returns a function that restores it. */
  denyBotPermission(channelId: string, ...names: PermissionName[]): () => void {
    const channel = this.state.channel(channelId);
    if (channel.thread) throw new Error('FakeDiscord: threads take their permissions from the parent; deny on the parent channel');
    const before = channel.overwrites.map((o) => ({ ...o }));
    const bits = names.reduce((acc, n) => acc | P[n], 0n);
    const botId = this.botUser.id;
    const existing = channel.overwrites.find((o) => o.type === 1 && o.id === botId);
    if (existing) {
      existing.deny |= bits;
      existing.allow &= ~bits;
    } else {
      channel.overwrites.push({ id: botId, type: 1, allow: 0n, deny: bits });
    }
    this.gateway.dispatch('CHANNEL_UPDATE', channelJson(this.state, channel), Intents.Guilds);
    return () => {
      channel.overwrites = before;
      this.gateway.dispatch('CHANNEL_UPDATE', channelJson(this.state, channel), Intents.Guilds);
    };
  }

  setRolePermissions(roleId: string, permissions: PermissionInput): void {
    const role = this.state.role(roleId);
    role.permissions = toPermissionBits(permissions);
    this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: role.guildId, role: roleJson(role) }, Intents.Guilds);
  }

  /** The bot's managed role in a guild (to change its permissions). */
  botRole(guildId: string): RoleRec {
    return this.state.role(this.state.guild(guildId).botRoleId);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Gateway

  /** Resolves once the bot has identified (READY sent) — or resumed, if `resumed` is set. */
  async waitForBot(opts: { timeoutMs?: number; event?: 'ready' | 'resumed' } = {}): Promise<void> {
    const event = opts.event ?? 'ready';
    if (event === 'ready' && this.gateway.current) return;
    await once(this.gateway, event, { signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) });
  }

  /** Drops the bot's gateway connection (shard 0's, or `shardId`'s); by default with close code 4000, which discord.js resumes. */
  async dropGateway(mode: DropMode = 'resumable', shardId = 0): Promise<void> {
    await this.gateway.drop(mode, shardId);
  }

  /**
   * The bot's busiest second since `since`, interaction callbacks left out as Discord leaves them out of its global
   * limit of 50 a second. `windowed`: counted as a fixed-window limit counts, a window opening at the first request
   * after the last one closed and holding the next 1,000 ms (how discord.js keeps the limit, and a limit on
   * Discord's side would count). `sliding`: the most in any 1,000 ms at all, which a fixed-window sender can reach
   * twice over across a window's edge.
   */
  peakRequestsPerSecond(since = 0): { windowed: number; sliding: number; total: number } {
    const times = this.requests
      .filter((r) => r.at >= since && !/^\/interactions\/[^/]+\/[^/]+\/callback$/.test(r.path))
      .map((r) => r.at)
      .sort((a, b) => a - b);
    let sliding = 0;
    for (let first = 0, last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= 1000) first++;
      sliding = Math.max(sliding, last - first + 1);
    }
    let windowed = 0;
    for (let opened = 0, i = 0; i < times.length; i++) {
      if (times[i]! - times[opened]! >= 1000) opened = i;
      windowed = Math.max(windowed, i - opened + 1);
    }
    return { windowed, sliding, total: times.length };
  }

  /** The live session of each shard: its [shard_id, num_shards] and how many events it was sent. */
  get shardSessions(): { shard: [number, number]; events: number; connected: boolean }[] {
    return this.gateway.shardSessions.map((x) => ({ shard: x.shard, events: x.seq, connected: Boolean(x.conn?.open) }));
  }

  /** The shard a guild's events go to with `shardCount` shards. */
  shardOf(guildId: string, shardCount: number): number {
    return shardOf(guildId, shardCount);
  }

  /** The guilds a session for `shard` holds. */
  private guildsOf(shard: [number, number]): string[] {
    return [...this.state.guilds.keys()].filter((id) => shardOf(id, shard[1]) === shard[0]);
  }

  /** Sends a raw dispatch event to the bot. */
  dispatch(event: string, data: unknown): void {
    if (!this.gateway.dispatch(event, data)) throw new Error('FakeDiscord: the bot has no gateway session');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interactions

  /** Sends INTERACTION_CREATE with a complete payload (see the helpers below) and returns a handle to its responses. */
  dispatchInteraction(payload: Json, extra: { originalMessageId?: string } = {}): InteractionHandle {
    const rec = this.registerInteraction(payload, extra);
    if (!this.gateway.dispatch('INTERACTION_CREATE', payload)) {
      throw new Error('FakeDiscord: the bot has no gateway session (log the client in first)');
    }
    return this.handle(rec);
  }

  /**
   * A slash-command interaction known to the REST side only, never sent over the gateway: a plain HTTP client can
   * answer it with its id and token (the benchmark's floor does, to make the same calls as the bot without discord.js).
   */
  restOnlyInteraction(userId: string, guildId: string, channelId: string): InteractionHandle {
    const payload = this.base(InteractionType.ApplicationCommand, userId, guildId, channelId);
    return this.handle(this.registerInteraction(payload, {}));
  }

  private registerInteraction(payload: Json, extra: { originalMessageId?: string }): InteractionRecord {
    const id = String(payload.id);
    const rec: InteractionRecord = {
      id,
      token: String(payload.token),
      type: Number(payload.type),
      userId: String((payload.member as { user?: { id?: string } } | undefined)?.user?.id ?? (payload.user as { id?: string } | undefined)?.id),
      guildId: typeof payload.guild_id === 'string' ? payload.guild_id : null,
      channelId: String(payload.channel_id),
      payload,
      dispatchedAt: Date.now(),
      callbacks: [],
      followUpIds: [],
      originalEdits: 0,
      errors: [],
      events: new EventEmitter(),
      ...(extra.originalMessageId ? { originalMessageId: extra.originalMessageId } : {}),
    };
    rec.events.setMaxListeners(100);
    this.rest.interactions.set(id, rec);
    this.rest.interactionsByToken.set(rec.token, rec);
    return rec;
  }

  interaction(id: string): InteractionHandle {
    const rec = this.rest.interactions.get(id);
    if (!rec) throw new Error(`FakeDiscord: unknown interaction ${id}`);
    return this.handle(rec);
  }

  private handle(rec: InteractionRecord): InteractionHandle {
    return new InteractionHandle(this.state, rec, (quietMs, timeoutMs) => this.idle(quietMs, timeoutMs));
  }

  private base(type: number, userId: string, guildId: string | null, channelId: string | undefined, locale?: string): Json {
    return basePayload(this.state, {
      id: this.state.ids.next(),
      token: newInteractionToken(),
      type,
      userId,
      guildId,
      channelId: channelId ?? defaultChannel(this.state, userId, guildId),
      ...(locale ? { locale } : {}),
    });
  }

  private commandDefinition(guildId: string | null, name: string, type: number): { id: string; body: Json } | undefined {
    const scoped = this.state.commands.filter((c) => (c.guildId === guildId || c.guildId === null) && Number(c.body.type ?? 1) === type);
    const found = scoped.find((c) => c.body.name === name);
    if (!found && scoped.length > 0) {
      throw new Error(`FakeDiscord: command "${name}" (type ${type}) is not registered; registered: ${scoped.map((c) => String(c.body.name)).join(', ')}`);
    }
    return found;
  }

  private commandData(guildId: string | null, name: string, opts: CommandOpts, focused?: string): Json {
    const def = this.commandDefinition(guildId, name, 1);
    const resolved: Record<string, Record<string, Json>> = {};
    let defOptions = def?.body.options as Json[] | undefined;
    if (opts.group) defOptions = (defOptions?.find((o) => o.name === opts.group)?.options as Json[] | undefined) ?? undefined;
    if (opts.subcommand) defOptions = (defOptions?.find((o) => o.name === opts.subcommand)?.options as Json[] | undefined) ?? undefined;
    if (def && defOptions) {
      for (const o of defOptions) {
        if (o.required === true && !(String(o.name) in (opts.options ?? {}))) {
          throw new Error(`FakeDiscord: /${name} needs option "${String(o.name)}" (Discord would not send the command without it)`);
        }
      }
    }
    let options = buildCommandOptions(this.state, guildId, opts.options ?? {}, defOptions, resolved, focused);
    if (opts.subcommand) options = [{ name: opts.subcommand, type: 1, options }];
    if (opts.group) options = [{ name: opts.group, type: 2, options }];
    return {
      id: def?.id ?? this.state.ids.next(),
      name,
      type: 1,
      ...(guildId && def?.body && this.state.commands.some((c) => c.id === def.id && c.guildId) ? { guild_id: guildId } : {}),
      options,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
  }

  /** A slash command: `fake.slash(userId, guildId, 'report', { subcommand: 'open', options: { target: { type: 6, value: id } } })`. */
  slash(userId: string, guildId: string | null, name: string, opts: CommandOpts = {}): InteractionHandle {
    const payload = this.base(InteractionType.ApplicationCommand, userId, guildId, opts.channelId, opts.locale);
    payload.data = this.commandData(guildId, name, opts);
    return this.dispatchInteraction(payload);
  }

  /** Autocomplete for the option named `focused`. */
  autocomplete(userId: string, guildId: string | null, name: string, focused: string, opts: CommandOpts = {}): InteractionHandle {
    const payload = this.base(InteractionType.Autocomplete, userId, guildId, opts.channelId, opts.locale);
    const options = { ...(opts.options ?? {}) };
    if (!(focused in options)) options[focused] = '';
    payload.data = this.commandData(guildId, name, { ...opts, options }, focused);
    return this.dispatchInteraction(payload);
  }

  userContext(userId: string, guildId: string | null, name: string, targetUserId: string, opts: { channelId?: string } = {}): InteractionHandle {
    const payload = this.base(InteractionType.ApplicationCommand, userId, guildId, opts.channelId);
    const def = this.commandDefinition(guildId, name, 2);
    const resolved = {};
    addResolvedUser(this.state, resolved, guildId, targetUserId);
    payload.data = { id: def?.id ?? this.state.ids.next(), name, type: 2, target_id: targetUserId, resolved };
    return this.dispatchInteraction(payload);
  }

  messageContext(userId: string, name: string, targetMessageId: string, opts: { locale?: string } = {}): InteractionHandle {
    const target = this.state.messages.get(targetMessageId);
    if (!target) throw new Error(`FakeDiscord: unknown message ${targetMessageId}`);
    const guildId = target.guildId ?? null;
    const payload = this.base(InteractionType.ApplicationCommand, userId, guildId, target.channelId, opts.locale);
    const def = this.commandDefinition(guildId, name, 3);
    payload.data = {
      id: def?.id ?? this.state.ids.next(),
      name,
      type: 3,
      target_id: targetMessageId,
      resolved: { messages: { [targetMessageId]: resolvedMessage(this.state, targetMessageId) } },
    };
    return this.dispatchInteraction(payload);
  }

  /**
   * A button click on a message. The message must carry a button with this custom_id (pass `unchecked: true` to skip),
   * and an ephemeral message can only be clicked by the user who saw it.
   */
  button(userId: string, customId: string, opts: { messageId: string; unchecked?: boolean }): InteractionHandle {
    return this.component(userId, customId, opts, { custom_id: customId, component_type: 2 });
  }

  /** A string select (component type 3) choice. */
  select(userId: string, customId: string, values: string[], opts: { messageId: string; unchecked?: boolean }): InteractionHandle {
    return this.component(userId, customId, opts, { custom_id: customId, component_type: 3, values });
  }

  private component(userId: string, customId: string, opts: { messageId: string; unchecked?: boolean }, data: Json): InteractionHandle {
    const m = this.state.messages.get(opts.messageId);
    if (!m || m.deleted) throw new Error(`FakeDiscord: unknown message ${opts.messageId}`);
    if (m.ephemeralFor && m.ephemeralFor !== userId) throw new Error(`FakeDiscord: user ${userId} cannot see ephemeral message ${m.id}`);
    if (!this.state.canView(userId, m.channelId)) throw new Error(`FakeDiscord: user ${userId} cannot see channel ${m.channelId}`);
    if (!opts.unchecked && !findCustomIds(m.components).includes(customId)) {
      throw new Error(`FakeDiscord: message ${m.id} has no component "${customId}" (has: ${findCustomIds(m.components).join(', ') || 'none'})`);
    }
    const payload = this.base(InteractionType.MessageComponent, userId, m.guildId ?? null, m.channelId);
    payload.message = resolvedMessage(this.state, m.id);
    payload.data = data;
    return this.dispatchInteraction(payload, { originalMessageId: m.id });
  }

  /**
   * Submits a modal. With `from` (the interaction that opened it) the fields are checked against the modal's text
   * inputs and the payload mirrors its layout (action rows or labels).
   */
  modalSubmit(
    userId: string,
    customId: string,
    fields: Record<string, string>,
    opts: { from?: InteractionHandle; guildId?: string | null; channelId?: string } = {},
  ): InteractionHandle {
    const source = opts.from?.record;
    let layout: Json[] | undefined;
    if (opts.from) {
      const modal = opts.from.modal;
      if (!modal) throw new Error(`FakeDiscord: interaction ${opts.from.id} did not open a modal`);
      if (modal.custom_id !== customId) throw new Error(`FakeDiscord: the open modal is "${String(modal.custom_id)}", not "${customId}"`);
      layout = Array.isArray(modal.components) ? (modal.components as Json[]) : [];
      const inputs = textInputs(layout);
      for (const key of Object.keys(fields)) {
        if (!inputs.some((i) => i.custom_id === key)) {
          throw new Error(`FakeDiscord: modal "${customId}" has no text input "${key}" (has: ${inputs.map((i) => String(i.custom_id)).join(', ')})`);
        }
      }
      for (const input of inputs) {
        if (input.required !== false && !fields[String(input.custom_id)]) {
          throw new Error(`FakeDiscord: modal field "${String(input.custom_id)}" is required`);
        }
      }
    }
    const guildId = source ? source.guildId : opts.guildId ?? null;
    const channelId = source ? source.channelId : opts.channelId;
    const payload = this.base(InteractionType.ModalSubmit, userId, guildId, channelId);
    payload.data = { custom_id: customId, components: modalSubmitComponents(layout, fields) };
    const originalMessageId = source?.type === InteractionType.MessageComponent ? source.originalMessageId : undefined;
    if (originalMessageId) payload.message = resolvedMessage(this.state, originalMessageId);
    return this.dispatchInteraction(payload, originalMessageId ? { originalMessageId } : {});
  }

  // -------------------------------------------------------------------------------------------------------------
  // Queries

  /** Resolves when no REST request is in flight and none arrived for `quietMs`. */
  async idle(quietMs = 50, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const quietFor = Date.now() - this.lastActivity;
      if (this.inFlight === 0 && quietFor >= quietMs) return;
      if (Date.now() > deadline) throw new Error(`FakeDiscord: the bot did not go idle within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, quietMs - quietFor)));
    }
  }

  channel(id: string): ChannelView {
    return this.channelView(this.state.channel(id));
  }

  private channelView(c: ChannelRec): ChannelView {
    return {
      id: c.id,
      type: c.type,
      name: c.name,
      guildId: c.guildId,
      parentId: c.parentId,
      ...(c.ownerId ? { ownerId: c.ownerId } : {}),
      private: c.type === ChannelTypes.PrivateThread,
      ...(c.thread
        ? {
            archived: c.thread.archived,
            locked: c.thread.locked,
            ...(c.thread.invitable !== undefined ? { invitable: c.thread.invitable } : {}),
          }
        : {}),
      memberIds: [...c.threadMembers.keys()],
      json: channelJson(this.state, c),
    };
  }

  /** All messages in a channel, oldest first (ephemeral ones included, flagged). */
  messagesIn(channelId: string): MessageView[] {
    return this.sorted(this.state.channelMessages(channelId)).map((m) => messageView(this.state, m));
  }

  /** Messages in the bot's DM channel with this user, oldest first. */
  dmsOf(userId: string): MessageView[] {
    const id = this.state.dmChannelOf.get(userId);
    return id ? this.messagesIn(id) : [];
  }

  threadsUnder(channelId: string): ChannelView[] {
    return this.state.threadsOf(channelId).map((t) => this.channelView(t));
  }

  canView(userId: string, channelId: string): boolean {
    return this.state.canView(userId, channelId);
  }

  visibleTo(userId: string): Visibility {
    const s = this.state;
    const guildIds = [...s.guilds.keys()].filter((g) => s.member(g, userId));
    const channels = guildIds.flatMap((g) => s.guildChannels(g)).filter((c) => s.canView(userId, c.id));
    const threads = [...s.channels.values()].filter((c) => c.thread && c.guildId && guildIds.includes(c.guildId) && s.canView(userId, c.id));
    const dmChannelId = s.dmChannelOf.get(userId);
    const visibleIds = new Set([...channels, ...threads].map((c) => c.id));
    if (dmChannelId) visibleIds.add(dmChannelId);
    const messages = this.sorted(
      [...s.messages.values()].filter(
        (m) => !m.deleted && visibleIds.has(m.channelId) && (!m.ephemeralFor || m.ephemeralFor === userId),
      ),
    ).map((m) => messageView(s, m));
    return {
      channels: channels.map((c) => this.channelView(c)),
      threads: threads.map((c) => this.channelView(c)),
      dmChannelId,
      messages,
      canSee: (channelId) => s.canView(userId, channelId),
    };
  }

  /** Throws with a readable list when any request broke the spec or hit an unimplemented route. */
  assertNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v) => `${v.method} ${v.path} [${v.reason}] ${JSON.stringify(v.errors).slice(0, 500)}`);
    throw new Error(`FakeDiscord: ${this.violations.length} request(s) violated the spec:\n${lines.join('\n')}`);
  }

  private sorted<T extends { id: string }>(list: T[]): T[] {
    return [...list].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Gateway payloads

  private readyPayload(session: GatewaySession): Json {
    return {
      v: 10,
      user: { ...userJson(this.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: this.guildsOf(session.shard).map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: session.shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
      geo_ordered_rtc_regions: [],
      _trace: ['fake-discord'],
    };
  }

  private guildCreatePayload(guildId: string, session: GatewaySession): Json {
    const s = this.state;
    const allMembers = this.options.gatewayMembers === 'all' || (session.intents & Intents.GuildMembers) !== 0;
    const members = s.guildMembers(guildId).filter((m) => allMembers || m.userId === this.botUser.id);
    const threads = s.guildThreads(guildId).filter((c) => !c.thread!.archived && s.canView(this.botUser.id, c.id));
    return {
      ...guildJson(s, guildId),
      joined_at: s.guild(guildId).joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: s.guildMembers(guildId).length,
      members: members.map((m) => memberJson(s, m)),
      channels: s.guildChannels(guildId).map((c) => channelJson(s, c)),
      threads: threads.map((t) => {
        const joined = t.threadMembers.get(this.botUser.id);
        return { ...channelJson(s, t), ...(joined ? { member: threadMemberJson(t, this.botUser.id, joined) } : {}) };
      }),
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
    };
  }
}

function toOverwrite(o: OverwriteInput): Overwrite {
  return {
    id: o.id,
    type: o.type === 'member' ? 1 : 0,
    allow: toPermissionBits(o.allow ?? 0n),
    deny: toPermissionBits(o.deny ?? 0n),
  };
}

function findCustomIds(components: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Json;
    if (typeof obj.custom_id === 'string') out.push(obj.custom_id);
    walk(obj.components);
    walk(obj.component);
    walk(obj.accessory);
  };
  walk(components);
  return out;
}

function textInputs(layout: Json[]): Json[] {
  const out: Json[] = [];
  for (const top of layout) {
    if (top.type === 1 && Array.isArray(top.components)) {
      for (const c of top.components as Json[]) if (c.type === 4) out.push(c);
    }
    if (top.type === 18 && top.component && typeof top.component === 'object') {
      const c = top.component as Json;
      if (c.type === 4) out.push(c);
    }
  }
  return out;
}

/** The data.components of a modal submit, mirroring the modal's layout when known. */
function modalSubmitComponents(layout: Json[] | undefined, fields: Record<string, string>): Json[] {
  if (!layout) {
    return Object.entries(fields).map(([customId, value]) => ({ type: 1, components: [{ type: 4, custom_id: customId, value }] }));
  }
  let nextId = 1;
  return layout.flatMap((top): Json[] => {
    if (top.type === 1 && Array.isArray(top.components)) {
      return [
        {
          type: 1,
          id: nextId++,
          components: (top.components as Json[])
            .filter((c) => c.type === 4)
            .map((c) => ({ type: 4, id: nextId++, custom_id: c.custom_id, value: fields[String(c.custom_id)] ?? '' })),
        },
      ];
    }
    if (top.type === 18 && top.component && typeof top.component === 'object') {
      const c = top.component as Json;
      if (c.type !== 4) return [];
      return [{ type: 18, id: nextId++, component: { type: 4, id: nextId++, custom_id: c.custom_id, value: fields[String(c.custom_id)] ?? '' } }];
    }
    if (top.type === 10) return [{ type: 10, id: nextId++ }];
    return [];
  });
}
