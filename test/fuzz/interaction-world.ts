/**
 * The little Discord world the command fuzz runs in, and generators of raw
 * INTERACTION_CREATE payloads for it.
 *
 * - A guild that is set up and cached (the bot has the permissions it
 *   needs), a cached guild where the bot has almost none, an uncached guild
 *   that may be set up, random unknown guilds, and DMs.
 * - Members with the staff role, the admin role, another role or none, with
 *   or without Manage Server; the parties of the seeded cases; a bot; a user
 *   who is not a member; unknown users.
 * - Seeded cases in every configured guild: open, escalated (with an
 *   escalation to acknowledge), closed, one whose thread could not be
 *   opened, one the first moderator is a party to, and optionally a busy
 *   one (#6: long statements, escalations, advice and notes); plus two
 *   members' reports waiting for staff.
 * - Interactions of every kind the router serves: chat-input commands
 *   drawn from the registered definitions (commands/registry.ts), message
 *   and user context menus, autocomplete, buttons, string selects and modal
 *   submissions, whose custom ids come from every kind in
 *   src/discord/custom-ids.ts (test/fuzz/custom-id-shapes.ts).
 *
 * Payloads follow Discord's INTERACTION_CREATE shape (see
 * test/e2e/fake-discord/interactions.ts): `member` with roles and
 * permissions in guilds, `user` in DMs, `data.resolved` for users, members,
 * roles, channels and messages.
 */
import fc from 'fast-check';
import { registry } from '../../commands/registry.js';
import * as customIdModule from '../../src/discord/custom-ids.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { acknowledgeRow, escalationEmbed } from '../../src/discord/render/escalation-notice.js';
import { escalate } from '../../src/services/escalation.js';
import { addSide } from '../../src/services/side-recording.js';
import { closeCase } from '../../src/services/case-closing.js';
import { addNote } from '../../src/services/case-notes.js';
import { sendSafeChat } from '../../src/services/safechat.js';
import { submitReport } from '../../src/services/report-intake.js';
import { CASE_CATEGORIES, EXPOSURE_LOCATIONS } from '../../src/domain/types.js';
import { ACTORS, IDS, createHarness, type Harness } from '../support/fakes/service-harness.js';
import type { Json } from '../support/offline-discord.js';
import { KINDS, mutatedIdArb, nearArgsIdArb, validIdArb, type Shape } from './custom-id-shapes.js';
import { translator } from '../../src/i18n/translate.js';

const en = translator('en-US');

// ---------------------------------------------------------------------------
// Ids

export const APP_ID = '900000000000000001';
export const W = {
  ...IDS,
  /** A guild the bot is in (cached) but where it may do almost nothing. */
  POOR_GUILD: '100000000000000003',
  BOT_SELF: '900000000000000002',
  NON_MEMBER: '300000000000000050',
  OTHER_BOT: '300000000000000098',
  BOT_ROLE: '400000000000000009',
  GENERAL_CHANNEL: '500000000000000009',
  VOICE_CHANNEL: '500000000000000010',
  CATEGORY_CHANNEL: '500000000000000011',
  POOR_GENERAL: '500000000000000019',
} as const;

const PERMS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  MentionEveryone: 1n << 17n,
  ManageGuild: 1n << 5n,
  ManageMessages: 1n << 13n,
  Administrator: 1n << 3n,
  ManageThreads: 1n << 34n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
};
const BOT_NEEDS = PERMS.ViewChannel | PERMS.SendMessages | PERMS.EmbedLinks | PERMS.ManageThreads | PERMS.CreatePrivateThreads | PERMS.SendMessagesInThreads;

// ---------------------------------------------------------------------------
// Users, roles, channels, guilds as Discord serialises them

export const userJson = (id: string, extra: Json = {}): Json => ({
  id,
  username: `user${id.slice(-4)}`,
  discriminator: '0',
  global_name: null,
  avatar: null,
  public_flags: 0,
  ...extra,
});

export const BOT_USER = userJson(W.BOT_SELF, { username: 'Bothsides', bot: true });

/** Everyone who exists on "Discord"; all but NON_MEMBER are members of every guild. */
export const KNOWN_USERS: readonly Json[] = [
  userJson(W.MOD),
  userJson(W.MOD2),
  userJson(W.ADMIN),
  userJson(W.MEMBER),
  userJson(W.ALEX, { global_name: '@everyone' }),
  userJson(W.SAM, { global_name: '<@&400000000000000002>' }),
  userJson(W.ROBIN),
  userJson(W.BOT, { bot: true }),
  userJson(W.OTHER_BOT, { bot: true, system: false }),
  userJson(W.NON_MEMBER),
  BOT_USER,
];
const knownUser = new Map(KNOWN_USERS.map((u) => [String(u.id), u]));
const isMemberOfGuilds = (id: string): boolean => id !== W.NON_MEMBER;

const roleJson = (id: string, name: string, permissions: bigint, extra: Json = {}): Json => ({
  id,
  name,
  color: 0,
  colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
  hoist: false,
  icon: null,
  unicode_emoji: null,
  position: 1,
  permissions: permissions.toString(),
  managed: false,
  mentionable: false,
  flags: 0,
  ...extra,
});

function rolesOf(guildId: string, botPerms: bigint): Json[] {
  return [
    roleJson(guildId, '@everyone', PERMS.ViewChannel | PERMS.SendMessages, { position: 0 }),
    roleJson(W.STAFF_ROLE, 'Staff', PERMS.ManageMessages),
    roleJson(W.ADMIN_ROLE, 'Admin', PERMS.ManageGuild | PERMS.ManageMessages, { mentionable: guildId === W.GUILD }),
    roleJson(W.OTHER_ROLE, '@here', 0n),
    roleJson(W.BOT_ROLE, 'Bothsides', botPerms, { managed: true, tags: { bot_id: W.BOT_SELF } }),
  ];
}

const textChannel = (id: string, guildId: string, name: string, extra: Json = {}): Json => ({
  id,
  type: 0,
  guild_id: guildId,
  name,
  position: 0,
  permission_overwrites: [],
  nsfw: false,
  parent_id: null,
  topic: null,
  last_message_id: null,
  rate_limit_per_user: 0,
  flags: 0,
  ...extra,
});

