import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, userMention } from 'discord.js';
import { SAFE_CHAT_TOPICS } from '../src/domain/types.js';
import type { SlashCommand } from '../src/discord/command.js';
import { actorOf, answer, callerOf } from '../src/discord/interaction-helpers.js';
import { topicList } from '../src/messages/text-format.js';
import type { T } from '../src/i18n/translate.js';
import { choice, localized } from './localized.js';
import { failureText } from '../src/messages/failure-texts.js';
import { sendSafeChat, type SafeChatOutcome } from '../src/services/safechat.js';
import { choiceOption } from './options.js';

export const safechatCommand = {
  kind: 'slash',
  defer: 'ephemeral',
  data: localized(new SlashCommandBuilder(), 'safechat', 'commands.safechat')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) => localized(o, 'user', 'commands.safechat.user').setRequired(true))
    .addStringOption((o) =>
      localized(o, 'topic', 'commands.safechat.topic').addChoices(choice('safechatReply.allOfIt', 'all'), ...SAFE_CHAT_TOPICS.map((topic) => choice(`labels.topic.${topic}`, topic))),
    )
    .addIntegerOption((o) => localized(o, 'case', 'commands.safechat.case').setMinValue(1).setMaxValue(999_999_999))
    .addBooleanOption((o) => localized(o, 'force', 'commands.safechat.force'))
    .toJSON(),
  async execute(interaction, { deps, t }) {
    const user = interaction.options.getUser('user', true);
    const result = await sendSafeChat(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      user: { id: user.id, isBot: user.bot },
      topic: choiceOption(interaction, 'topic', ['all', ...SAFE_CHAT_TOPICS] as const) ?? 'fitting',
      caseNumber: interaction.options.getInteger('case'),
      force: interaction.options.getBoolean('force') ?? false,
    });
    await answer(interaction, { content: result.ok ? sentText(t, user.id, result.value) : failureText(t, result) });
  },
} satisfies SlashCommand;

export function sentText(t: T, userId: string, o: SafeChatOutcome): string {
  const topics = topicList(t, o.sent);
  const user = userMention(userId);
  const skipped = o.skipped.length > 0 ? t('safechatReply.notRepeated', { topics: topicList(t, o.skipped) }) : '';
  const d = o.delivery;
  if (d === null) return `${t('safechatReply.queued', { user, topics, queued: t('common.queued') })}${skipped}`;
  if (d.delivered && d.channel === 'dm') return `${t('safechatReply.sentByDm', { user, topics })}${skipped}`;
  const thread = o.caseNumber === null ? t('safechatReply.theirThread') : t('safechatReply.theirThreadOfCase', { number: o.caseNumber });
  if (d.delivered) return `${t('safechatReply.postedInThread', { user, topics, thread })}${skipped}`;
  return `${t(o.caseNumber === null ? 'safechatReply.undeliveredNoCase' : 'safechatReply.undelivered', { user })}${skipped}`;
}
