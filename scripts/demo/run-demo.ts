/**
 * `npm run demo`: the real bot (discord.js client, services, Prisma) against
 * the local Discord API and an in-memory embedded PostgreSQL, playing one
 * whole case. Needs no token and no database server. Prints what each person
 * saw: the moderator's private replies, each party's thread and DMs, the
 * admins' escalation channel.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Routes } from 'discord.js';
import { registry } from '../../commands/registry.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import type { Config } from '../../src/config/config.js';
import { commandPayloads } from '../../src/discord/command-payloads.js';
import { createLogger } from '../../src/logging/logger.js';
import { FakeDiscord, type InteractionHandle, type MessageView } from '../../test/e2e/fake-discord/index.js';
import type { OptionValue } from '../../test/e2e/fake-discord/interactions.js';
import { buttonIds } from '../../test/e2e/support/buttons.js';
import { seedCommunity, type Community } from '../../test/e2e/support/community.js';
import { deskConfig } from '../../test/e2e/support/desk-config.js';
import { renderMessage, type Names } from './transcript.js';
import { DEFAULT_LANGUAGE, type Language } from '../../src/i18n/languages.js';
import { translator } from '../../src/i18n/translate.js';

export type DemoSummary = {
  /** REST requests the bot sent, each validated against Discord's OpenAPI spec. */
  readonly requestsValidated: number;
  /** Requests the spec rejected (must be 0). */
  readonly violations: number;
  /** Messages each party could see at the end (their thread and DMs). */
  readonly seenBy: { readonly alex: readonly MessageView[]; readonly sam: readonly MessageView[] };
};

const ALEX_SIDE = 'Sam turns up in every channel I join and kept messaging me after I blocked them. I just want it to stop.';
const SAM_SIDE = 'I only joined the events channel for quiz night. I did not know Alex had blocked me.';

