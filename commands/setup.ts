import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, channelMention, roleMention } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.js';
import { answer, callerOf } from '../src/discord/interaction-helpers.js';
import { missingBotPermissions } from '../src/discord/permission-check.js';
import { failureText } from '../src/messages/failure-texts.js';
import type { GuildSettings } from '../src/ports.js';
import { COMMUNITY_NAME_MAX, RETENTION_DAYS_MAX, STANDARDS_URL_MAX, configureGuild, showSettings } from '../src/services/setup.js';

const TEXT_CHANNELS = [ChannelType.GuildText] as const;

export const setupCommand = {
  kind: 'slash',
  defer: 'ephemeral',
  data: new SlashCommandBuilder()
    .setName('setup')
    .setDescription('Configure Bothsides for this server')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('configure')
        .setDescription('Set the roles, channels and community details')
        .addRoleOption((o) => o.setName('staff_role').setDescription('Moderators who handle cases').setRequired(true))
        .addRoleOption((o) => o.setName('admin_role').setDescription('Admins pinged on escalation').setRequired(true))
        .addChannelOption((o) => o.setName('escalation_channel').setDescription('Where escalations are posted').setRequired(true).addChannelTypes(...TEXT_CHANNELS))
        .addChannelOption((o) =>
          o.setName('interview_channel').setDescription('Parent of the private interview threads (staff-only Manage Threads)').setRequired(true).addChannelTypes(...TEXT_CHANNELS),
        )
        .addStringOption((o) => o.setName('community_name').setDescription('Your community, as shown to members').setRequired(true).setMaxLength(COMMUNITY_NAME_MAX))
        .addStringOption((o) => o.setName('standards_url').setDescription('Link to your community standards / safety rules').setRequired(true).setMaxLength(STANDARDS_URL_MAX))
        .addChannelOption((o) => o.setName('case_log_channel').setDescription('Optional: where case activity is logged').addChannelTypes(...TEXT_CHANNELS))
        .addChannelOption((o) =>
          o.setName('reports_channel').setDescription("Optional, staff-only: where members' reports wait (default: the case-log channel)").addChannelTypes(...TEXT_CHANNELS),
        )
        .addIntegerOption((o) =>
          o.setName('retention_days').setDescription('Optional: delete closed cases this many days after closing (default: keep forever)').setMinValue(1).setMaxValue(RETENTION_DAYS_MAX),
        ),
    )
    .addSubcommand((s) => s.setName('show').setDescription('Show the current settings'))
    .toJSON(),
  async execute(interaction, { deps }) {
    const canManageGuild = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
    const guildId = callerOf(interaction).guildId;
    if (interaction.options.getSubcommand(true) === 'show') {
      const shown = await showSettings(deps, { guildId, canManageGuild });
      await answer(interaction, { content: shown.ok ? settingsText(shown.value, missingBotPermissions(interaction.guild, shown.value)) : failureText(shown) });
      return;
    }
    const o = interaction.options;
    const saved = await configureGuild(deps, {
      actorId: interaction.user.id,
      canManageGuild,
      settings: {
        guildId,
        staffRoleId: o.getRole('staff_role', true).id,
        adminRoleId: o.getRole('admin_role', true).id,
        escalationChannelId: o.getChannel('escalation_channel', true).id,
        interviewChannelId: o.getChannel('interview_channel', true).id,
        caseLogChannelId: o.getChannel('case_log_channel')?.id ?? null,
        reportsChannelId: o.getChannel('reports_channel')?.id ?? null,
        retentionDays: o.getInteger('retention_days'),
        communityName: o.getString('community_name', true),
        standardsUrl: o.getString('standards_url', true),
      },
    });
    await answer(interaction, {
      content: saved.ok ? `Settings saved.\n${settingsText(saved.value, missingBotPermissions(interaction.guild, saved.value))}` : failureText(saved),
    });
  },
} satisfies SlashCommand;

export function settingsText(s: GuildSettings, problems: readonly string[]): string {
  const lines = [
    `**Bothsides settings for ${s.communityName}**`,
    `- Staff role: ${roleMention(s.staffRoleId)}`,
    `- Admin (escalation) role: ${roleMention(s.adminRoleId)}`,
    `- Escalation channel: ${channelMention(s.escalationChannelId)}`,
    `- Interview channel: ${channelMention(s.interviewChannelId)}`,
    `- Case-log channel: ${s.caseLogChannelId ? channelMention(s.caseLogChannelId) : 'none'}`,
    `- Reports channel: ${reportsChannelText(s)}`,
    `- Closed cases kept: ${s.retentionDays === null ? 'forever' : `${s.retentionDays} days after closing (cases on legal hold are never deleted)`}`,
    `- Community standards: ${s.standardsUrl}`,
  ];
  if (problems.length > 0) lines.push('', '**Needs attention**', ...problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

function reportsChannelText(s: GuildSettings): string {
  if (s.reportsChannelId) return channelMention(s.reportsChannelId);
  if (s.caseLogChannelId) return `${channelMention(s.caseLogChannelId)} (the case-log channel)`;
  return 'none: members\' reports are kept, and listed by `/report list`, but not posted anywhere';
}
