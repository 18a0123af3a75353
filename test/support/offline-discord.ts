/**
 * A real discord.js Client that never logs in and never touches the network.
 *
 * - REST goes through @discordjs/rest's `makeRequest` option: every request
 *   is recorded (method, path, query, JSON body) and answered the way
 *   Discord would (204 for interaction callbacks, a message object for
 *   webhook edits and message posts, a channel for thread and DM channel
 *   creation, a user or 404 Unknown User for GET /users/:id).
 * - Bodies are checked against Discord's documented size limits (message
 *   content, embeds, components, modals, autocomplete choices). A body over
 *   a limit is answered 400 / 50035 "Invalid Form Body", as Discord does,
 *   and recorded as a violation.
 * - Interactions are fed in as raw INTERACTION_CREATE payloads through
 *   `client.actions.InteractionCreate.handle`, exactly what the gateway
 *   handler does, so the router receives the discord.js object it gets in
 *   production.
 *
 * Used by the fuzz tests (test/fuzz); nothing here is shared with src.
 */
import { Client, ClientUser, Events, GatewayIntentBits, Options, type Interaction } from 'discord.js';

export type Json = Record<string, unknown>;

export const INTERACTION_CALLBACK = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export type RecordedRequest = {
  readonly method: string;
  /** Without the /api/v10 prefix and without the query, e.g. /interactions/1/abc/callback. */
  readonly path: string;
  readonly query: string;
  /** The parsed JSON body (multipart bodies: their payload_json part), or null. */
  readonly body: unknown;
  /** What the fake answered. */
  readonly status: number;
};

export type LimitViolation = { readonly method: string; readonly path: string; readonly problem: string };

export type DispatchOutcome = {
  /** False when discord.js dropped the payload without emitting interactionCreate. */
  readonly emitted: boolean;
  /** Set when the promise returned by the listener (the router) rejected: an exception escaped. */
  readonly escaped: unknown;
  /** Set when discord.js threw while building the interaction from the payload. */
  readonly constructionError: unknown;
  readonly requests: readonly RecordedRequest[];
  readonly violations: readonly LimitViolation[];
  /** Requests to routes the fake does not know. */
  readonly unknownRoutes: readonly RecordedRequest[];
};

export type OfflineDiscordOptions = {
  /** The bot's own user, as READY gives it. */
  readonly botUser: Json;
  /** Users that exist on "Discord" (GET /users/:id finds them). */
  readonly users?: readonly Json[];
  /** Guilds put in the client's cache, as GUILD_CREATE payloads. */
  readonly guilds?: readonly Json[];
};

type ResponseInit = { status: number; body?: unknown };

const API_PREFIX = /^\/api\/v\d+/;
let snowflakeCounter = 1_500_000_000_000_000_000n;
const nextSnowflake = (): string => (snowflakeCounter += 1n).toString();

/** The fake HTTP layer: a tiny Discord API that answers from memory. */
class FakeRest {
  readonly log: RecordedRequest[] = [];
  readonly violations: LimitViolation[] = [];
  readonly unknownRoutes: RecordedRequest[] = [];
  readonly users = new Map<string, Json>();

  constructor(private readonly botUser: Json) {}

  reset(): void {
    this.log.length = 0;
    this.violations.length = 0;
    this.unknownRoutes.length = 0;
  }

  async handle(url: string, init: { method?: string; body?: unknown }): Promise<Response> {
    const parsed = new URL(url);
    const method = (init.method ?? 'GET').toUpperCase();
    const path = decodeURIComponent(parsed.pathname.replace(API_PREFIX, ''));
    const body = await parseBody(init.body);
    const answer = this.route(method, path, parsed.searchParams, body);
    const record: RecordedRequest = { method, path, query: parsed.search, body, status: answer.status };
    this.log.push(record);
    if (answer.status === 404 && (answer.body as { code?: number } | undefined)?.code === 0) this.unknownRoutes.push(record);
    return toResponse(answer);
  }