export async function runDemo(
  write: (line: string) => void,
  opts: {
    logLevel?: string;
    language?: Language;
    /** With the case desk: once the case is played, `keepOpen` runs (the demo waits on it) while the desk serves it. */
    web?: { readonly port?: number; readonly keepOpen: (deskUrl: string) => Promise<void> };
  } = {},
): Promise<DemoSummary> {
  const language = opts.language ?? DEFAULT_LANGUAGE;
  const fake = await FakeDiscord.start();
  const c = seedCommunity(fake, 'example-town');
  const names = namesOf(fake, c);
  const dataDir = await mkdtemp(join(tmpdir(), 'bothsides-demo-'));
  const config: Config = {
    discord: { token: fake.token, clientId: fake.applicationId, devGuildId: undefined, apiUrl: fake.apiUrl },
    database: { url: undefined, dataDir },
    logLevel: 'silent',
    ...(opts.web ? { web: await deskConfig(fake, opts.web.port) } : {}),
  };
  let bot: RunningBot | undefined;
  try {
    bot = await startBot(config, createLogger(opts.logLevel ?? 'silent'));
    await bot.client.rest.put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });
    write(`Bothsides demo: the real bot against a local Discord API, with ${bot.database.description}.`);
    write(`Server "${c.guild.name}": moderators Mo and Morgan, admin Ada, members Alex and Sam. Language: ${translator(language)('language.name')}.`);
    await playCase(fake, c, names, write, language);
    const summary: DemoSummary = {
      requestsValidated: fake.validatedCount,
      violations: fake.violations.length,
      seenBy: { alex: caseViewOf(fake, c, c.people.alex.id), sam: caseViewOf(fake, c, c.people.sam.id) },
    };
    write('');
    write(`${summary.requestsValidated} REST requests from the bot were checked against Discord's OpenAPI spec; ${summary.violations} failed.`);
    if (opts.web && bot.deskUrl) {
      // "Log in with Discord" on the local Discord API signs the browser in as Mo, a moderator of the server.
      fake.oauth.authorizeAs(c.people.mod.id);
      write('');
      write(`The case desk is up: open ${bot.deskUrl}/login in a browser (you are logged in as Mo, a moderator). Ctrl+C stops the demo.`);
      await opts.web.keepOpen(bot.deskUrl);
    }
    return summary;
  } finally {
    await bot?.stop();
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function playCase(fake: FakeDiscord, c: Community, names: DemoNames, write: (line: string) => void, language: Language): Promise<void> {
  const { owner, mod, admin, alex, sam } = c.people;
  const section = (title: string) => write(`\n== ${title}`);
  const say = (who: string, line: string) => write(`  ${who} ${line}`);
  const show = (label: string, messages: readonly MessageView[]) => {
    say('', label);
    for (const m of messages) write(renderMessage(m, names).join('\n'));
  };
  const run = async (userId: string, command: string, subcommand: string | undefined, options: Record<string, OptionValue>) => {
    say(`${names.users.get(userId) ?? userId} runs`, asTyped(fake, language, names, command, subcommand, options));
    const handle = await fake
      .slash(userId, c.guild.id, command, { ...(subcommand ? { subcommand } : {}), channelId: c.channels.staffRoom.id, options, locale: language })
      .settled({ timeoutMs: 15_000 });
    return expectReply(handle);
  };
  const reply = (handle: InteractionHandle) => show(`${handle.ephemeral ? 'only they see' : 'everyone in the channel sees'}:`, handle.reply ? [handle.reply] : []);
  const newIn = (channelId: string, before: number) => fake.messagesIn(channelId).slice(before);

  section('1. An admin of the server sets the bot up');
  reply(
    await run(owner.id, 'setup', 'configure', {
      staff_role: c.roles.staff.id,
      admin_role: c.roles.admin.id,
      escalation_channel: c.channels.escalations.id,
      interview_channel: c.channels.interviews.id,
      community_name: 'Example Town',
      standards_url: 'https://example.org/community-standards',
      language,
    }),
  );

  section('2. Alex tells a moderator that Sam follows them around; Mo opens a case');
  const opened = await run(mod.id, 'case', 'open', {
    complainant: alex.id,
    accused: sam.id,
    category: 'harassment',
    summary: 'Alex says Sam joins every channel they are in and keeps messaging them after being blocked.',
    off_platform: true,
  });
  const threads = fake.threadsUnder(c.channels.interviews.id);
  for (const t of threads) names.channels.set(t.id, t.name ?? t.id);
  reply(opened);
  const threadOf = (userId: string) => {
    const found = threads.find((t) => t.memberIds.includes(userId));
    if (!found) throw new Error('demo: a party has no interview thread');
    return found;
  };
  const alexThread = threadOf(alex.id);
  const samThread = threadOf(sam.id);
  show(`Alex's private thread #${alexThread.name} (members: ${memberNames(alexThread.memberIds, names)}):`, fake.messagesIn(alexThread.id));
  show(`Sam's private thread #${samThread.name} (members: ${memberNames(samThread.memberIds, names)}):`, fake.messagesIn(samThread.id));

  section('3. Both get safe-chat advice by DM');
  for (const who of [alex, sam]) {
    reply(await run(mod.id, 'safechat', undefined, { user: who.id, case: 1 }));
  }
  show("Alex's DMs from the bot:", fake.dmsOf(alex.id));

  section('4. Each side is heard, separately');
  const alexMessage = fake.addMessage(alexThread.id, alex.id, ALEX_SIDE);
  say('Alex writes in their thread:', ALEX_SIDE);
  say('Mo right-clicks it:', `Apps → ${translator(language)('commands.recordStatement.name')}`);
  reply(expectReply(await fake.messageContext(mod.id, 'Record as statement', alexMessage.id, { locale: language }).settled()));
  reply(await run(mod.id, 'case', 'addside', { case: 1, party: sam.id, statement: SAM_SIDE }));

  section('5. Mo escalates to the admins');
  const escalationsBefore = fake.messagesIn(c.channels.escalations.id).length;
  reply(await run(mod.id, 'case', 'escalate', { case: 1, reason: translator(language)('labels.escalationPreset.legitimate_complaint'), urgency: 'urgent' }));
  const [notice] = newIn(c.channels.escalations.id, escalationsBefore);
  if (!notice) throw new Error('demo: no escalation notice was posted');
  show('In #escalations, the admins see:', [notice]);

  section('6. Ada (admin) presses Acknowledge');
  const ackId = buttonIds(notice)[0];
  if (!ackId) throw new Error('demo: the escalation notice has no button');
  expectNoErrors(await fake.button(admin.id, ackId, { messageId: notice.id }).settled());
  show('The notice now reads:', [fake.messagesIn(c.channels.escalations.id)[escalationsBefore]!]);

  section('7. Mo reviews the case');
  reply(await run(mod.id, 'case', 'view', { case: 1 }));

  section('8. Mo closes the case');
  const alexBefore = fake.messagesIn(alexThread.id).length;
  const samBefore = fake.messagesIn(samThread.id).length;
  reply(await run(mod.id, 'case', 'close', { case: 1, outcome: 'advised_self_help', reason: 'Both advised to block and use other channels; no contact since.' }));
  show(`Alex's thread (now ${fake.channel(alexThread.id).locked ? 'archived and locked' : 'still open'}):`, newIn(alexThread.id, alexBefore));
  show(`Sam's thread (now ${fake.channel(samThread.id).locked ? 'archived and locked' : 'still open'}):`, newIn(samThread.id, samBefore));

  section('9. What each party could see, all along');
  for (const who of [alex, sam]) {
    const seen = caseViewOf(fake, c, who.id);
    const threadsSeen = fake.visibleTo(who.id).threads.map((t) => `#${t.name ?? t.id}`);
    say(`${names.users.get(who.id)}:`, `threads ${threadsSeen.join(', ')}; ${seen.length} messages from the bot (thread and DMs).`);
  }
  const samSees = JSON.stringify(caseViewOf(fake, c, sam.id).map((m) => m.json));
  const alexSees = JSON.stringify(caseViewOf(fake, c, alex.id).map((m) => m.json));
  const wall = !samSees.includes(alex.id) && !samSees.includes(ALEX_SIDE.slice(0, 30)) && !alexSees.includes(sam.id) && !alexSees.includes(SAM_SIDE.slice(0, 30));
  say('', wall ? "Neither ever saw the other's name, words or thread." : 'WARNING: a party saw something of the other side.');
}

/** The bot's messages a member can see: their threads and DMs. */
function caseViewOf(fake: FakeDiscord, c: Community, userId: string): MessageView[] {
  const view = fake.visibleTo(userId);
  const threadIds = new Set(view.threads.filter((t) => t.parentId === c.channels.interviews.id).map((t) => t.id));
  return view.messages.filter((m) => m.authorId === fake.botUser.id && (threadIds.has(m.channelId) || m.channelId === view.dmChannelId));
}

type DemoNames = Names & { readonly channels: Map<string, string> };

function namesOf(fake: FakeDiscord, c: Community): DemoNames {
  const { people, roles, channels } = c;
  return {
    users: new Map([
      [people.owner.id, 'Owner'],
      [people.mod.id, 'Mo'],
      [people.mod2.id, 'Morgan'],
      [people.admin.id, 'Ada'],
      [people.alex.id, 'Alex'],
      [people.sam.id, 'Sam'],
      [people.robin.id, 'Robin'],
      [people.member.id, 'Member'],
      [fake.botUser.id, 'Bothsides'],
    ]),
    roles: new Map([
      [roles.staff.id, 'Moderators'],
      [roles.admin.id, 'Admins'],
      [roles.manager.id, 'Managers'],
    ]),
    channels: new Map(Object.values(channels).map((ch) => [ch.id, ch.name ?? ch.id])),
  };
}

type RegisteredOption = {
  name: string;
  name_localizations?: Record<string, string>;
  choices?: { name: string; value: unknown; name_localizations?: Record<string, string> }[];
  options?: RegisteredOption[];
};

/**
 * A command as a moderator whose Discord is in `language` types and sees it:
 * the localized command, subcommand and option names, and each choice by its
 * name (`category:"Harassment: …"`), not its value.
 */
function asTyped(fake: FakeDiscord, language: Language, names: Names, command: string, subcommand: string | undefined, options: Record<string, OptionValue>): string {
  const local = (o: { name: string; name_localizations?: Record<string, string> } | undefined, fallback: string) => o?.name_localizations?.[language] ?? o?.name ?? fallback;
  const body = fake.commands.find((cmd) => cmd.name === command)?.body as RegisteredOption | undefined;
  const sub = subcommand === undefined ? undefined : body?.options?.find((o) => o.name === subcommand);
  const declared = (subcommand === undefined ? body : sub)?.options ?? [];
  const shown = Object.entries(options).map(([k, v]) => {
    const option = declared.find((o) => o.name === k);
    const chosen = option?.choices?.find((ch) => ch.value === v);
    const value = chosen ? JSON.stringify(local(chosen, JSON.stringify(v))) : typeof v === 'string' ? (mentionOf(v, names) ?? JSON.stringify(v)) : JSON.stringify(v);
    return `${local(option, k)}:${value}`;
  });
  return [`/${local(body, command)}`, ...(subcommand === undefined ? [] : [local(sub, subcommand)]), ...shown].join(' ');
}

/** How Discord's client shows a user, role or channel option. */
function mentionOf(id: string, names: Names): string | undefined {
  const user = names.users.get(id) ?? names.roles.get(id);
  if (user) return `@${user}`;
  const channel = names.channels.get(id);
  return channel ? `#${channel}` : undefined;
}

function memberNames(ids: readonly string[], names: Names): string {
  return ids.map((id) => names.users.get(id) ?? id).join(', ');
}

function expectReply(handle: InteractionHandle): InteractionHandle {
  expectNoErrors(handle);
  if (!handle.reply) throw new Error(`demo: interaction ${handle.id} got no reply`);
  return handle;
}

function expectNoErrors(handle: InteractionHandle): void {
  if (handle.errors.length > 0) throw new Error(`demo: interaction ${handle.id} failed: ${handle.errors.join('; ')}`);
}
