import { PermissionFlagsBits, PermissionsBitField, type Guild } from 'discord.js';
import type { GuildSettings } from '../ports.js';

type PermissionName = keyof typeof PermissionFlagsBits;

export const INTERVIEW_CHANNEL_NEEDS: readonly PermissionName[] = ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads', 'ManageThreads'];
const POSTING_CHANNEL_NEEDS: readonly PermissionName[] = ['ViewChannel', 'SendMessages', 'EmbedLinks'];

const NEEDS: readonly {
  channel: 'interviewChannelId' | 'escalationChannelId' | 'caseLogChannelId' | 'reportsChannelId';
  label: string;
  perms: readonly PermissionName[];
}[] = [
  { channel: 'interviewChannelId', label: 'interview channel', perms: INTERVIEW_CHANNEL_NEEDS },
  { channel: 'escalationChannelId', label: 'escalation channel', perms: POSTING_CHANNEL_NEEDS },
  { channel: 'caseLogChannelId', label: 'case-log channel', perms: POSTING_CHANNEL_NEEDS },
  { channel: 'reportsChannelId', label: 'reports channel', perms: POSTING_CHANNEL_NEEDS },
];

const spaced = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2');

/**
 * The permissions from `needed` that the bot lacks in a channel, by their
 * names as Discord shows them ("Create Private Threads"). From the cached
 * guild: null when the guild or channel is not in the cache.
 */
export function missingPermissionsIn(guild: Guild | null, channelId: string, needed: readonly PermissionName[]): string[] | null {
  const me = guild?.members.me;
  const channel = guild?.channels.cache.get(channelId);
  if (!me || !channel) return null;
  const have = channel.permissionsFor(me) ?? new PermissionsBitField();
  return needed.filter((p) => !have.has(PermissionFlagsBits[p])).map(spaced);
}

/**
 * Everything the bot is missing in the configured channels, in words. Empty
 * when all is well (or when the guild is not cached).
 */
export function missingBotPermissions(guild: Guild | null, settings: GuildSettings): string[] {
  const me = guild?.members.me;
  if (!guild || !me) return [];
  const problems: string[] = [];
  for (const need of NEEDS) {
    const id = settings[need.channel];
    if (id === null) continue;
    const missing = missingPermissionsIn(guild, id, need.perms);
    if (missing === null) problems.push(`I cannot see the ${need.label}.`);
    else if (missing.length > 0) problems.push(`In the ${need.label} I am missing: ${missing.join(', ')}.`);
  }
  const adminRole = guild.roles.cache.get(settings.adminRoleId);
  if (adminRole && !adminRole.mentionable && !me.permissions.has(PermissionFlagsBits.MentionEveryone)) {
    problems.push('I cannot ping the admin role: make it mentionable, or give me "Mention @everyone, @here and All Roles".');
  }
  return problems;
}