  private refuse(method: string, path: string, problems: readonly string[]): ResponseInit {
    for (const problem of problems) this.violations.push({ method, path, problem });
    return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { _errors: problems.map((p) => ({ code: 'BASE_TYPE_INVALID', message: p })) } } };
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown): ResponseInit {
    const parts = path.split('/').filter((p) => p !== '');
    const b = (body ?? {}) as Json;

    // POST /interactions/:id/:token/callback
    if (method === 'POST' && parts[0] === 'interactions' && parts[3] === 'callback' && parts.length === 4) {
      const problems = callbackProblems(b);
      if (problems.length > 0) return this.refuse(method, path, problems);
      if (query.get('with_response') === 'true') {
        return { status: 200, body: { interaction: { id: parts[1], type: 2, activity_instance_id: null, response_message_id: null, response_message_loading: false, response_message_ephemeral: false } } };
      }
      return { status: 204 };
    }

    // /webhooks/:appId/:token[/messages/:messageId]
    if (parts[0] === 'webhooks' && parts.length >= 3) {
      const messageId = parts[3] === 'messages' ? parts[4] : undefined;
      if (method === 'POST' && parts.length === 3) {
        const problems = messageProblems(b, 'create');
        if (problems.length > 0) return this.refuse(method, path, problems);
        return { status: 200, body: this.message(b, nextSnowflake()) };
      }
      if (method === 'PATCH' && messageId) {
        const problems = messageProblems(b, 'edit');
        if (problems.length > 0) return this.refuse(method, path, problems);
        return { status: 200, body: this.message(b, messageId === '@original' ? nextSnowflake() : messageId) };
      }
      if (method === 'GET' && messageId) return { status: 200, body: this.message({ content: '' }, messageId === '@original' ? nextSnowflake() : messageId) };
      if (method === 'DELETE' && messageId) return { status: 204 };
    }

    // GET /users/:id
    if (method === 'GET' && parts[0] === 'users' && parts.length === 2 && parts[1]) {
      const user = parts[1] === '@me' ? this.botUser : this.users.get(parts[1]);
      return user ? { status: 200, body: user } : { status: 404, body: { code: 10013, message: 'Unknown User' } };
    }

    // POST /users/@me/channels: open a DM channel
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = this.users.get(String(b.recipient_id)) ?? { id: String(b.recipient_id), username: 'unknown', discriminator: '0', global_name: null, avatar: null };
      return { status: 200, body: { id: nextSnowflake(), type: 1, last_message_id: null, recipients: [recipient], flags: 0 } };
    }

    if (parts[0] === 'channels' && parts[1]) {
      const channelId = parts[1];
      // POST /channels/:id/messages
      if (method === 'POST' && parts[2] === 'messages' && parts.length === 3) {
        const problems = messageProblems(b, 'create');
        if (problems.length > 0) return this.refuse(method, path, problems);
        return { status: 200, body: { ...this.message(b, nextSnowflake()), channel_id: channelId } };
      }
      // POST /channels/:id/threads
      if (method === 'POST' && parts[2] === 'threads' && parts.length === 3) {
        const name = typeof b.name === 'string' ? b.name : '';
        if (name.length < 1 || name.length > 100) return this.refuse(method, path, [`thread name must be 1-100 characters (got ${name.length})`]);
        return {
          status: 201,
          body: {
            id: nextSnowflake(),
            type: typeof b.type === 'number' ? b.type : 12,
            parent_id: channelId,
            name,
            owner_id: String(this.botUser.id),
            flags: 0,
            thread_metadata: { archived: false, locked: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), invitable: false },
            message_count: 0,
            member_count: 1,
            rate_limit_per_user: 0,
          },
        };
      }
      // PUT/DELETE /channels/:id/thread-members/:user
      if ((method === 'PUT' || method === 'DELETE') && parts[2] === 'thread-members') return { status: 204 };
      // PATCH /channels/:id: archive/lock a thread
      if (method === 'PATCH' && parts.length === 2) return { status: 200, body: { id: channelId, type: 12, name: 'thread', flags: 0, ...b } };
    }

    return { status: 404, body: { code: 0, message: '404: Not Found' } };
  }

  private message(body: Json, id: string): Json {
    return {
      id,
      type: 0,
      channel_id: '1',
      author: this.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      pinned: false,
      flags: typeof body.flags === 'number' ? body.flags : 0,
    };
  }
}

