import { setTimeout as sleep } from 'node:timers/promises';
import { once, type EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { FakeState, Json, MessageRec } from './state.js';
import { ChannelTypes } from './state.js';
import { channelJson, memberJson, messageJson, roleJson, userJson } from './serialize.js';

export const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export interface CallbackRecord {
  type: number;
  data?: Json;
  at: number;
  /** ms between the INTERACTION_CREATE dispatch and this callback */
  afterMs: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  userId: string;
  guildId: string | null;
  channelId: string;
  payload: Json;
  dispatchedAt: number;
  callbacks: CallbackRecord[];
  /** The response message (type 4/5), or for component interactions the message the component is on. */
  originalMessageId?: string;
  followUpIds: string[];
  /** Edits of the original response (or, after a deferred update, of the component's message) through the webhook. */
  originalEdits: number;
  modal?: Json;
  choices?: unknown[];
  /** Problems the fake refused (double ack, late ack, ...). */
  errors: string[];
  events: EventEmitter;
}

/** A message as tests see it. */
export interface MessageView {
  id: string;
  channelId: string;
  authorId: string;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  ephemeral: boolean;
  /** Deferred response still "thinking" (never edited). */
  loading: boolean;
  edited: boolean;
  allowedMentions: unknown;
  pingedUserIds: string[];
  pingedRoleIds: string[];
  pingedEveryone: boolean;
  /** Users who would get a notification (pinged users, pinged roles' members, @everyone). */
  notifiedUserIds: string[];
  interactionId?: string;
  deleted: boolean;
  /** Each body that created/edited the message. */
  history: unknown[];
  /** The message in API form (what GET would return). */
  json: Json;
}

export function messageView(state: FakeState, m: MessageRec): MessageView {
  return {
    id: m.id,
    channelId: m.channelId,
    authorId: m.authorId,
    content: m.content,
    embeds: m.embeds as Json[],
    components: m.components as Json[],
    flags: m.flags,
    ephemeral: (m.flags & 64) === 64,
    loading: (m.flags & 128) === 128,
    edited: m.editedTimestamp !== null,
    allowedMentions: m.allowedMentions,
    pingedUserIds: [...m.pingedUserIds],
    pingedRoleIds: [...m.pingedRoleIds],
    pingedEveryone: m.pingedEveryone,
    notifiedUserIds: [...m.notifiedUserIds],
    ...(m.interactionId ? { interactionId: m.interactionId } : {}),
    deleted: m.deleted,
    history: [...m.history],
    json: messageJson(state, m),
  };
}

export class InteractionHandle {
  /** Resolves with the first callback (ack) the bot sends. */
  readonly ack: Promise<CallbackRecord>;

  constructor(
    private readonly state: FakeState,
    readonly record: InteractionRecord,
    private readonly idle: (quietMs: number, timeoutMs: number) => Promise<void>,
  ) {
    this.ack = record.callbacks[0]
      ? Promise.resolve(record.callbacks[0])
      : (once(record.events, 'callback') as Promise<[CallbackRecord]>).then(([cb]) => cb);
    // Avoid unhandled rejections when nobody awaits ack.
    this.ack.catch(() => undefined);
  }

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  get payload(): Json {
    return this.record.payload;
  }

  get callback(): CallbackRecord | undefined {
    return this.record.callbacks[0];
  }

  get acknowledged(): boolean {
    return this.record.callbacks.length > 0;
  }

  get deferred(): boolean {
    const t = this.callback?.type;
    return t === CallbackType.DeferredChannelMessageWithSource || t === CallbackType.DeferredMessageUpdate;
  }

  /** ms from dispatch to the ack (undefined before the ack). */
  get ackMs(): number | undefined {
    return this.callback?.afterMs;
  }

  /** The original response (reply/deferReply+editReply), or for components the message updated by type 6/7. */
  get reply(): MessageView | undefined {
    const id = this.record.originalMessageId;
    const m = id ? this.state.messages.get(id) : undefined;
    return m ? messageView(this.state, m) : undefined;
  }

  get ephemeral(): boolean {
    return this.reply?.ephemeral ?? false;
  }

  get followUps(): MessageView[] {
    return this.record.followUpIds.flatMap((id) => {
      const m = this.state.messages.get(id);
      return m ? [messageView(this.state, m)] : [];
    });
  }

  /** Every message the interaction produced: reply then follow-ups. */
  get messages(): MessageView[] {
    const reply = this.record.callbacks.some((c) => c.type === 4 || c.type === 5) ? this.reply : undefined;
    return [...(reply ? [reply] : []), ...this.followUps];
  }

  /** The modal opened (callback type 9): { custom_id, title, components }. */
  get modal(): Json | undefined {
    return this.record.modal;
  }

  get choices(): unknown[] | undefined {
    return this.record.choices;
  }

  get errors(): string[] {
    return this.record.errors;
  }

  /**
   * Waits until the bot is done with this interaction: acknowledged; a deferred reply edited, or a deferred update
   * followed by the message's edit (either way, or a follow-up sent); then no REST request in flight and none for
   * `quietMs`.
   */
  async settled(opts: { timeoutMs?: number; quietMs?: number } = {}): Promise<this> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    const quietMs = opts.quietMs ?? 60;
    const deadline = Date.now() + timeoutMs;
    await this.waitFor((h) => h.acknowledged, timeoutMs, 'the bot to acknowledge the interaction');
    if (this.callback?.type === CallbackType.DeferredChannelMessageWithSource) {
      await this.waitFor(
        (h) => !(h.reply?.loading ?? false) || h.followUps.length > 0,
        Math.max(0, deadline - Date.now()),
        'the deferred reply to be edited',
      );
    }
    if (this.callback?.type === CallbackType.DeferredMessageUpdate) {
      await this.waitFor(
        (h) => h.record.originalEdits > 0 || h.followUps.length > 0,
        Math.max(0, deadline - Date.now()),
        'the deferred update to be followed by an edit or a follow-up',
      );
    }
    await this.idle(quietMs, Math.max(100, deadline - Date.now()));
    return this;
  }

  /** Waits until predicate(this) holds; re-checked on every change to the interaction. */
  async waitFor(predicate: (h: this) => boolean, timeoutMs = 5000, what = 'condition'): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `FakeDiscord: timed out waiting for ${what} (interaction ${this.id}, callbacks: ${JSON.stringify(
            this.record.callbacks.map((c) => c.type),
          )}, errors: ${JSON.stringify(this.record.errors)})`,
        );
      }
      // Whichever comes first; the other is cancelled, so no listener or timer is left behind.
      const stop = new AbortController();
      await Promise.race([
        once(this.record.events, 'change', { signal: stop.signal }).catch(() => undefined),
        sleep(Math.min(left, 250), undefined, { signal: stop.signal }).catch(() => undefined),
      ]);
      stop.abort();
    }
    return this;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Payload builders

