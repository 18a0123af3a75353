import { Errors } from './errors.js';
import { Intents, type Gateway, type ShardingRules } from './gateway.js';
import { CallbackType, InteractionType, type InteractionRecord } from './interactions.js';
import { has, missing, P, type PermissionName } from './permissions.js';
import { compileTemplate, type CompiledTemplate } from './routes.js';
import {
  channelJson,
  guildJson,
  memberJson,
  messageJson,
  roleJson,
  threadMemberJson,
  userJson,
} from './serialize.js';
import { ChannelTypes, type ChannelRec, type FakeState, type Json, type MessageRec } from './state.js';

export interface RestRequest {
  method: string;
  path: string;
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

type Handler = (req: RestRequest) => RestResult;

interface RouteDef {
  method: string;
  template: string;
  /** 'bot': needs `Authorization: Bot <token>`; 'none': interaction/webhook token routes. */
  auth: 'bot' | 'none';
  handler: Handler;
}

export interface RestOptions {
  /** Reject interaction callbacks later than this (Discord: 3 s). 0 disables. */
  ackDeadlineMs: number;
  sharding: ShardingRules;
}

const ok = (body?: unknown, status = 200): RestResult => ({ status: body === undefined ? 204 : status, body });

function asObject(body: unknown): Json {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The REST resources of the fake. Handlers work on FakeState and announce changes on the gateway. */
export class RestApi {
  /** Messages by channel, author and nonce, for enforce_nonce (looked up on every post: kept in a map). */
  private readonly byNonce = new Map<string, MessageRec>();

  readonly routes: RouteDef[] = [];
  readonly compiled: CompiledTemplate[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Gateway,
    private readonly gatewayUrl: () => string,
    private readonly options: RestOptions,
  ) {
    this.registerRoutes();
  }

  find(method: string, template: string): RouteDef | undefined {
    return this.routes.find((r) => r.method === method && r.template === template);
  }

  private route(method: string, template: string, handler: Handler, auth: 'bot' | 'none' = 'bot'): void {
    this.routes.push({ method, template, handler, auth });
    if (!this.compiled.some((c) => c.template === template)) this.compiled.push(compileTemplate(template));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Helpers

  private get bot(): string {
    return this.state.botUser.id;
  }

  private channelOr404(id: string | undefined): ChannelRec {
    const channel = id ? this.state.channels.get(id) : undefined;
    if (!channel) throw Errors.unknownChannel();
    return channel;
  }

  private botPerms(channel: ChannelRec): bigint {
    if (!channel.guildId) return P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles;
    return this.state.permissions(this.bot, channel.guildId, channel.id);
  }

  /** 50001 when the bot cannot see the channel at all; 50013 when a named permission is missing. */
  private requireBot(channel: ChannelRec, ...names: PermissionName[]): bigint {
    if (!this.state.canView(this.bot, channel.id)) throw Errors.missingAccess();
    const perms = this.botPerms(channel);
    if (missing(perms, ...names).length > 0) throw Errors.missingPermissions();
    return perms;
  }

  private dispatchChannel(channel: ChannelRec, event: 'CREATE' | 'UPDATE' | 'DELETE'): void {
    if (channel.type === ChannelTypes.DM) return;
    const prefix = channel.thread ? 'THREAD' : 'CHANNEL';
    if (channel.thread && channel.type === ChannelTypes.PrivateThread && !this.state.canView(this.bot, channel.id)) return;
    this.gateway.dispatch(`${prefix}_${event}`, channelJson(this.state, channel), Intents.Guilds);
  }

  private dispatchMessage(m: MessageRec, event: 'CREATE' | 'UPDATE'): void {
    if (m.ephemeralFor) return;
    const channel = this.state.channel(m.channelId);
    const intent = channel.type === ChannelTypes.DM ? Intents.DirectMessages : Intents.GuildMessages;
    const data: Json = messageJson(this.state, m);
    if (m.guildId) {
      const member = this.state.member(m.guildId, m.authorId);
      if (member) {
        const { user: _user, ...rest } = memberJson(this.state, member);
        data.member = rest;
      }
    }
    this.gateway.dispatch(`MESSAGE_${event}`, data, intent);
  }

  /** Which users/roles a message pings, honouring allowed_mentions and MENTION_EVERYONE like Discord. */
  private computePings(
    channel: ChannelRec,
    authorId: string,
    content: string,
    allowedMentions: unknown,
    reference?: unknown,
  ): Pick<MessageRec, 'pingedUserIds' | 'pingedRoleIds' | 'pingedEveryone' | 'notifiedUserIds'> {
    const userIds = [...new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? ''))].filter((id) =>
      this.state.users.has(id),
    );
    const roleIds = [...new Set([...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? ''))].filter((id) =>
      this.state.roles.has(id),
    );
    const wantsEveryone = /@(everyone|here)/.test(content);
    const am = allowedMentions && typeof allowedMentions === 'object' ? (allowedMentions as Json) : undefined;
    const parse = am ? (Array.isArray(am.parse) ? (am.parse as string[]) : []) : ['users', 'roles', 'everyone'];
    const allowUsers = am && Array.isArray(am.users) ? (am.users as string[]) : [];
    const allowRoles = am && Array.isArray(am.roles) ? (am.roles as string[]) : [];
    const canMentionEveryone =
      channel.guildId !== undefined && has(this.state.permissions(authorId, channel.guildId, channel.id), 'MentionEveryone');

    const pingedUserIds = userIds.filter((id) => parse.includes('users') || allowUsers.includes(id));
    // Replies ping the replied-to author unless allowed_mentions.replied_user is false (default false when given).
    const ref = reference && typeof reference === 'object' ? (reference as Json) : undefined;
    const refMessage = ref && typeof ref.message_id === 'string' ? this.state.messages.get(ref.message_id) : undefined;
    if (refMessage && (am ? am.replied_user === true : true) && !pingedUserIds.includes(refMessage.authorId)) {
      pingedUserIds.push(refMessage.authorId);
    }
    const pingedRoleIds = roleIds.filter(
      (id) =>
        (parse.includes('roles') || allowRoles.includes(id)) &&
        (this.state.roles.get(id)?.mentionable === true || canMentionEveryone),
    );
    const pingedEveryone = wantsEveryone && parse.includes('everyone') && canMentionEveryone;

    const notified = new Set(pingedUserIds);
    if (channel.guildId) {
      for (const member of this.state.guildMembers(channel.guildId)) {
        if (pingedEveryone || member.roles.some((r) => pingedRoleIds.includes(r))) notified.add(member.userId);
      }
    }
    notified.delete(authorId);
    return { pingedUserIds, pingedRoleIds, pingedEveryone, notifiedUserIds: [...notified] };
  }

  /** Discord adds pinged users who can see the parent channel to a private thread. */
  private addMentionedToThread(channel: ChannelRec, m: MessageRec): void {
    if (channel.type !== ChannelTypes.PrivateThread || !channel.guildId || !channel.parentId) return;
    const added: string[] = [];
    for (const userId of m.notifiedUserIds) {
      if (channel.threadMembers.has(userId)) continue;
      if (!this.state.canView(userId, channel.parentId)) continue;
      channel.threadMembers.set(userId, this.state.now());
      added.push(userId);
    }
    if (added.length > 0) this.dispatchThreadMembers(channel, added, []);
  }

  private dispatchThreadMembers(thread: ChannelRec, added: string[], removed: string[]): void {
    const guildId = thread.guildId;
    if (!guildId) return;
    const data = {
      id: thread.id,
      guild_id: guildId,
      member_count: Math.min(thread.threadMembers.size, 50),
      ...(added.length
        ? {
            added_members: added.map((userId) => {
              const member = this.state.member(guildId, userId);
              return {
                ...threadMemberJson(thread, userId, thread.threadMembers.get(userId) ?? this.state.now()),
                ...(member ? { member: memberJson(this.state, member) } : {}),
                presence: null,
              };
            }),
          }
        : {}),
      ...(removed.length ? { removed_member_ids: removed } : {}),
    };
    // Discord sends other users' thread membership changes only with GUILD_MEMBERS.
    const aboutBot = added.includes(this.bot) || removed.includes(this.bot);
    this.gateway.dispatch('THREAD_MEMBERS_UPDATE', data, aboutBot ? Intents.Guilds : Intents.GuildMembers);
  }

  createMessage(
    channel: ChannelRec,
    authorId: string,
    body: Json,
    extra: Partial<Pick<MessageRec, 'webhookId' | 'applicationId' | 'interactionId' | 'ephemeralFor' | 'type'>> & {
      flags?: number;
    } = {},
  ): MessageRec {
    const content = str(body.content) ?? '';
    const embeds = Array.isArray(body.embeds) ? body.embeds : [];
    const components = Array.isArray(body.components) ? body.components : [];
    const attachments = Array.isArray(body.attachments) ? body.attachments : [];
    const loading = ((extra.flags ?? 0) & 128) === 128;
    const componentsV2 = ((Number(body.flags ?? 0) | (extra.flags ?? 0)) & (1 << 15)) !== 0;
    if (!loading && !content && embeds.length === 0 && components.length === 0 && attachments.length === 0 && !body.poll && !body.sticker_ids) {
      throw Errors.emptyMessage();
    }
    if (componentsV2 && content) throw Errors.invalidFormBody({ content: { _errors: [{ code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', message: 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2' }] } });
    const id = this.state.ids.next();
    const pings = this.computePings(channel, authorId, content, body.allowed_mentions, body.message_reference);
    const flags = (Number(body.flags ?? 0) & ~64) | (extra.flags ?? 0);
    const m: MessageRec = {
      id,
      channelId: channel.id,
      ...(channel.guildId ? { guildId: channel.guildId } : {}),
      authorId,
      type: extra.type ?? (body.message_reference ? 19 : 0),
      content,
      embeds,
      components,
      attachments,
      allowedMentions: body.allowed_mentions,
      flags,
      timestamp: this.state.now(),
      editedTimestamp: null,
      ...(extra.webhookId ? { webhookId: extra.webhookId } : {}),
      ...(extra.applicationId ? { applicationId: extra.applicationId } : {}),
      ...(extra.interactionId ? { interactionId: extra.interactionId } : {}),
      ...(body.message_reference ? { messageReference: body.message_reference } : {}),
      ...(extra.ephemeralFor ? { ephemeralFor: extra.ephemeralFor } : {}),
      ...pings,
      deleted: false,
      history: [body],
    };
    this.state.messages.set(id, m);
    if (!m.ephemeralFor) {
      channel.lastMessageId = id;
      channel.messageCount++;
    }
    this.addMentionedToThread(channel, m);
    this.dispatchMessage(m, 'CREATE');
    return m;
  }

  editMessage(m: MessageRec, body: Json): MessageRec {
    const wasLoading = (m.flags & 128) === 128;
    if ('content' in body) m.content = str(body.content) ?? '';
    if ('embeds' in body) m.embeds = Array.isArray(body.embeds) ? body.embeds : [];
    if ('components' in body) m.components = Array.isArray(body.components) ? body.components : [];
    if ('attachments' in body) m.attachments = Array.isArray(body.attachments) ? body.attachments : [];
    if ('allowed_mentions' in body) m.allowedMentions = body.allowed_mentions;
    if (typeof body.flags === 'number') m.flags = (m.flags & 64) | (body.flags & ~64 & ~128);
    m.flags &= ~128;
    m.editedTimestamp = wasLoading ? null : this.state.now();
    m.history.push(body);
    if (wasLoading) {
      // The first edit of a deferred reply is the real send: mentions ping now.
      const channel = this.state.channel(m.channelId);
      Object.assign(m, this.computePings(channel, m.authorId, m.content, m.allowedMentions, m.messageReference));
      this.addMentionedToThread(channel, m);
    }
    this.dispatchMessage(m, 'UPDATE');
    return m;
  }

  private messageOr404(channel: ChannelRec, id: string | undefined): MessageRec {
    const m = id ? this.state.messages.get(id) : undefined;
    if (!m || m.deleted || m.channelId !== channel.id || m.ephemeralFor) throw Errors.unknownMessage();
    return m;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interactions

  private interactionOr404(id: string | undefined, token: string | undefined): InteractionRecord {
    const rec = id ? this.interactions.get(id) : undefined;
    if (!rec || rec.token !== token) throw Errors.unknownInteraction();
    return rec;
  }

  private webhookInteraction(req: RestRequest): InteractionRecord {
    if (req.params.webhook_id !== this.state.applicationId) throw Errors.unknownWebhook();
    const rec = req.params.webhook_token ? this.interactionsByToken.get(req.params.webhook_token) : undefined;
    if (!rec || rec.callbacks.length === 0) throw Errors.unknownWebhook();
    return rec;
  }

  private changed(rec: InteractionRecord): void {
    rec.events.emit('change');
  }

  private interactionCallback(req: RestRequest): RestResult {
    const rec = this.interactionOr404(req.params.interaction_id, req.params.interaction_token);
    const body = asObject(req.body);
    const type = Number(body.type);
    const data = asObject(body.data);
    if (rec.callbacks.length > 0) {
      rec.errors.push(`second callback (type ${type}) after type ${rec.callbacks[0]?.type}`);
      this.changed(rec);
      throw Errors.alreadyAcknowledged();
    }
    const afterMs = Date.now() - rec.dispatchedAt;
    if (this.options.ackDeadlineMs > 0 && afterMs > this.options.ackDeadlineMs) {
      rec.errors.push(`callback after ${afterMs} ms (deadline ${this.options.ackDeadlineMs} ms)`);
      this.changed(rec);
      throw Errors.unknownInteraction();
    }
    const channel = this.state.channel(rec.channelId);
    const isComponent =
      rec.type === InteractionType.MessageComponent ||
      (rec.type === InteractionType.ModalSubmit && rec.originalMessageId !== undefined);
    const commandType = rec.type === InteractionType.ApplicationCommand ? 20 : 0;
    const invalid = (why: string): never => {
      rec.errors.push(why);
      this.changed(rec);
      throw Errors.invalidFormBody({ type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: why }] } });
    };