async function parseBody(body: unknown): Promise<unknown> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return JSON.parse(body) as unknown;
  if (body instanceof FormData) {
    const json = body.get('payload_json');
    return typeof json === 'string' ? (JSON.parse(json) as unknown) : null;
  }
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return JSON.parse(Buffer.from(body as Uint8Array).toString('utf8')) as unknown;
  return await Promise.resolve(null);
}

function toResponse(r: ResponseInit): Response {
  if (r.status === 204 || r.body === undefined) return new Response(null, { status: r.status });
  return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
}

// ---------------------------------------------------------------------------
// Discord's limits (https://discord.com/developers/docs/resources/message,
// .../interactions/receiving-and-responding, .../components/reference)

const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);

function embedProblems(embeds: unknown): string[] {
  if (embeds === undefined || embeds === null) return [];
  if (!Array.isArray(embeds)) return ['embeds must be an array'];
  const problems: string[] = [];
  if (embeds.length > 10) problems.push(`at most 10 embeds (got ${embeds.length})`);
  let total = 0;
  for (const [i, raw] of embeds.entries()) {
    const e = (raw ?? {}) as Json;
    const author = (e.author ?? {}) as Json;
    const footer = (e.footer ?? {}) as Json;
    if (len(e.title) > 256) problems.push(`embeds[${i}].title over 256 (${len(e.title)})`);
    if (len(e.description) > 4096) problems.push(`embeds[${i}].description over 4096 (${len(e.description)})`);
    if (len(author.name) > 256) problems.push(`embeds[${i}].author.name over 256`);
    if (len(footer.text) > 2048) problems.push(`embeds[${i}].footer.text over 2048`);
    total += len(e.title) + len(e.description) + len(author.name) + len(footer.text);
    const fields = Array.isArray(e.fields) ? (e.fields as Json[]) : [];
    if (fields.length > 25) problems.push(`embeds[${i}] has more than 25 fields (${fields.length})`);
    for (const [j, f] of fields.entries()) {
      if (len(f.name) < 1 || len(f.name) > 256) problems.push(`embeds[${i}].fields[${j}].name must be 1-256 characters (${len(f.name)})`);
      if (len(f.value) < 1 || len(f.value) > 1024) problems.push(`embeds[${i}].fields[${j}].value must be 1-1024 characters (${len(f.value)})`);
      total += len(f.name) + len(f.value);
    }
  }
  if (total > 6000) problems.push(`embeds total ${total} characters, over Discord's 6000`);
  return problems;
}

function componentProblems(components: unknown): string[] {
  if (components === undefined || components === null) return [];
  if (!Array.isArray(components)) return ['components must be an array'];
  const problems: string[] = [];
  if (components.length > 5) problems.push(`at most 5 action rows (got ${components.length})`);
  for (const [i, raw] of components.entries()) {
    const row = (raw ?? {}) as Json;
    const children = Array.isArray(row.components) ? (row.components as Json[]) : [];
    if (children.length < 1 || children.length > 5) problems.push(`components[${i}] must hold 1-5 components`);
    for (const c of children) {
      if (c.custom_id !== undefined && (len(c.custom_id) < 1 || len(c.custom_id) > 100)) problems.push(`custom_id must be 1-100 characters (${len(c.custom_id)})`);
      if (len(c.label) > 80) problems.push(`button label over 80 (${len(c.label)})`);
    }
  }
  return problems;
}