export type OptionValue =
  | string
  | number
  | boolean
  | { type: number; value: string | number | boolean; focused?: boolean };

export interface CommonOpts {
  /** Channel the interaction happens in; default: the first guild text channel the user can view (or their DM). */
  channelId?: string;
  locale?: string;
}

export function newInteractionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}

export function defaultChannel(state: FakeState, userId: string, guildId: string | null): string {
  if (!guildId) return state.dmChannel(userId).id;
  const channel = state
    .guildChannels(guildId)
    .find((c) => c.type === ChannelTypes.GuildText && state.canView(userId, c.id));
  if (!channel) throw new Error(`FakeDiscord: user ${userId} can view no text channel in guild ${guildId}`);
  return channel.id;
}

/** Fields every interaction payload has. */
export function basePayload(
  state: FakeState,
  opts: { id: string; token: string; type: number; userId: string; guildId: string | null; channelId: string; locale?: string },
): Json {
  const user = state.user(opts.userId);
  const channel = state.channel(opts.channelId);
  const common: Json = {
    id: opts.id,
    application_id: state.applicationId,
    type: opts.type,
    token: opts.token,
    version: 1,
    locale: opts.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    channel_id: channel.id,
  };
  if (opts.guildId) {
    const member = state.member(opts.guildId, opts.userId);
    if (!member) throw new Error(`FakeDiscord: user ${opts.userId} is not a member of guild ${opts.guildId}`);
    const perms = state.permissions(opts.userId, opts.guildId, channel.id);
    const appPerms = state.permissions(state.botUser.id, opts.guildId, channel.id);
    return {
      ...common,
      guild_id: opts.guildId,
      guild: { id: opts.guildId, locale: state.guild(opts.guildId).preferredLocale ?? 'en-US', features: [] },
      guild_locale: state.guild(opts.guildId).preferredLocale ?? 'en-US',
      channel: { ...channelJson(state, channel), permissions: perms.toString() },
      member: { ...memberJson(state, member), permissions: perms.toString() },
      app_permissions: appPerms.toString(),
      authorizing_integration_owners: { '0': opts.guildId },
      context: 0,
    };
  }
  return {
    ...common,
    channel: channelJson(state, channel),
    user: userJson(user),
    app_permissions: '0',
    authorizing_integration_owners: { '0': '0' },
    context: 1,
  };
}

