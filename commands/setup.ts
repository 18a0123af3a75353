import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, channelMention, roleMention } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.js';
import { answer, callerOf } from '../src/discord/interaction-helpers.js';
import { missingBotPermissions } from '../src/discord/permission-check.js';
import { failureText } from '../src/messages/failure-texts.js';
import type { GuildSettings } from '../src/ports.js';
import { LANGUAGES } from '../src/i18n/languages.js';
import { translator, type T } from '../src/i18n/translate.js';
import { localized } from './localized.js';
import { choiceOption } from './options.js';
import { COMMUNITY_NAME_MAX, REMINDER_HOURS_MAX, RETENTION_DAYS_MAX, STALE_DAYS_MAX, FOLLOWUP_DAYS_MAX, STANDARDS_URL_MAX, configureGuild, showSettings } from '../src/services/setup.js';

const TEXT_CHANNELS = [ChannelType.GuildText] as const;

/** The language choices: each in its own words (Deutsch, Français…), the same for every reader. */
const LANGUAGE_CHOICES = LANGUAGES.map((language) => ({ name: translator(language)('language.name'), value: language }));

export const setupCommand = {
  kind: 'slash',
  defer: 'ephemeral',
  data: localized(new SlashCommandBuilder(), 'setup', 'commands.setup')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      localized(s, 'configure', 'commands.setup.configure')
        .addRoleOption((o) => localized(o, 'staff_role', 'commands.setup.configure.staff_role').setRequired(true))
        .addRoleOption((o) => localized(o, 'admin_role', 'commands.setup.configure.admin_role').setRequired(true))
        .addChannelOption((o) => localized(o, 'escalation_channel', 'commands.setup.configure.escalation_channel').setRequired(true).addChannelTypes(...TEXT_CHANNELS))
        .addChannelOption((o) => localized(o, 'interview_channel', 'commands.setup.configure.interview_channel').setRequired(true).addChannelTypes(...TEXT_CHANNELS))
        .addStringOption((o) => localized(o, 'community_name', 'commands.setup.configure.community_name').setRequired(true).setMaxLength(COMMUNITY_NAME_MAX))
        .addStringOption((o) => localized(o, 'standards_url', 'commands.setup.configure.standards_url').setRequired(true).setMaxLength(STANDARDS_URL_MAX))
        .addChannelOption((o) => localized(o, 'case_log_channel', 'commands.setup.configure.case_log_channel').addChannelTypes(...TEXT_CHANNELS))
        .addChannelOption((o) => localized(o, 'reports_channel', 'commands.setup.configure.reports_channel').addChannelTypes(...TEXT_CHANNELS))
        .addIntegerOption((o) => localized(o, 'retention_days', 'commands.setup.configure.retention_days').setMinValue(1).setMaxValue(RETENTION_DAYS_MAX))
        .addStringOption((o) => localized(o, 'language', 'commands.setup.configure.language').addChoices(...LANGUAGE_CHOICES))
        .addIntegerOption((o) =>
          localized(o, 'escalation_reminder_hours', 'commands.setup.configure.escalation_reminder_hours').setMinValue(0).setMaxValue(REMINDER_HOURS_MAX),
        )
        .addIntegerOption((o) => localized(o, 'stale_days', 'commands.setup.configure.stale_days').setMinValue(0).setMaxValue(STALE_DAYS_MAX))
        .addIntegerOption((o) => localized(o, 'followup_days', 'commands.setup.configure.followup_days').setMinValue(0).setMaxValue(FOLLOWUP_DAYS_MAX)),
    )
    .addSubcommand((s) => localized(s, 'show', 'commands.setup.show'))
    .toJSON(),
  async execute(interaction, { deps, t }) {
    const canManageGuild = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
    const guildId = callerOf(interaction).guildId;
    if (interaction.options.getSubcommand(true) === 'show') {
      const shown = await showSettings(deps, { guildId, canManageGuild });
      await answer(interaction, { content: shown.ok ? settingsText(t, shown.value, missingBotPermissions(t, interaction.guild, shown.value)) : failureText(t, shown) });
      return;
    }
    const o = interaction.options;
    const saved = await configureGuild(deps, {
      actorId: interaction.user.id,
      canManageGuild,
      guildLocale: interaction.guildLocale,
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
        language: choiceOption(interaction, 'language', LANGUAGES),
        escalationReminderHours: o.getInteger('escalation_reminder_hours'),
        staleDays: o.getInteger('stale_days'),
        followupDays: o.getInteger('followup_days'),
      },
    });
    await answer(interaction, {
      content: saved.ok ? `${t('setup.saved')}\n${settingsText(t, saved.value, missingBotPermissions(t, interaction.guild, saved.value))}` : failureText(t, saved),
    });
  },
} satisfies SlashCommand;

export function settingsText(t: T, s: GuildSettings, problems: readonly string[]): string {
  const lines = [
    t('setup.heading', { community: s.communityName }),
    t('setup.staffRole', { value: roleMention(s.staffRoleId) }),
    t('setup.adminRole', { value: roleMention(s.adminRoleId) }),
    t('setup.escalationChannel', { value: channelMention(s.escalationChannelId) }),
    t('setup.interviewChannel', { value: channelMention(s.interviewChannelId) }),
    t('setup.caseLogChannel', { value: s.caseLogChannelId ? channelMention(s.caseLogChannelId) : t('common.none') }),
    t('setup.reportsChannel', { value: reportsChannelText(t, s) }),
    t('setup.retention', { value: s.retentionDays === null ? t('setup.retentionForever') : t('setup.retentionDays', { count: s.retentionDays }) }),
    t('setup.standards', { value: s.standardsUrl }),
    t('setup.language', { value: translator(s.language)('language.name') }),
    t('setup.reminder', { value: s.escalationReminderHours === 0 ? t('setup.reminderOff') : t('setup.reminderHours', { count: s.escalationReminderHours }) }),
    t('setup.stale', { value: s.staleDays === 0 ? t('setup.staleOff') : t('staleDigest.days', { count: s.staleDays }) }),
    t('setup.followup', { value: s.followupDays === 0 ? t('setup.followupOff') : t('staleDigest.days', { count: s.followupDays }) }),
  ];
  if (problems.length > 0) lines.push('', t('setup.attention'), ...problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

function reportsChannelText(t: T, s: GuildSettings): string {
  if (s.reportsChannelId) return channelMention(s.reportsChannelId);
  if (s.caseLogChannelId) return t('setup.reportsIsCaseLog', { channel: channelMention(s.caseLogChannelId) });
  return t('setup.reportsNone');
}