    switch (type) {
      case CallbackType.Pong:
        if (rec.type !== InteractionType.Ping) invalid('PONG is only valid for PING interactions');
        break;
      case CallbackType.ChannelMessageWithSource:
      case CallbackType.DeferredChannelMessageWithSource: {
        if (rec.type === InteractionType.Autocomplete) invalid('autocomplete interactions need type 8');
        const ephemeral = (Number(data.flags ?? 0) & 64) === 64;
        const m = this.createMessage(channel, this.bot, type === 4 ? data : {}, {
          webhookId: this.state.applicationId,
          applicationId: this.state.applicationId,
          interactionId: rec.id,
          type: commandType,
          flags: (ephemeral ? 64 : 0) | (type === 5 ? 128 : 0),
          ...(ephemeral ? { ephemeralFor: rec.userId } : {}),
        });
        rec.originalMessageId = m.id;
        break;
      }
      case CallbackType.DeferredMessageUpdate:
      case CallbackType.UpdateMessage: {
        if (!isComponent) invalid(`callback type ${type} is only valid for component interactions`);
        const source = rec.originalMessageId ? this.state.messages.get(rec.originalMessageId) : undefined;
        if (type === CallbackType.UpdateMessage && source) this.editMessage(source, data);
        break;
      }
      case CallbackType.AutocompleteResult:
        if (rec.type !== InteractionType.Autocomplete) invalid('type 8 is only valid for autocomplete');
        rec.choices = Array.isArray(data.choices) ? data.choices : [];
        break;
      case CallbackType.Modal:
        if (rec.type === InteractionType.ModalSubmit || rec.type === InteractionType.Autocomplete) {
          invalid('a modal cannot answer a modal submit or autocomplete');
        }
        rec.modal = data;
        break;
      default:
        invalid(`unsupported callback type ${type}`);
    }
    const cb = { type, data, at: Date.now(), afterMs };
    rec.callbacks.push(cb);
    rec.events.emit('callback', cb);
    this.changed(rec);

