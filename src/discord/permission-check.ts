import { PermissionFlagsBits, PermissionsBitField, type Guild } from 'discord.js';
import type { GuildSettings } from '../ports.js';

const NEEDS: readonly { channel: keyof GuildSettings; label: string; perms: readonly (keyof typeof PermissionFlagsBits)[] }[] = [
  { channel: 'interviewChannelId', label: 'interview channel', perms: ['ViewChannel', 'CreatePrivateThreads', 'SendMessagesInThreads', 'ManageThreads'] },
  { channel: 'escalationChannelId', label: 'escalation channel', perms: ['ViewChannel', 'SendMessages', 'EmbedLinks'] },
  { channel: 'caseLogChannelId', label: 'case-log channel', perms: ['ViewChannel', 'SendMessages', 'EmbedLinks'] },
];

/**
 * What the bot is missing in the configured channels, in words, from the
 * cached guild. Empty when all is well (or when the guild is not cached).
 */
export function missingBotPermissions(guild: Guild | null, settings: GuildSettings): string[] {
  const me = guild?.members.me;
  if (!guild || !me) return [];
  const problems: string[] = [];
  for (const need of NEEDS) {
    const id = settings[need.channel];
    if (typeof id !== 'string') continue;
    const channel = guild.channels.cache.get(id);
    if (!channel) {
      problems.push(`I cannot see the ${need.label}.`);
      continue;
    }
    const have = channel.permissionsFor(me) ?? new PermissionsBitField();
    const missing = need.perms.filter((p) => !have.has(PermissionFlagsBits[p]));
    if (missing.length > 0) problems.push(`In the ${need.label} I am missing: ${missing.map(spaced).join(', ')}.`);
  }
  const adminRole = guild.roles.cache.get(settings.adminRoleId);
  const canMentionAll = me.permissions.has(PermissionFlagsBits.MentionEveryone);
  if (adminRole && !adminRole.mentionable && !canMentionAll) {
    problems.push('I cannot ping the admin role: make it mentionable, or give me "Mention @everyone, @here and All Roles".');
  }
  return problems;
}

const spaced = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2');