interface Resolved {
  users?: Record<string, Json>;
  members?: Record<string, Json>;
  roles?: Record<string, Json>;
  channels?: Record<string, Json>;
  messages?: Record<string, Json>;
  attachments?: Record<string, Json>;
}

export function addResolvedUser(state: FakeState, resolved: Resolved, guildId: string | null, userId: string): void {
  resolved.users ??= {};
  resolved.users[userId] = userJson(state.user(userId));
  const member = guildId ? state.member(guildId, userId) : undefined;
  if (member && guildId) {
    resolved.members ??= {};
    const { user: _user, ...rest } = memberJson(state, member);
    resolved.members[userId] = { ...rest, permissions: state.permissions(userId, guildId).toString() };
  }
}

/** Option types from the registered command definition, when there is one. */
function optionTypeFromDefinition(defOptions: Json[] | undefined, name: string): number | undefined {
  const opt = defOptions?.find((o) => o.name === name);
  return typeof opt?.type === 'number' ? opt.type : undefined;
}

export function buildCommandOptions(
  state: FakeState,
  guildId: string | null,
  values: Record<string, OptionValue>,
  defOptions: Json[] | undefined,
  resolved: Resolved,
  focused?: string,
): Json[] {
  return Object.entries(values).map(([name, raw]) => {
    let type: number;
    let value: string | number | boolean;
    if (typeof raw === 'object') {
      type = raw.type;
      value = raw.value;
    } else {
      value = raw;
      type =
        optionTypeFromDefinition(defOptions, name) ??
        (typeof raw === 'boolean' ? 5 : typeof raw === 'number' ? (Number.isInteger(raw) ? 4 : 10) : 3);
    }
    const id = String(value);
    if (type === 6) addResolvedUser(state, resolved, guildId, id);
    if (type === 7) {
      resolved.channels ??= {};
      const ch = state.channel(id);
      resolved.channels[id] = { ...channelJson(state, ch), permissions: '0' };
    }
    if (type === 8) {
      resolved.roles ??= {};
      resolved.roles[id] = roleJson(state.role(id));
    }
    if (type === 11) {
      const upload = state.uploads.get(id);
      if (!upload) throw new Error(`FakeDiscord: no upload ${id} (add it with fake.addUpload)`);
      resolved.attachments ??= {};
      resolved.attachments[id] = upload;
    }
    if (type === 9) {
      if (state.users.has(id)) addResolvedUser(state, resolved, guildId, id);
      else {
        resolved.roles ??= {};
        resolved.roles[id] = roleJson(state.role(id));
      }
    }
    return { name, type, value, ...(focused === name ? { focused: true } : {}) };
  });
}

export function resolvedMessage(state: FakeState, messageId: string): Json {
  const m = state.messages.get(messageId);
  if (!m) throw new Error(`FakeDiscord: unknown message ${messageId}`);
  return messageJson(state, m);
}
