import { PermissionFlagsBits, PermissionsBitField, type Guild } from 'discord.js';
import type { GuildSettings } from '../ports.js';
import type { T } from '../i18n/translate.js';

/** The permissions the bot needs, by discord.js's names; their words are in the catalogue (`permissions.*`). */
type PermissionName = 'ViewChannel' | 'CreatePrivateThreads' | 'SendMessagesInThreads' | 'ManageThreads' | 'SendMessages' | 'EmbedLinks';

export const INTERVIEW_CHANNEL_NEEDS: readonly PermissionName[] = ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads', 'ManageThreads'];
const POSTING_CHANNEL_NEEDS: readonly PermissionName[] = ['ViewChannel', 'SendMessages', 'EmbedLinks'];

const NEEDS: readonly {
  channel: 'interviewChannelId' | 'escalationChannelId' | 'caseLogChannelId' | 'reportsChannelId';
  label: 'channelInterview' | 'channelEscalation' | 'channelCaseLog' | 'channelReports';
  perms: readonly PermissionName[];
}[] = [
  { channel: 'interviewChannelId', label: 'channelInterview', perms: INTERVIEW_CHANNEL_NEEDS },
  { channel: 'escalationChannelId', label: 'channelEscalation', perms: POSTING_CHANNEL_NEEDS },
  { channel: 'caseLogChannelId', label: 'channelCaseLog', perms: POSTING_CHANNEL_NEEDS },
  { channel: 'reportsChannelId', label: 'channelReports', perms: POSTING_CHANNEL_NEEDS },
];

/**
 * The permissions from `needed` that the bot lacks in a channel, by their
 * names as Discord shows them in the reader's language ("Create Private
 * Threads"). From the cached guild: null when the guild or channel is not
 * in the cache.
 */
export function missingPermissionsIn(t: T, guild: Guild | null, channelId: string, needed: readonly PermissionName[]): string[] | null {
  const me = guild?.members.me;
  const channel = guild?.channels.cache.get(channelId);
  if (!me || !channel) return null;
  const have = channel.permissionsFor(me) ?? new PermissionsBitField();
  return needed.filter((p) => !have.has(PermissionFlagsBits[p])).map((p) => t(`permissions.${p}`));
}

/**
 * Everything the bot is missing in the configured channels, in words. Empty
 * when all is well (or when the guild is not cached).
 */
export function missingBotPermissions(t: T, guild: Guild | null, settings: GuildSettings): string[] {
  const me = guild?.members.me;
  if (!guild || !me) return [];
  const problems: string[] = [];
  for (const need of NEEDS) {
    const id = settings[need.channel];
    if (id === null) continue;
    const missing = missingPermissionsIn(t, guild, id, need.perms);
    const channel = t(`setup.${need.label}`);
    if (missing === null) problems.push(t('setup.cannotSee', { channel }));
    else if (missing.length > 0) problems.push(t('setup.missingIn', { channel, permissions: missing.join(t('common.listSeparator')) }));
  }
  const adminRole = guild.roles.cache.get(settings.adminRoleId);
  if (adminRole && !adminRole.mentionable && !me.permissions.has(PermissionFlagsBits.MentionEveryone)) {
    problems.push(t('setup.cannotPingAdmins'));
  }
  return problems;
}