const memberJson = (userId: string, roles: readonly string[], extra: Json = {}): Json => ({
  user: knownUser.get(userId) ?? userJson(userId),
  roles: [...roles],
  nick: null,
  avatar: null,
  banner: null,
  joined_at: '2024-01-01T00:00:00.000000+00:00',
  premium_since: null,
  deaf: false,
  mute: false,
  flags: 0,
  pending: false,
  communication_disabled_until: null,
  ...extra,
});

function guildJson(guildId: string, botPerms: bigint, channels: Json[]): Json {
  return {
    id: guildId,
    name: `Guild ${guildId.slice(-1)}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: W.ADMIN,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: rolesOf(guildId, botPerms),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 10,
    voice_states: [],
    members: [memberJson(W.BOT_SELF, [W.BOT_ROLE])],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Guilds in the bot's cache, as GUILD_CREATE sends them. */
export const CACHED_GUILDS: readonly Json[] = [
  guildJson(W.GUILD, BOT_NEEDS, [
    textChannel(W.ESCALATION_CHANNEL, W.GUILD, 'escalations'),
    textChannel(W.INTERVIEW_CHANNEL, W.GUILD, 'interviews'),
    textChannel(W.CASE_LOG_CHANNEL, W.GUILD, 'case-log'),
    textChannel(W.GENERAL_CHANNEL, W.GUILD, 'general'),
    { id: W.VOICE_CHANNEL, type: 2, guild_id: W.GUILD, name: 'voice', position: 1, permission_overwrites: [], bitrate: 64000, user_limit: 0, parent_id: null, rtc_region: null, flags: 0 },
    { id: W.CATEGORY_CHANNEL, type: 4, guild_id: W.GUILD, name: 'cases', position: 2, permission_overwrites: [], flags: 0 },
  ]),
  // The bot can see the channels but do nothing else; the interview channel is hidden from it.
  guildJson(W.POOR_GUILD, PERMS.ViewChannel, [
    textChannel(W.ESCALATION_CHANNEL.replace(/1$/, '7'), W.POOR_GUILD, 'escalations'),
    textChannel(W.POOR_GENERAL, W.POOR_GUILD, 'general'),
  ]),
];

// ---------------------------------------------------------------------------
// Seeded state

export type SeedSpec = {
  readonly otherGuildConfigured: boolean;
  readonly poorGuildConfigured: boolean;
  readonly caseLogChannel: boolean;
  /** Port failures that hit the interaction under test. */
  readonly threadOpenFails: null | 'missing-permissions' | 'missing-access' | 'unavailable' | 'unknown-channel';
  readonly dmsClosedFor: readonly string[];
  readonly notifyFails: null | 'missing-permissions' | 'missing-access' | 'unavailable';
  readonly threadPostFails: boolean;
  /** Adds case #6 in the main guild: everything at its longest (see BUSY_CASE_NUMBER). */
  readonly busyCase: boolean;
};

export const seedSpecArb: fc.Arbitrary<SeedSpec> = fc.record({
  otherGuildConfigured: fc.boolean(),
  poorGuildConfigured: fc.boolean(),
  caseLogChannel: fc.boolean(),
  threadOpenFails: fc.option(fc.constantFrom('missing-permissions', 'missing-access', 'unavailable', 'unknown-channel'), { freq: 4 }),
  dmsClosedFor: fc.subarray([W.ALEX, W.SAM, W.ROBIN, W.MEMBER, W.NON_MEMBER]),
  notifyFails: fc.option(fc.constantFrom('missing-permissions', 'missing-access', 'unavailable'), { freq: 4 }),
  threadPostFails: fc.boolean(),
  busyCase: fc.boolean(),
});

const must = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(`seeding refused: ${r.reason}`);
  return r.value;
};

/**
 * Seeds a guild: #1 open (Alex vs Sam), #2 escalated with sides recorded
 * (Robin vs Sam), #3 closed, #4 a personal-info case whose complainant has
 * no thread yet, #5 a case MOD is a party to.
 */
async function seedGuild(h: Harness, guildId: string): Promise<void> {
  const inGuild = { guildId };
  await h.open({ ...inGuild });
  const second = await h.open({ ...inGuild, actor: ACTORS.mod2, complainant: { id: W.ROBIN, isBot: false }, accused: { id: W.SAM, isBot: false }, realLife: true, category: 'stalking' });
  must(await addSide(h.deps, { guildId, actor: ACTORS.mod2, caseNumber: second.case.number, user: { id: W.ROBIN, isBot: false }, statement: 'Robin: he follows me to every room.', role: null }));
  must(await addSide(h.deps, { guildId, actor: ACTORS.mod2, caseNumber: second.case.number, user: { id: W.SAM, isBot: false }, statement: 'Sam: we just like the same rooms.', role: null }));
  must(await escalate(h.deps, { guildId, actor: ACTORS.mod2, caseNumber: second.case.number, reason: 'It has reached real life (mail, phone, address)', urgency: 'urgent' }));
  const third = await h.open({ ...inGuild, actor: ACTORS.mod2, complainant: { id: W.SAM, isBot: false }, accused: { id: W.ALEX, isBot: false }, category: 'other' });
  must(await closeCase(h.deps, { guildId, actor: ACTORS.mod2, caseNumber: third.case.number, outcome: 'no_action', reason: 'Sorted out.', oneSidedReason: 'Both left the server.' }));
  h.threads.failOpenFor(W.ALEX, 'missing-permissions');
  await h.open({ ...inGuild, actor: ACTORS.mod2, complainant: { id: W.ALEX, isBot: false }, accused: { id: W.ROBIN, isBot: false }, category: 'personal_info_exposed', exposureLocation: 'on_server' });
  h.threads.clearFailures();
  await h.open({ ...inGuild, actor: ACTORS.mod2, complainant: { id: W.MOD, isBot: false }, accused: { id: W.SAM, isBot: false } });
  // Members' reports waiting for staff: one about a member, one about a message.
  const answers = { whatHappened: 'He keeps DMing me after I blocked him.', since: 'last week', elsewhere: '', realLife: '', other: '' };
  must(await submitReport(h.deps, { guildId, reporterId: W.ALEX, reported: { id: W.SAM, isBot: false }, kind: 'user', answers, evidence: null }));
  must(
    await submitReport(h.deps, {
      guildId,
      reporterId: W.ROBIN,
      reported: { id: W.MEMBER, isBot: false },
      kind: 'message',
      answers: { ...answers, realLife: 'He sent a letter to my home.' },
      evidence: { messageId: '630000000000000001', channelId: W.GENERAL_CHANNEL, authorId: W.MEMBER, content: 'I know where you live', sentAt: new Date('2025-03-01T11:00:00Z'), attachments: [], link: `https://discord.com/channels/${guildId}/${W.GENERAL_CHANNEL}/630000000000000001` },
    }),
  );
}