function messageProblems(b: Json, mode: 'create' | 'edit'): string[] {
  const problems = [...embedProblems(b.embeds), ...componentProblems(b.components)];
  if (b.content !== undefined && b.content !== null && typeof b.content !== 'string') problems.push('content must be a string');
  if (len(b.content) > 2000) problems.push(`content over 2000 characters (${len(b.content)})`);
  const hasContent = len(b.content) > 0;
  const hasEmbeds = Array.isArray(b.embeds) && b.embeds.length > 0;
  const hasComponents = Array.isArray(b.components) && b.components.length > 0;
  // Creating an empty message, or editing one so that it ends up with nothing, is refused (50006).
  const touchesAll = mode === 'create' || ('content' in b && 'embeds' in b);
  if (touchesAll && !hasContent && !hasEmbeds && !hasComponents) problems.push('cannot send an empty message (50006)');
  return problems;
}

function callbackProblems(b: Json): string[] {
  const data = (b.data ?? {}) as Json;
  switch (b.type) {
    case INTERACTION_CALLBACK.ChannelMessageWithSource:
      return messageProblems(data, 'create');
    case INTERACTION_CALLBACK.UpdateMessage:
      return messageProblems(data, 'edit');
    case INTERACTION_CALLBACK.DeferredChannelMessageWithSource:
    case INTERACTION_CALLBACK.DeferredMessageUpdate:
      return [];
    case INTERACTION_CALLBACK.AutocompleteResult: {
      const choices = Array.isArray(data.choices) ? (data.choices as Json[]) : null;
      if (choices === null) return ['autocomplete result needs choices'];
      const problems: string[] = [];
      if (choices.length > 25) problems.push(`at most 25 choices (${choices.length})`);
      for (const c of choices) {
        if (len(c.name) < 1 || len(c.name) > 100) problems.push(`choice name must be 1-100 characters (${len(c.name)})`);
        if (typeof c.value === 'string' && c.value.length > 100) problems.push(`choice value over 100 (${c.value.length})`);
      }
      return problems;
    }
    case INTERACTION_CALLBACK.Modal: {
      const problems: string[] = [];
      if (len(data.custom_id) < 1 || len(data.custom_id) > 100) problems.push(`modal custom_id must be 1-100 characters (${len(data.custom_id)})`);
      if (len(data.title) < 1 || len(data.title) > 45) problems.push(`modal title must be 1-45 characters (${len(data.title)})`);
      const rows = Array.isArray(data.components) ? (data.components as Json[]) : [];
      if (rows.length < 1 || rows.length > 5) problems.push('a modal holds 1-5 rows');
      for (const row of rows) {
        for (const input of Array.isArray(row.components) ? (row.components as Json[]) : []) {
          if (len(input.custom_id) < 1 || len(input.custom_id) > 100) problems.push('text input custom_id must be 1-100 characters');
          if (len(input.label) < 1 || len(input.label) > 45) problems.push(`text input label must be 1-45 characters (${len(input.label)})`);
          if (typeof input.max_length === 'number' && (input.max_length < 1 || input.max_length > 4000)) problems.push('text input max_length must be 1-4000');
        }
      }
      return problems;
    }
    default:
      return [`unknown interaction callback type ${String(b.type)}`];
  }
}

// ---------------------------------------------------------------------------

type InteractionCreateAction = { handle(data: unknown): void };
type GuildAdder = { _add(data: unknown): unknown };

export class OfflineDiscord {
  readonly client: Client;
  private readonly rest: FakeRest;
  private pending: Promise<void>[] = [];