    if (req.query.get('with_response') !== 'true') return ok();
    const m = rec.originalMessageId ? this.state.messages.get(rec.originalMessageId) : undefined;
    return ok({
      interaction: {
        id: rec.id,
        type: rec.type,
        ...(m
          ? {
              response_message_id: m.id,
              response_message_loading: (m.flags & 128) === 128,
              response_message_ephemeral: (m.flags & 64) === 64,
            }
          : {}),
      },
      resource: {
        type,
        ...(m && type !== CallbackType.DeferredMessageUpdate ? { message: messageJson(this.state, m) } : {}),
      },
    });
  }

  private interactionMessage(rec: InteractionRecord, messageId: string | undefined): MessageRec {
    const id = messageId === '@original' ? rec.originalMessageId : messageId;
    if (!id || (id !== rec.originalMessageId && !rec.followUpIds.includes(id))) throw Errors.unknownMessage();
    const m = this.state.messages.get(id);
    if (!m || m.deleted) throw Errors.unknownMessage();
    return m;
  }

  private followUp(req: RestRequest): RestResult {
    const rec = this.webhookInteraction(req);
    const body = asObject(req.body);
    const original = rec.originalMessageId ? this.state.messages.get(rec.originalMessageId) : undefined;
    let m: MessageRec;
    if (original && (original.flags & 128) === 128 && rec.callbacks[0]?.type === CallbackType.DeferredChannelMessageWithSource) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking" message (its ephemerality stays).
      m = this.editMessage(original, body);
    } else {
      const ephemeral = (Number(body.flags ?? 0) & 64) === 64;
      m = this.createMessage(this.state.channel(rec.channelId), this.bot, body, {
        webhookId: this.state.applicationId,
        applicationId: this.state.applicationId,
        interactionId: rec.id,
        type: 19,
        flags: ephemeral ? 64 : 0,
        ...(ephemeral ? { ephemeralFor: rec.userId } : {}),
      });
      rec.followUpIds.push(m.id);
    }
    this.changed(rec);
    return req.query.get('wait') === 'true' ? ok(messageJson(this.state, m)) : ok();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Routes

  private registerRoutes(): void {
    const s = this.state;

    this.route('GET', '/gateway', () => ok({ url: this.gatewayUrl() }), 'none');
    this.route('GET', '/gateway/bot', () =>
      ok({
        url: this.gatewayUrl(),
        shards: this.options.sharding.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: this.options.sharding.maxConcurrency },
      }),
    );
    this.route('GET', '/users/@me', () => ok(userJson(s.botUser)));
    this.route('GET', '/users/{user_id}', (req) => {
      const user = s.users.get(req.params.user_id ?? '');
      if (!user) throw Errors.unknownUser();
      return ok(userJson(user));
    });
    this.route('GET', '/applications/@me', () =>
      ok({
        id: s.applicationId,
        name: s.botUser.username,
        icon: null,
        description: '',
        bot_public: false,
        bot_require_code_grant: false,
        flags: 0,
        bot: userJson(s.botUser),
        verify_key: '0'.repeat(64),
        team: null,
        owner: userJson(s.botUser),
      }),
    );

    // Application commands
    const putCommands = (req: RestRequest): RestResult => {
      if (req.params.application_id !== s.applicationId) throw Errors.missingAccess();
      const guildId = req.params.guild_id ?? null;
      if (guildId && !s.guilds.has(guildId)) throw Errors.unknownGuild();
      const list = Array.isArray(req.body) ? (req.body as Json[]) : [];
      for (let i = s.commands.length - 1; i >= 0; i--) if (s.commands[i]?.guildId === guildId) s.commands.splice(i, 1);
      const out = list.map((body) => {
        const existing = undefined;
        const rec = { id: existing ?? s.ids.next(), applicationId: s.applicationId, guildId, body };
        s.commands.push(rec);
        return this.commandJson(rec);
      });
      return ok(out);
    };
    const getCommands = (req: RestRequest): RestResult =>
      ok(s.commands.filter((c) => c.guildId === (req.params.guild_id ?? null)).map((c) => this.commandJson(c)));
    const postCommand = (req: RestRequest): RestResult => {
      const guildId = req.params.guild_id ?? null;
      const body = asObject(req.body);
      const i = s.commands.findIndex((c) => c.guildId === guildId && c.body.name === body.name);
      const rec = { id: s.commands[i]?.id ?? s.ids.next(), applicationId: s.applicationId, guildId, body };
      if (i >= 0) s.commands.splice(i, 1, rec);
      else s.commands.push(rec);
      return ok(this.commandJson(rec), i >= 0 ? 200 : 201);
    };
    this.route('PUT', '/applications/{application_id}/commands', putCommands);
    this.route('PUT', '/applications/{application_id}/guilds/{guild_id}/commands', putCommands);
    this.route('GET', '/applications/{application_id}/commands', getCommands);
    this.route('GET', '/applications/{application_id}/guilds/{guild_id}/commands', getCommands);
    this.route('POST', '/applications/{application_id}/commands', postCommand);
    this.route('POST', '/applications/{application_id}/guilds/{guild_id}/commands', postCommand);

    // Interaction responses
    this.route('POST', '/interactions/{interaction_id}/{interaction_token}/callback', (req) => this.interactionCallback(req), 'none');
    this.route('POST', '/webhooks/{webhook_id}/{webhook_token}', (req) => this.followUp(req), 'none');
    const getWebhookMessage = (req: RestRequest): RestResult => {
      const rec = this.webhookInteraction(req);
      return ok(messageJson(s, this.interactionMessage(rec, req.params.message_id ?? '@original')));
    };
    const patchWebhookMessage = (req: RestRequest): RestResult => {
      const rec = this.webhookInteraction(req);
      const m = this.interactionMessage(rec, req.params.message_id ?? '@original');
      this.editMessage(m, asObject(req.body));
      if (m.id === rec.originalMessageId) rec.originalEdits += 1;
      this.changed(rec);
      return ok(messageJson(s, m));
    };
    const deleteWebhookMessage = (req: RestRequest): RestResult => {
      const rec = this.webhookInteraction(req);
      const m = this.interactionMessage(rec, req.params.message_id ?? '@original');
      m.deleted = true;
      this.changed(rec);
      if (!m.ephemeralFor) this.gateway.dispatch('MESSAGE_DELETE', { id: m.id, channel_id: m.channelId, guild_id: m.guildId }, Intents.GuildMessages);
      return ok();
    };
    for (const t of ['/webhooks/{webhook_id}/{webhook_token}/messages/@original', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}']) {
      this.route('GET', t, getWebhookMessage, 'none');
      this.route('PATCH', t, patchWebhookMessage, 'none');
      this.route('DELETE', t, deleteWebhookMessage, 'none');
    }

    // Channels
    this.route('GET', '/channels/{channel_id}', (req) => {
      const channel = this.channelOr404(req.params.channel_id);
      if (!s.canView(this.bot, channel.id)) throw Errors.missingAccess();
      return ok(channelJson(s, channel));
    });
    this.route('PATCH', '/channels/{channel_id}', (req) => this.patchChannel(req));
    this.route('DELETE', '/channels/{channel_id}', (req) => {
      // Threads only (the bot deletes no other channel): needs Manage Threads on the parent, like Discord.
      const channel = this.channelOr404(req.params.channel_id);
      if (!channel.thread) throw Errors.missingPermissions();
      this.requireBot(channel, 'ManageThreads');
      const json = channelJson(s, channel);
      this.dispatchChannel(channel, 'DELETE');
      s.channels.delete(channel.id);
      for (const m of s.channelMessages(channel.id)) m.deleted = true;
      return ok(json);
    });
    this.route('POST', '/channels/{channel_id}/messages', (req) => {
      const channel = this.channelOr404(req.params.channel_id);
      const body = asObject(req.body);
      if (channel.type === ChannelTypes.DM) {
        const recipient = channel.recipientId ? s.users.get(channel.recipientId) : undefined;
        if (!recipient || recipient.dmsClosed || recipient.bot) throw Errors.dmsClosed();
      } else if (channel.thread) {
        this.requireBot(channel, 'ViewChannel', 'SendMessagesInThreads');
        if (channel.thread.archived) {
          if (channel.thread.locked && !has(this.botPerms(channel), 'ManageThreads')) throw Errors.threadArchived();
          channel.thread.archived = false;
          channel.thread.archiveTimestamp = s.now();
          this.dispatchChannel(channel, 'UPDATE');
        }
      } else {
        this.requireBot(channel, 'ViewChannel', 'SendMessages');
      }
      if (Array.isArray(body.embeds) && body.embeds.length > 0 && !has(this.botPerms(channel), 'EmbedLinks')) {
        // Discord silently drops embeds without EMBED_LINKS.
        body.embeds = [];
      }
      // enforce_nonce: the same author's message with this nonce (Discord: within a few minutes) is returned, not repeated.
      const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : undefined;
      const nonceKey = nonce === undefined ? undefined : `${channel.id}:${this.bot}:${nonce}`;
      if (body.enforce_nonce === true && nonceKey !== undefined) {
        const earlier = this.byNonce.get(nonceKey);
        if (earlier && !earlier.deleted) return ok(messageJson(s, earlier));
      }
      const m = this.createMessage(channel, this.bot, body);
      if (nonceKey !== undefined) {
        m.nonce = nonce;
        this.byNonce.set(nonceKey, m);
      }
      return ok(messageJson(s, m));
    });
    this.route('GET', '/channels/{channel_id}/messages', (req) => {
      const channel = this.channelOr404(req.params.channel_id);
      if (channel.guildId) this.requireBot(channel, 'ViewChannel', 'ReadMessageHistory');
      const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 50)));
      const before = req.query.get('before');
      const after = req.query.get('after');
      const around = req.query.get('around');
      let list = s.channelMessages(channel.id).filter((m) => !m.ephemeralFor);
      list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
      if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
      if (around) {
        const i = list.findIndex((m) => BigInt(m.id) <= BigInt(around));
        const start = Math.max(0, (i < 0 ? list.length : i) - Math.floor(limit / 2));
        list = list.slice(start, start + limit);
      }
      return ok(list.slice(0, limit).map((m) => messageJson(s, m)));
    });
    this.route('GET', '/channels/{channel_id}/messages/{message_id}', (req) => {
      const channel = this.channelOr404(req.params.channel_id);
      if (channel.guildId) this.requireBot(channel, 'ViewChannel', 'ReadMessageHistory');
      return ok(messageJson(s, this.messageOr404(channel, req.params.message_id)));
    });
    this.route('PATCH', '/channels/{channel_id}/messages/{message_id}', (req) => {
      const channel = this.channelOr404(req.params.channel_id);
      if (channel.guildId) this.requireBot(channel, 'ViewChannel');
      const m = this.messageOr404(channel, req.params.message_id);
      if (m.authorId !== this.bot) throw Errors.cannotEditOthers();
      this.editMessage(m, asObject(req.body));
      return ok(messageJson(s, m));
    });
    this.route('DELETE', '/channels/{channel_id}/messages/{message_id}', (req) => {
      const channel = this.channelOr404(req.params.channel_id);
      const m = this.messageOr404(channel, req.params.message_id);
      if (m.authorId !== this.bot) this.requireBot(channel, 'ViewChannel', 'ManageMessages');
      m.deleted = true;
      this.gateway.dispatch('MESSAGE_DELETE', { id: m.id, channel_id: m.channelId, guild_id: m.guildId }, Intents.GuildMessages);
      return ok();
    });

    // Threads
    this.route('POST', '/channels/{channel_id}/threads', (req) => {
      const parent = this.channelOr404(req.params.channel_id);
      if (parent.type !== ChannelTypes.GuildText && parent.type !== ChannelTypes.GuildAnnouncement) throw Errors.wrongChannelType();
      const body = asObject(req.body);
      const type = typeof body.type === 'number' ? body.type : ChannelTypes.PrivateThread;
      if (type === ChannelTypes.PrivateThread) {
        if (parent.type !== ChannelTypes.GuildText) throw Errors.wrongChannelType();
        this.requireBot(parent, 'ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads');
      } else {
        this.requireBot(parent, 'ViewChannel', 'CreatePublicThreads', 'SendMessagesInThreads');
      }
      const thread = s.addThread(parent, {
        name: str(body.name) ?? 'thread',
        type,
        ownerId: this.bot,
        ...(typeof body.invitable === 'boolean' ? { invitable: body.invitable } : {}),
        ...(typeof body.auto_archive_duration === 'number' ? { autoArchiveDuration: body.auto_archive_duration } : {}),
      });
      this.gateway.dispatch('THREAD_CREATE', { ...channelJson(s, thread), newly_created: true }, Intents.Guilds);
      return ok(channelJson(s, thread), 201);
    });
    const addThreadMember = (req: RestRequest): RestResult => {
      const thread = this.channelOr404(req.params.channel_id);
      if (!thread.thread || !thread.guildId) throw Errors.wrongChannelType();
      const userId = req.template.endsWith('@me') ? this.bot : req.params.user_id ?? '';
      if (userId === this.bot) {
        if (!s.canView(this.bot, thread.id)) throw Errors.missingAccess();
      } else {
        const perms = this.requireBot(thread, 'ViewChannel', 'SendMessagesInThreads');
        if (
          thread.type === ChannelTypes.PrivateThread &&
          thread.thread.invitable === false &&
          thread.ownerId !== this.bot &&
          !has(perms, 'ManageThreads')
        ) {
          throw Errors.missingPermissions();
        }
      }
      if (thread.thread.archived) throw Errors.threadArchived();
      if (!s.users.has(userId)) throw Errors.unknownUser();
      if (!s.member(thread.guildId, userId)) throw Errors.unknownMember();
      if (!thread.threadMembers.has(userId)) {
        thread.threadMembers.set(userId, s.now());
        this.dispatchThreadMembers(thread, [userId], []);
      }
      return ok();
    };
    const removeThreadMember = (req: RestRequest): RestResult => {
      const thread = this.channelOr404(req.params.channel_id);
      if (!thread.thread) throw Errors.wrongChannelType();
      const userId = req.template.endsWith('@me') ? this.bot : req.params.user_id ?? '';
      if (userId !== this.bot) {
        const perms = this.requireBot(thread, 'ViewChannel');
        const ownPrivate = thread.type === ChannelTypes.PrivateThread && thread.ownerId === this.bot;
        if (!has(perms, 'ManageThreads') && !ownPrivate) throw Errors.missingPermissions();
      }
      if (thread.thread.archived) throw Errors.threadArchived();
      if (!thread.threadMembers.delete(userId)) throw Errors.unknownMember();
      this.dispatchThreadMembers(thread, [], [userId]);
      return ok();
    };
    this.route('PUT', '/channels/{channel_id}/thread-members/{user_id}', addThreadMember);
    this.route('PUT', '/channels/{channel_id}/thread-members/@me', addThreadMember);
    this.route('DELETE', '/channels/{channel_id}/thread-members/{user_id}', removeThreadMember);
    this.route('DELETE', '/channels/{channel_id}/thread-members/@me', removeThreadMember);
    this.route('GET', '/channels/{channel_id}/thread-members', (req) => {
      const thread = this.channelOr404(req.params.channel_id);
      if (!thread.thread) throw Errors.wrongChannelType();
      if (!s.canView(this.bot, thread.id)) throw Errors.missingAccess();
      const withMember = req.query.get('with_member') === 'true';
      return ok(
        [...thread.threadMembers].map(([userId, at]) => {
          const member = withMember && thread.guildId ? s.member(thread.guildId, userId) : undefined;
          return { ...threadMemberJson(thread, userId, at), ...(member ? { member: memberJson(s, member) } : {}) };
        }),
      );
    });
    this.route('GET', '/channels/{channel_id}/thread-members/{user_id}', (req) => {
      const thread = this.channelOr404(req.params.channel_id);
      if (!thread.thread) throw Errors.wrongChannelType();
      if (!s.canView(this.bot, thread.id)) throw Errors.missingAccess();
      const at = thread.threadMembers.get(req.params.user_id ?? '');
      if (!at) throw Errors.unknownMember();
      return ok(threadMemberJson(thread, req.params.user_id ?? '', at));
    });

    // DMs
    this.route('POST', '/users/@me/channels', (req) => {
      const recipientId = str(asObject(req.body).recipient_id);
      if (!recipientId || !s.users.has(recipientId)) throw Errors.invalidRecipient();
      return ok(channelJson(s, s.dmChannel(recipientId)));
    });

    // Guilds
    const guildOr404 = (id: string | undefined): string => {
      if (!id || !s.guilds.has(id) || !s.member(id, this.bot)) throw Errors.unknownGuild();
      return id;
    };
    this.route('GET', '/guilds/{guild_id}', (req) => {
      const id = guildOr404(req.params.guild_id);
      const members = s.guildMembers(id).length;
      return ok({
        ...guildJson(s, id),
        ...(req.query.get('with_counts') === 'true' ? { approximate_member_count: members, approximate_presence_count: 0 } : {}),
      });
    });
    this.route('GET', '/guilds/{guild_id}/members/{user_id}', (req) => {
      const id = guildOr404(req.params.guild_id);
      const member = s.member(id, req.params.user_id ?? '');
      if (!member) throw Errors.unknownMember();
      return ok(memberJson(s, member));
    });
    this.route('GET', '/guilds/{guild_id}/members', (req) => {
      const id = guildOr404(req.params.guild_id);
      const limit = Math.min(1000, Math.max(1, Number(req.query.get('limit') ?? 1)));
      const after = BigInt(req.query.get('after') ?? '0');
      const list = s
        .guildMembers(id)
        .filter((m) => BigInt(m.userId) > after)
        .sort((a, b) => (BigInt(a.userId) > BigInt(b.userId) ? 1 : -1))
        .slice(0, limit);
      return ok(list.map((m) => memberJson(s, m)));
    });
    this.route('GET', '/guilds/{guild_id}/roles', (req) => ok(s.guildRoles(guildOr404(req.params.guild_id)).map(roleJson)));
    this.route('GET', '/guilds/{guild_id}/channels', (req) =>
      ok(s.guildChannels(guildOr404(req.params.guild_id)).map((c) => channelJson(s, c))),
    );
    this.route('GET', '/guilds/{guild_id}/threads/active', (req) => {
      const id = guildOr404(req.params.guild_id);
      const threads = s.guildThreads(id).filter((c) => !c.thread!.archived && s.canView(this.bot, c.id));
      return ok({
        threads: threads.map((t) => channelJson(s, t)),
        members: threads.flatMap((t) => {
          const at = t.threadMembers.get(this.bot);
          return at ? [threadMemberJson(t, this.bot, at)] : [];
        }),
      });
    });
  }

  private commandJson(rec: { id: string; applicationId: string; guildId: string | null; body: Json }): Json {
    return {
      type: 1,
      description: '',
      options: [],
      default_member_permissions: null,
      nsfw: false,
      ...rec.body,
      id: rec.id,
      application_id: rec.applicationId,
      ...(rec.guildId ? { guild_id: rec.guildId } : {}),
      version: rec.id,
    };
  }

  private patchChannel(req: RestRequest): RestResult {
    const s = this.state;
    const channel = this.channelOr404(req.params.channel_id);
    const body = asObject(req.body);
    if (!channel.guildId) throw Errors.wrongChannelType();
    if (channel.thread) {
      const meta = channel.thread;
      const perms = this.requireBot(channel, 'ViewChannel');
      const manage = has(perms, 'ManageThreads');
      const owner = channel.ownerId === this.bot;
      const wantsArchived = typeof body.archived === 'boolean' ? body.archived : undefined;
      const wantsLocked = typeof body.locked === 'boolean' ? body.locked : undefined;
      if (wantsLocked !== undefined && wantsLocked !== meta.locked && !manage) throw Errors.missingPermissions();
      if (wantsArchived === true && !meta.archived && !manage && !owner) throw Errors.missingPermissions();
      if (wantsArchived === false && meta.archived) {
        if (meta.locked && wantsLocked !== false && !manage) throw Errors.missingPermissions();
        if (!has(perms, 'SendMessagesInThreads')) throw Errors.missingPermissions();
      }
      if (meta.archived && wantsArchived !== false && (body.name !== undefined || body.invitable !== undefined)) {
        throw Errors.threadArchived();
      }
      if (body.name !== undefined && !manage && !owner) throw Errors.missingPermissions();
      if (body.invitable !== undefined) {
        if (channel.type !== ChannelTypes.PrivateThread) throw Errors.wrongChannelType();
        if (!manage && !owner) throw Errors.missingPermissions();
      }
      if (typeof body.name === 'string') channel.name = body.name;
      if (typeof body.invitable === 'boolean') meta.invitable = body.invitable;
      if (typeof body.auto_archive_duration === 'number') meta.autoArchiveDuration = body.auto_archive_duration;
      if (wantsLocked !== undefined) meta.locked = wantsLocked;
      if (wantsArchived !== undefined && wantsArchived !== meta.archived) {
        meta.archived = wantsArchived;
        meta.archiveTimestamp = s.now();
      }
      this.dispatchChannel(channel, 'UPDATE');
      return ok(channelJson(s, channel));
    }
    this.requireBot(channel, 'ViewChannel', 'ManageChannels');
    if (typeof body.name === 'string') channel.name = body.name;
    if ('topic' in body) channel.topic = str(body.topic) ?? null;
    if (Array.isArray(body.permission_overwrites)) {
      if (!has(this.botPerms(channel), 'ManageRoles')) throw Errors.missingPermissions();
      channel.overwrites = (body.permission_overwrites as Json[]).map((o) => ({
        id: String(o.id),
        type: Number(o.type) === 1 ? 1 : 0,
        allow: BigInt(typeof o.allow === 'string' || typeof o.allow === 'number' ? o.allow : 0),
        deny: BigInt(typeof o.deny === 'string' || typeof o.deny === 'number' ? o.deny : 0),
      }));
    }
    this.dispatchChannel(channel, 'UPDATE');
    return ok(channelJson(s, channel));
  }
}