/** A case that has seen a lot: long summary, several long statements per side, escalations, advice, notes. */
export const BUSY_CASE_NUMBER = 6;
async function seedBusyCase(h: Harness, guildId: string): Promise<void> {
  const actor = ACTORS.mod2;
  const opened = await h.open({ guildId, actor, complainant: { id: W.SAM, isBot: false }, accused: { id: W.ROBIN, isBot: false }, summary: `${'A long account of what happened. '.repeat(31)}`.slice(0, 1000) });
  const caseNumber = opened.case.number;
  for (const id of [W.SAM, W.ROBIN]) {
    for (let i = 0; i < 4; i++) must(await addSide(h.deps, { guildId, actor, caseNumber, user: { id, isBot: false }, statement: `Side ${i}: ${'and then it happened again. '.repeat(15)}`, role: null }));
  }
  for (let i = 0; i < 5; i++) must(await escalate(h.deps, { guildId, actor, caseNumber, reason: `Escalation ${i}: ${'the situation keeps getting worse. '.repeat(12)}`, urgency: 'normal' }));
  for (let i = 0; i < 8; i++) must(await sendSafeChat(h.deps, { guildId, actor, user: { id: W.SAM, isBot: false }, topic: 'all', caseNumber, force: true }));
  for (let i = 0; i < 6; i++) must(await addNote(h.deps, { guildId, actor, caseNumber, text: `Note ${i}: ${'staff discussed this at length. '.repeat(13)}` }));
}

export async function seed(h: Harness, spec: SeedSpec): Promise<void> {
  await h.configure(W.GUILD, spec.caseLogChannel ? { caseLogChannelId: W.CASE_LOG_CHANNEL } : {});
  await seedGuild(h, W.GUILD);
  if (spec.busyCase) await seedBusyCase(h, W.GUILD);
  if (spec.otherGuildConfigured) {
    await h.configure(W.OTHER_GUILD);
    await seedGuild(h, W.OTHER_GUILD);
  }
  if (spec.poorGuildConfigured) {
    await h.configure(W.POOR_GUILD, { interviewChannelId: W.INTERVIEW_CHANNEL.replace(/2$/, '8'), escalationChannelId: W.ESCALATION_CHANNEL.replace(/1$/, '7') });
    await seedGuild(h, W.POOR_GUILD);
  }
  if (spec.threadOpenFails) h.threads.failNextOpen(spec.threadOpenFails);
  for (const id of spec.dmsClosedFor) h.dms.closeDmsOf(id);
  if (spec.notifyFails) h.notifier.fail(spec.notifyFails);
  if (spec.threadPostFails) for (const t of SEEDED.threadIds) h.threads.failPostTo(t, 'missing-access');
}

/** Ids that seeding hands out (deterministic: the harness's id sequences), read from one dry run. */
export const SEEDED = await (async () => {
  const h = createHarness();
  await h.configure(W.GUILD);
  await seedGuild(h, W.GUILD);
  await seedBusyCase(h, W.GUILD);
  const escalationIds = h.cases.escalations.map((e) => e.id);
  const reportIds = (await h.reports.forGuild(W.GUILD).listOpen(0, 50)).items.map((r) => r.id);
  const threadIds = h.threads.opened.map((o) => o.threadId).filter((t): t is string => t !== null);
  const threadOwners = new Map(h.threads.opened.map((o) => [o.threadId ?? '', o.addresseeId]));
  const caseCount = h.cases.allCases.length;
  return { escalationIds, reportIds, threadIds, threadOwners, caseCount };
})();

// ---------------------------------------------------------------------------
// Where and who

export type Where = { readonly guildId: string | null; readonly channel: Json };
export type Who = { readonly userId: string; readonly roles: readonly string[]; readonly permissions: bigint };

export const snowflakeArb = fc.bigInt({ min: 10n ** 17n, max: 2n ** 63n - 1n }).map(String);

export const whereArb: fc.Arbitrary<Where> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Where>({ guildId: W.GUILD, channel: textChannel(W.GENERAL_CHANNEL, W.GUILD, 'general') }) },
  { weight: 2, arbitrary: fc.constant<Where>({ guildId: W.OTHER_GUILD, channel: textChannel('500000000000000029', W.OTHER_GUILD, 'general') }) },
  { weight: 2, arbitrary: fc.constant<Where>({ guildId: W.POOR_GUILD, channel: textChannel(W.POOR_GENERAL, W.POOR_GUILD, 'general') }) },
  { weight: 1, arbitrary: snowflakeArb.map((g): Where => ({ guildId: g, channel: textChannel('500000000000000039', g, 'general') })) },
  { weight: 1, arbitrary: fc.constant<Where>({ guildId: null, channel: { id: '600000000000000001', type: 1, last_message_id: null, flags: 0 } }) },
);