  constructor(readonly options: OfflineDiscordOptions) {
    this.rest = new FakeRest(options.botUser);
    for (const u of options.users ?? []) this.rest.users.set(String(u.id), u);
    // The production client's intents and caches (src/discord/client.ts),
    // but no default allowedMentions: every body must set its own.
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: {
        makeRequest: (url, init) => this.rest.handle(url, init),
        retries: 0,
        timeout: 5_000,
        globalRequestsPerSecond: 1_000_000,
        hashSweepInterval: 0,
        handlerSweepInterval: 0,
      },
      makeCache: Options.cacheWithLimits({
        ...Options.DefaultMakeCacheSettings,
        MessageManager: 0,
        ThreadMemberManager: 0,
        ReactionManager: 0,
        PresenceManager: 0,
        VoiceStateManager: 0,
        GuildEmojiManager: 0,
        GuildStickerManager: 0,
      }),
    });
    this.client.token = 'offline.fake.token';
    this.client.rest.setToken('offline.fake.token');
    // What READY does: the bot's own user.
    const me = Reflect.construct(ClientUser, [this.client, options.botUser]) as ClientUser;
    this.client.user = me;
    this.client.users.cache.set(me.id, me);
    this.resetCaches();
  }

  /**
   * Puts the client's caches back to what the gateway gave at start-up:
   * the guilds (GUILD_CREATE) with their channels, roles and the bot's own
   * member, and the bot's user. discord.js caches users, members, roles and
   * channels from every interaction's `resolved`; without this, one
   * generated payload (a random id resolved as a voice channel, say) would
   * change how a later one is handled.
   */
  private resetCaches(): void {
    const me = this.client.user;
    this.client.users.cache.sweep((u) => u.id !== me?.id);
    this.client.guilds.cache.clear();
    this.client.channels.cache.clear();
    const guilds = this.client.guilds as unknown as GuildAdder;
    for (const g of this.options.guilds ?? []) guilds._add(g);
  }

  /** Runs `listener` for every interaction, as src/bot.ts does, keeping its promise to await. */
  serve(listener: (interaction: Interaction) => Promise<void>): void {
    this.client.on(Events.InteractionCreate, (interaction) => {
      this.pending.push(listener(interaction));
    });
  }

  /** Feeds one INTERACTION_CREATE payload and waits until the listener is done with it. */
  async dispatch(payload: Json): Promise<DispatchOutcome> {
    this.rest.reset();
    this.pending = [];
    this.resetCaches();
    const action = (this.client as unknown as { actions: { InteractionCreate: InteractionCreateAction } }).actions.InteractionCreate;
    let constructionError: unknown = null;
    try {
      action.handle(payload);
    } catch (error) {
      constructionError = error;
    }
    const emitted = this.pending.length > 0;
    let escaped: unknown = null;
    for (const p of this.pending) {
      try {
        await p;
      } catch (error) {
        escaped = error ?? new Error('rejected with a falsy reason');
      }
    }
    // Anything fired and forgotten gets a turn before the requests are read.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return {
      emitted,
      escaped,
      constructionError,
      requests: [...this.rest.log],
      violations: [...this.rest.violations],
      unknownRoutes: [...this.rest.unknownRoutes],
    };
  }

  async destroy(): Promise<void> {
    await this.client.destroy();
  }
}

/** The callback POSTs among the recorded requests. */
export const callbacksOf = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter((r) => r.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(r.path));

/** Edits of the original response (PATCH /webhooks/:app/:token/messages/@original). */
export const originalEditsOf = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter((r) => r.method === 'PATCH' && /^\/webhooks\/[^/]+\/[^/]+\/messages\/@original$/.test(r.path));

/** Follow-up messages (POST /webhooks/:app/:token). */
export const followUpsOf = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter((r) => r.method === 'POST' && /^\/webhooks\/[^/]+\/[^/]+$/.test(r.path));

/**
 * Every message body the bot sent (reply, update, edit, follow-up, channel
 * message), with where it went.
 */
export function messageBodiesOf(requests: readonly RecordedRequest[]): { readonly request: RecordedRequest; readonly body: Json }[] {
  const out: { request: RecordedRequest; body: Json }[] = [];
  for (const r of requests) {
    const body = (r.body ?? {}) as Json;
    if (callbacksOf([r]).length === 1) {
      if (body.type === INTERACTION_CALLBACK.ChannelMessageWithSource || body.type === INTERACTION_CALLBACK.UpdateMessage) out.push({ request: r, body: (body.data ?? {}) as Json });
    } else if (originalEditsOf([r]).length === 1 || followUpsOf([r]).length === 1 || (r.method === 'POST' && /^\/channels\/[^/]+\/messages$/.test(r.path))) {
      out.push({ request: r, body });
    }
  }
  return out;
}