const roleIdArb = fc.constantFrom<string>(W.STAFF_ROLE, W.ADMIN_ROLE, W.OTHER_ROLE, W.BOT_ROLE, '400000000000000077');
export const whoArb: fc.Arbitrary<Who> = fc.record({
  userId: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<string>(W.MOD, W.MOD2, W.ADMIN, W.MEMBER) },
    { weight: 2, arbitrary: fc.constantFrom<string>(W.ALEX, W.SAM, W.ROBIN) },
    { weight: 1, arbitrary: snowflakeArb },
  ),
  roles: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom([W.STAFF_ROLE], [W.ADMIN_ROLE], [W.STAFF_ROLE, W.ADMIN_ROLE]) },
    { weight: 2, arbitrary: fc.constantFrom([], [W.OTHER_ROLE]) },
    { weight: 1, arbitrary: fc.uniqueArray(roleIdArb, { maxLength: 4 }) },
  ),
  permissions: fc.oneof(
    fc.constantFrom(0n, PERMS.ManageMessages, PERMS.ManageGuild | PERMS.ManageMessages, PERMS.Administrator, PERMS.ViewChannel | PERMS.SendMessages),
    fc.bigInt({ min: 0n, max: (1n << 50n) - 1n }),
  ),
});

// ---------------------------------------------------------------------------
// Payloads

let interactionCounter = 0n;

/** Fields every interaction has, in a guild (member) or a DM (user). */
export function basePayload(type: number, where: Where, who: Who): Json {
  interactionCounter += 1n;
  const common: Json = {
    id: (800000000000000000n + interactionCounter).toString(),
    application_id: APP_ID,
    type,
    token: `aW50ZXJhY3Rpb246${interactionCounter.toString(36)}`,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    channel_id: where.channel.id,
  };
  const user = knownUser.get(who.userId) ?? userJson(who.userId);
  if (where.guildId === null) {
    return { ...common, channel: { ...where.channel, recipients: [user] }, user, app_permissions: '0', authorizing_integration_owners: { '0': '0' }, context: 1 };
  }
  return {
    ...common,
    guild_id: where.guildId,
    guild: { id: where.guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { ...where.channel, permissions: who.permissions.toString() },
    member: { ...memberJson(who.userId, who.roles), permissions: who.permissions.toString() },
    app_permissions: (where.guildId === W.GUILD ? BOT_NEEDS : PERMS.ViewChannel).toString(),
    authorizing_integration_owners: { '0': where.guildId },
    context: 0,
  };
}

export function messageJson(m: { id: string; channelId: string; author: Json; content: string; embeds?: unknown[]; components?: unknown[]; flags?: number; guildId?: string | null }): Json {
  return {
    id: m.id,
    type: 0,
    channel_id: m.channelId,
    ...(m.guildId ? { guild_id: m.guildId } : {}),
    author: m.author,
    content: m.content,
    timestamp: '2025-03-01T12:00:00.000000+00:00',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: m.embeds ?? [],
    components: m.components ?? [],
    pinned: false,
    flags: m.flags ?? 0,
  };
}

// ---------------------------------------------------------------------------
// Text: what moderators (and attackers) type

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const PIECES = [
  '@everyone',
  '@here',
  '@\u200beveryone',
  `<@${W.MOD}>`,
  `<@!${W.ALEX}>`,
  `<@&${W.ADMIN_ROLE}>`,
  `<@&${W.GUILD}>`,
  `<#${W.INTERVIEW_CHANNEL}>`,
  '```',
  '`',
  '**',
  '||spoiler||',
  '\n',
  '\r\n',
  ' ',
  '\t',
  'https://example.org/rules',
  'http://x',
  'javascript:alert(1)',
  'discord.gg/abc',
  '\u202e',
  'e\u0301',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\ud83d',
  '\udc00',
  '\u0000',
  'ﷺ',
  '𒐫',
  '%s',
  '${x}',
  '\\',
  '"',
  "'",
  '<script>',
  ...ZERO_WIDTH,
];
const pieceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }) },
);

const codePoints = (s: string): number => [...s].length;
const clipCodePoints = (s: string, max: number): string => (codePoints(s) <= max ? s : [...s].slice(0, max).join(''));

/** Text Discord would accept for a string option of at most `max` characters (at least one). */
export function textArb(max: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.array(pieceArb, { minLength: 1, maxLength: 10 }).map((p) => p.join('')) },
      // Plain, sensible values: words, and links (the standards URL must be one).
      { weight: 2, arbitrary: fc.array(fc.constantFrom('Sam', 'keeps', 'following', 'Alex', 'into', 'every', 'room', 'and', 'DMs', 'after', 'a', 'block.'), { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')) },
      { weight: 2, arbitrary: fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true, withFragments: true }) },
      { weight: 1, arbitrary: fc.constantFrom(...ZERO_WIDTH, ' ', '\n', '   ', '\u200b\u200b') },
      // Right up to the limit, in code points (which may be twice as many UTF-16 units).
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', 'é', '👍', '\u200b', '@everyone ', 'x\n'), fc.integer({ min: Math.max(1, max - 3), max })).map(([p, n]) => clipCodePoints(p.repeat(n), n)) },
    )
    .map((s) => clipCodePoints(s, max))
    .filter((s) => s.length > 0);
}

/** Text over the limit, or empty: what a stale command registration could let through. */
export function overLongTextArb(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(''),
    fc.tuple(fc.constantFrom('a', ' ', '👍', '@everyone '), fc.integer({ min: max + 1, max: Math.min(max * 3, 6_000) })).map(([p, n]) => clipCodePoints(p.repeat(n), n)),
  );
}

// ---------------------------------------------------------------------------
// Command definitions, as registered with Discord

export type OptionDef = {
  readonly type: number;
  readonly name: string;
  readonly required?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly max_length?: number;
  readonly autocomplete?: boolean;
  readonly channel_types?: readonly number[];
  readonly options?: readonly OptionDef[];
};
export type CommandDef = { readonly name: string; readonly type?: number; readonly options?: readonly OptionDef[] };

export const COMMAND_DEFS = registry.commands.map((c) => c.data) as unknown as readonly CommandDef[];
export const SLASH_DEFS = COMMAND_DEFS.filter((d) => (d.type ?? 1) === 1);
export const MESSAGE_MENU_DEFS = COMMAND_DEFS.filter((d) => d.type === 3);
export const USER_MENU_DEFS = COMMAND_DEFS.filter((d) => d.type === 2);

export const OptionType = { Subcommand: 1, SubcommandGroup: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10, Attachment: 11 } as const;

/** How far generated options stray from the definition. */
export type Mode = 'valid' | 'range' | 'schema';

/** What a generated payload deliberately gets wrong, per option: for the report and the known-bug list. */
export type Deviation =
  | 'out-of-range'
  | 'over-long'
  | 'channel-type'
  | 'wrong-type'
  | 'missing-required'
  | 'out-of-choice'
  | 'unresolved'
  | 'unknown-option'
  | 'unknown-subcommand'
  | 'no-subcommand'
  | 'unknown-command';

export type Resolved = { users?: Record<string, Json>; members?: Record<string, Json>; roles?: Record<string, Json>; channels?: Record<string, Json> };

export type GeneratedOption = {
  readonly option: Json | null;
  readonly resolve: (resolved: Resolved, guildId: string | null) => void;
  readonly deviations: readonly { readonly option: string; readonly kind: Deviation }[];
};

const noResolve = (): void => {};

const USER_CHOICES = [W.MOD, W.MOD2, W.ADMIN, W.MEMBER, W.ALEX, W.SAM, W.ROBIN, W.BOT, W.OTHER_BOT, W.NON_MEMBER, W.BOT_SELF];
const userValueArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...USER_CHOICES) }, { weight: 1, arbitrary: snowflakeArb });

function resolveUser(id: string): (resolved: Resolved, guildId: string | null) => void {
  return (resolved, guildId) => {
    resolved.users ??= {};
    resolved.users[id] = knownUser.get(id) ?? userJson(id);
    if (guildId !== null && isMemberOfGuilds(id)) {
      resolved.members ??= {};
      const { user: _user, ...member } = memberJson(id, id === W.MOD || id === W.MOD2 ? [W.STAFF_ROLE] : id === W.ADMIN ? [W.ADMIN_ROLE] : []);
      resolved.members[id] = { ...member, permissions: '0' };
    }
  };
}

const ROLE_CHOICES = [W.STAFF_ROLE, W.ADMIN_ROLE, W.OTHER_ROLE, W.BOT_ROLE, W.GUILD];
const roleValueArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ROLE_CHOICES) }, { weight: 1, arbitrary: snowflakeArb });
function resolveRole(id: string): (resolved: Resolved, guildId: string | null) => void {
  return (resolved, guildId) => {
    resolved.roles ??= {};
    const everyone = id === guildId;
    resolved.roles[id] = roleJson(id, everyone ? '@everyone' : 'role', 0n, { position: everyone ? 0 : 1, managed: id === W.BOT_ROLE });
  };
}

const TEXT_CHANNEL_CHOICES = [W.ESCALATION_CHANNEL, W.INTERVIEW_CHANNEL, W.CASE_LOG_CHANNEL, W.GENERAL_CHANNEL];
const channelValueArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TEXT_CHANNEL_CHOICES) }, { weight: 1, arbitrary: snowflakeArb });
function resolveChannel(id: string, type: number): (resolved: Resolved, guildId: string | null) => void {
  return (resolved) => {
    resolved.channels ??= {};
    resolved.channels[id] = { id, type, name: `channel-${id.slice(-2)}`, permissions: (BOT_NEEDS | PERMS.ManageMessages).toString(), parent_id: type === 11 || type === 12 ? W.INTERVIEW_CHANNEL : null, flags: 0, ...(type === 11 || type === 12 ? { thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: '2025-03-01T12:00:00.000000+00:00', locked: false } } : {}) };
  };
}

const HUGE_INTS = [0, -1, -999_999_999, 1_000_000_000, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e15, 2 ** 53 + 2];

/** A value of the right type for `def`, within its limits (valid) or not (range). */
function valueArb(def: OptionDef, mode: 'valid' | 'range'): fc.Arbitrary<GeneratedOption> {
  const plain = (value: unknown, deviation: Deviation | null, resolve: GeneratedOption['resolve'] = noResolve): GeneratedOption => ({
    option: { name: def.name, type: def.type, value },
    resolve,
    deviations: deviation ? [{ option: def.name, kind: deviation }] : [],
  });
  switch (def.type) {
    case OptionType.String: {
      if (def.choices && def.choices.length > 0) return fc.constantFrom(...def.choices.map((c) => c.value)).map((v) => plain(v, null));
      const max = def.max_length ?? 6_000;
      if (mode === 'valid') return textArb(max).map((v) => plain(v, null));
      return fc.oneof({ weight: 2, arbitrary: textArb(max).map((v) => plain(v, null)) }, { weight: 1, arbitrary: overLongTextArb(max).map((v) => plain(v, 'over-long')) });
    }
    case OptionType.Integer:
    case OptionType.Number: {
      const min = def.min_value ?? -Number.MAX_SAFE_INTEGER;
      const max = def.max_value ?? Number.MAX_SAFE_INTEGER;
      const seeded = fc.integer({ min: Math.max(min, 1), max: Math.min(max, SEEDED.caseCount + 1) });
      const inRange = fc.oneof({ weight: 3, arbitrary: seeded }, { weight: 1, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
      if (mode === 'valid') return inRange.map((v) => plain(v, null));
      return fc.oneof(
        { weight: 2, arbitrary: inRange.map((v) => plain(v, null)) },
        { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...HUGE_INTS), fc.integer()).map((v) => plain(v, v < min || v > max ? 'out-of-range' : null)) },
      );
    }
    case OptionType.Boolean:
      return fc.boolean().map((v) => plain(v, null));
    case OptionType.User:
      return userValueArb.map((id) => plain(id, null, resolveUser(id)));
    case OptionType.Role:
      return roleValueArb.map((id) => plain(id, null, resolveRole(id)));
    case OptionType.Channel: {
      const allowed = def.channel_types ?? [0];
      const typeArb = mode === 'valid' ? fc.constantFrom(...allowed) : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constantFrom(2, 4, 5, 11, 12, 13, 15) });
      return fc.tuple(channelValueArb, typeArb).map(([id, type]) => plain(id, allowed.includes(type) ? null : 'channel-type', resolveChannel(id, type)));
    }
    default:
      return fc.constant(plain('x', null));
  }
}

/** Values of some other type than `def` wants (what an out-of-date registration could deliver). */
function wrongTypeArb(def: OptionDef): fc.Arbitrary<GeneratedOption> {
  return fc
    .tuple(
      fc.constantFrom(...[OptionType.String, OptionType.Integer, OptionType.Boolean, OptionType.User, OptionType.Role, OptionType.Number].filter((t) => t !== def.type)),
      fc.oneof(fc.constantFrom<unknown>('12', 'NaN', '', 'true', 1.5, -0.5, 0, 1, true, false, null, W.ALEX, W.STAFF_ROLE), textArb(50)),
    )
    .map(([type, value]) => ({ option: { name: def.name, type, value }, resolve: noResolve, deviations: [{ option: def.name, kind: 'wrong-type' as const }] }));
}

/** The right type, but not one of the choices, or a user/role/channel missing from `resolved`. */
function offSchemaValueArb(def: OptionDef): fc.Arbitrary<GeneratedOption> | null {
  if (def.choices && def.choices.length > 0) {
    const otherChoices = ['all', 'open', 'closed', 'witness', 'urgent', 'self_help', 'harassment', 'no_action', 'on_server', '-', 'Witness', 'OPEN', '__proto__', 'constructor', 'toString'];
    return fc
      .oneof(fc.constantFrom(...otherChoices), textArb(100), fc.constantFrom(...def.choices.map((c) => `${String(c.value)} `)))
      .filter((v) => !def.choices?.some((c) => c.value === v))
      .map((value) => ({ option: { name: def.name, type: def.type, value }, resolve: noResolve, deviations: [{ option: def.name, kind: 'out-of-choice' as const }] }));
  }
  if (def.type === OptionType.User || def.type === OptionType.Role || def.type === OptionType.Channel) {
    return fc
      .oneof(snowflakeArb, fc.constantFrom('abc', '', '0'))
      .map((value) => ({ option: { name: def.name, type: def.type, value }, resolve: noResolve, deviations: [{ option: def.name, kind: 'unresolved' as const }] }));
  }
  return null;
}

/** One option of a command (or null when absent). */
function optionArb(def: OptionDef, mode: Mode): fc.Arbitrary<GeneratedOption> {
  const absent: GeneratedOption = { option: null, resolve: noResolve, deviations: [] };
  if (mode !== 'schema') {
    const value = valueArb(def, mode);
    return def.required ? value : fc.oneof(fc.constant(absent), value);
  }
  const offSchema = offSchemaValueArb(def);
  return fc.oneof(
    { weight: 4, arbitrary: valueArb(def, 'range') },
    { weight: 1, arbitrary: fc.constant<GeneratedOption>(def.required ? { ...absent, deviations: [{ option: def.name, kind: 'missing-required' }] } : absent) },
    { weight: 1, arbitrary: wrongTypeArb(def) },
    ...(offSchema ? [{ weight: 2, arbitrary: offSchema }] : []),
  );
}

export type GeneratedCommand = {
  readonly data: Json;
  readonly resolve: (resolved: Resolved, guildId: string | null) => void;
  readonly deviations: readonly { readonly option: string; readonly kind: Deviation }[];
  /** command or command/subcommand, for the statistics. */
  readonly label: string;
};

/** The options of one command or subcommand, in a shuffled order, maybe with an unknown option. */
function optionListArb(defs: readonly OptionDef[], mode: Mode): fc.Arbitrary<{ options: Json[]; resolve: GeneratedOption['resolve']; deviations: GeneratedCommand['deviations'] }> {
  const unknownOption = fc.record({ name: fc.constantFrom('extra', 'case ', 'CASE', '__proto__'), type: fc.constantFrom(3, 4, 5), value: fc.constantFrom<unknown>('x', 1, true) });
  return fc
    .tuple(
      fc.tuple(...defs.map((d) => optionArb(d, mode))),
      mode === 'schema' ? fc.option(unknownOption, { freq: 3 }) : fc.constant(null),
      fc.boolean(),
    )
    .map(([generated, extra, reverse]) => {
      const present = generated.filter((g) => g.option !== null);
      const options = present.map((g) => g.option as Json);
      if (reverse) options.reverse();
      if (extra) options.push(extra);
      return {
        options,
        resolve: (resolved: Resolved, guildId: string | null) => present.forEach((g) => g.resolve(resolved, guildId)),
        deviations: [...generated.flatMap((g) => g.deviations), ...(extra ? [{ option: String(extra.name), kind: 'unknown-option' as const }] : [])],
      };
    });
}

/** A chat-input command drawn from its registered definition. */
function chatInputArb(def: CommandDef, mode: Mode): fc.Arbitrary<GeneratedCommand> {
  const subs = (def.options ?? []).filter((o) => o.type === OptionType.Subcommand);
  const base = { id: '700000000000000001', name: def.name, type: 1 };
  if (subs.length === 0) {
    return optionListArb(def.options ?? [], mode).map((o) => ({ data: { ...base, options: o.options }, resolve: o.resolve, deviations: o.deviations, label: def.name }));
  }
  const perSub = subs.map((sub) =>
    optionListArb(sub.options ?? [], mode).map(
      (o): GeneratedCommand => ({ data: { ...base, options: [{ type: OptionType.Subcommand, name: sub.name, options: o.options }] }, resolve: o.resolve, deviations: o.deviations, label: `${def.name} ${sub.name}` }),
    ),
  );
  if (mode !== 'schema') return fc.oneof(...perSub);
  const unknownSub = fc.constantFrom('delete', 'reopen', 'OPEN', '').map(
    (name): GeneratedCommand => ({ data: { ...base, options: [{ type: OptionType.Subcommand, name, options: [] }] }, resolve: noResolve, deviations: [{ option: name, kind: 'unknown-subcommand' }], label: `${def.name} ?` }),
  );
  const noSub = fc.constant<GeneratedCommand>({ data: { ...base, options: [] }, resolve: noResolve, deviations: [{ option: def.name, kind: 'no-subcommand' }], label: `${def.name} -` });
  return fc.oneof({ weight: 8, arbitrary: fc.oneof(...perSub) }, { weight: 1, arbitrary: unknownSub }, { weight: 1, arbitrary: noSub });
}

export function slashCommandArb(mode: Mode): fc.Arbitrary<GeneratedCommand> {
  // Weighted by subcommand count, so that every subcommand is drawn about as often.
  const known = SLASH_DEFS.map((d) => ({ weight: Math.max(1, (d.options ?? []).filter((o) => o.type === OptionType.Subcommand).length), arbitrary: chatInputArb(d, mode) }));
  if (mode !== 'schema') return fc.oneof(...known);
  const unknown = fc.oneof(fc.constantFrom('Record as statement', 'cases', 'Case', 'help'), fc.string({ minLength: 1, maxLength: 32 })).map(
    (name): GeneratedCommand => ({ data: { id: '700000000000000002', name, type: 1, options: [] }, resolve: noResolve, deviations: [{ option: name, kind: 'unknown-command' }], label: '?' }),
  );
  return fc.oneof({ weight: 12, arbitrary: fc.oneof(...known) }, { weight: 1, arbitrary: unknown });
}

/** INTERACTION_CREATE for a chat-input command. */
export function commandPayload(cmd: GeneratedCommand, where: Where, who: Who): Json {
  const resolved: Resolved = {};
  cmd.resolve(resolved, where.guildId);
  const data = { ...cmd.data, ...(Object.keys(resolved).length > 0 ? { resolved } : {}), ...(where.guildId ? { guild_id: where.guildId } : {}) };
  return { ...basePayload(2, where, who), data };
}

// ---------------------------------------------------------------------------
// Autocomplete

export const autocompleteArb: fc.Arbitrary<{ data: Json; label: string }> = fc
  .tuple(
    fc.constantFrom(...SLASH_DEFS),
    fc.oneof({ weight: 3, arbitrary: textArb(120) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', 'the', 'THE COMPLAINT LOOKS LEGITIMATE', ' It has reached real life (mail, phone, address) ', 'i am', 'x'.repeat(300)) }),
    fc.nat(),
  )
  .map(([def, typed, pick]) => {
    const subs = (def.options ?? []).filter((o) => o.type === OptionType.Subcommand);
    const sub = subs.length > 0 ? subs[pick % subs.length] : undefined;
    const defs = (sub ? sub.options : def.options) ?? [];
    const textual = defs.filter((o) => o.type === OptionType.String || o.type === OptionType.Integer);
    const focus = textual.find((o) => o.autocomplete) ?? textual[pick % Math.max(1, textual.length)];
    const options: Json[] = focus ? [{ name: focus.name, type: focus.type, value: typed, focused: true }] : [];
    const data = { id: '700000000000000001', name: def.name, type: 1, options: sub ? [{ type: 1, name: sub.name, options }] : options };
    return { data, label: `${def.name}${sub ? ` ${sub.name}` : ''} ${focus?.name ?? '-'}` };
  });

// ---------------------------------------------------------------------------
// Buttons and modals: ids of every custom-id kind (valid, near-valid, random)

/** Argument values that exist in the seeded world, mixed with arbitrary valid ones. */
const WORLD_ARG_VALUES: Partial<Record<Shape, fc.Arbitrary<string>>> = {
  uuid: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...SEEDED.escalationIds) },
    { weight: 2, arbitrary: fc.constantFrom(...SEEDED.reportIds) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`) },
  ),
  snowflake: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...USER_CHOICES, ...SEEDED.threadIds, W.GENERAL_CHANNEL) }, { weight: 1, arbitrary: snowflakeArb }),
  caseNumber: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: SEEDED.caseCount + 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 999_999_999 }) }).map(String),
  page: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 999_999 }) }).map(String),
};

const validComponentIdArb = fc.oneof(...KINDS.map((k) => validIdArb(k, WORLD_ARG_VALUES)));

const WEIRD_ID_PIECES = [':', '::', '', ' ', '\n', '\u200b', '👍', '%3A', '\uff1a', ...KINDS.map((k) => k.prefix), 'ESC-ACK', '-1', '0', '01', '1e3', 'NaN', 'null', '__proto__'];
export const randomIdArb = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.array(fc.oneof(fc.constantFrom(...WEIRD_ID_PIECES), fc.string({ maxLength: 8 })), { maxLength: 5 }).map((p) => p.join(':')),
  fc.string({ minLength: 101, maxLength: 400 }),
);

/** A custom id for a button or a modal: any kind, valid (mostly naming seeded things), near-valid or random. */
export const componentIdArb = fc.oneof(
  { weight: 4, arbitrary: validComponentIdArb },
  { weight: 3, arbitrary: mutatedIdArb(validComponentIdArb) },
  { weight: 2, arbitrary: fc.oneof(...KINDS.map((k) => nearArgsIdArb(k))) },
  { weight: 2, arbitrary: randomIdArb },
);

/** The message a button sits on: the escalation notice for Acknowledge, an ephemeral bot message otherwise. */
export function buttonMessage(customId: string, where: Where): Json {
  const id = '610000000000000001';
  if (customId.startsWith(`${customIds.acknowledge.prefix}:`)) {
    const embed = escalationEmbed({
      guildId: where.guildId ?? W.GUILD,
      caseNumber: 2,
      category: 'stalking',
      realLife: true,
      offPlatform: false,
      sidesHeard: { heard: 2, of: 2 },
      reason: 'It has reached real life (mail, phone, address)',
      urgency: 'urgent',
      escalatedById: W.MOD2,
      escalationId: SEEDED.escalationIds[0] ?? '',
      threadIds: SEEDED.threadIds.slice(0, 2),
    });
    return messageJson({ id, channelId: String(where.channel.id), guildId: where.guildId, author: BOT_USER, content: `<@&${W.ADMIN_ROLE}>`, embeds: [embed], components: [acknowledgeRow(en, SEEDED.escalationIds[0] ?? '', false)] });
  }
  const row = { type: 1, components: [{ type: 2, style: 2, label: 'Next', custom_id: customId.slice(0, 100) || 'x' }] };
  return messageJson({ id, channelId: String(where.channel.id), guildId: where.guildId, author: BOT_USER, content: '**Cases** (5) · page 1 of 1', components: [row], flags: 64 });
}

export function buttonPayload(customId: string, where: Where, who: Who): Json {
  return { ...basePayload(3, where, who), message: buttonMessage(customId, where), data: { custom_id: customId, component_type: 2 } };
}

/** What a string select sends: the bot's own option values (e.g. "personal_info_exposed:on_server"), near misses, anything. */
export const selectValuesArb: fc.Arbitrary<readonly string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CASE_CATEGORIES.flatMap((c) => [c, ...EXPOSURE_LOCATIONS.map((l) => `${c}:${l}`)])).map((v) => [v]) },
  { weight: 2, arbitrary: fc.array(fc.oneof(textArb(100), fc.constantFrom('harassment:', ':', 'personal_info_exposed', 'stalking:on_server:x', 'HARASSMENT', '__proto__')), { maxLength: 3 }) },
);

export function selectPayload(customId: string, values: readonly string[], where: Where, who: Who): Json {
  return { ...basePayload(3, where, who), message: buttonMessage(customId, where), data: { custom_id: customId, component_type: 3, values: [...values] } };
}

/**
 * Every text-input id the bot's modals use: the string constants that
 * src/discord/custom-ids.ts exports besides the codecs (a modal handler
 * reads its own and ignores the rest).
 */
export const MODAL_FIELD_IDS: readonly string[] = [
  ...new Set(
    Object.entries(customIdModule)
      .filter(([name]) => name !== 'customIds')
      .flatMap(([, v]: [string, unknown]) => (typeof v === 'string' ? [v] : typeof v === 'object' && v !== null ? Object.values(v).filter((x): x is string => typeof x === 'string') : [])),
  ),
];

export type ModalFields = { readonly layout: 'action-rows' | 'labels'; readonly values: readonly (string | null)[] };
const fieldValueArb = fc.oneof({ weight: 4, arbitrary: textArb(4_000) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u200b', '3', '#3', '-1', '999999999999') });
/** Every field filled in (an empty optional field comes as ''), as Discord sends a submitted form. */
export const modalFieldsArb: fc.Arbitrary<ModalFields> = fc.record({
  layout: fc.constantFrom<ModalFields['layout']>('action-rows', 'action-rows', 'labels'),
  values: fc.tuple(...MODAL_FIELD_IDS.map(() => fieldValueArb)),
});
/** A form that does not match: some fields missing (an older form of the same custom id). */
export const brokenModalFieldsArb: fc.Arbitrary<ModalFields> = fc.record({
  layout: fc.constantFrom<ModalFields['layout']>('action-rows', 'labels'),
  values: fc.tuple(...MODAL_FIELD_IDS.map(() => fc.option(fieldValueArb, { freq: 2 }))),
});

export function modalPayload(customId: string, fields: ModalFields, where: Where, who: Who): Json {
  const inputs = MODAL_FIELD_IDS.flatMap((fieldId, i) => {
    const value = fields.values[i];
    return value === null || value === undefined ? [] : [{ type: 4, id: i + 2, custom_id: fieldId, value }];
  });
  const components = fields.layout === 'labels' ? inputs.map((input, i) => ({ type: 18, id: 100 + i, component: input })) : inputs.map((input, i) => ({ type: 1, id: 100 + i, components: [input] }));
  return { ...basePayload(5, where, who), data: { custom_id: customId, components } };
}

// ---------------------------------------------------------------------------
// Message menus (e.g. "Record as statement") and user menus

export type MenuTarget = { readonly command: string; readonly threadId: string; readonly authorId: string; readonly content: string };
export const menuTargetArb: fc.Arbitrary<MenuTarget> = fc.record({
  command: fc.constantFrom(...MESSAGE_MENU_DEFS.map((d) => d.name)),
  threadId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SEEDED.threadIds) }, { weight: 1, arbitrary: fc.constantFrom<string>(W.INTERVIEW_CHANNEL, W.GENERAL_CHANNEL) }, { weight: 1, arbitrary: snowflakeArb }),
  authorId: fc.oneof({ weight: 2, arbitrary: fc.constant('thread-owner') }, { weight: 1, arbitrary: fc.constantFrom(...USER_CHOICES) }),
  content: fc.oneof({ weight: 4, arbitrary: textArb(2_000) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u200b') }, { weight: 1, arbitrary: textArb(4_000) }, { weight: 1, arbitrary: overLongTextArb(4_000) }),
});

export function messageMenuPayload(target: MenuTarget, where: Where, who: Who): Json {
  const authorId = target.authorId === 'thread-owner' ? (SEEDED.threadOwners.get(target.threadId) ?? W.ALEX) : target.authorId;
  const threadWhere: Where =
    where.guildId === null
      ? where
      : { guildId: where.guildId, channel: { id: target.threadId, type: 12, guild_id: where.guildId, parent_id: W.INTERVIEW_CHANNEL, name: 'case-1-interview-1', flags: 0, thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: '2025-03-01T12:00:00.000000+00:00', locked: false, invitable: false } } };
  const messageId = '620000000000000001';
  const message = messageJson({ id: messageId, channelId: String(threadWhere.channel.id), guildId: where.guildId, author: knownUser.get(authorId) ?? userJson(authorId), content: target.content });
  return {
    ...basePayload(2, threadWhere, who),
    data: { id: '700000000000000003', name: target.command, type: 3, target_id: messageId, resolved: { messages: { [messageId]: message } }, ...(where.guildId ? { guild_id: where.guildId } : {}) },
  };
}

/** INTERACTION_CREATE for a user context menu on `targetId`, if the bot registers any. */
export function userMenuPayload(command: string, targetId: string, where: Where, who: Who): Json {
  const resolved: Resolved = {};
  resolveUser(targetId)(resolved, where.guildId);
  return { ...basePayload(2, where, who), data: { id: '700000000000000004', name: command, type: 2, target_id: targetId, resolved, ...(where.guildId ? { guild_id: where.guildId } : {}) } };
}
export const userMenuArb: fc.Arbitrary<{ command: string; targetId: string }> | null =
  USER_MENU_DEFS.length === 0 ? null : fc.record({ command: fc.constantFrom(...USER_MENU_DEFS.map((d) => d.name)), targetId: userValueArb });
