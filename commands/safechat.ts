import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, userMention } from 'discord.js';
import { SAFE_CHAT_TOPICS } from '../src/domain/types.js';
import type { SlashCommand } from '../src/discord/command.js';
import { actorOf, answer, callerOf } from '../src/discord/interaction-helpers.js';
import { TOPIC_LABELS } from '../src/messages/labels.js';
import { failureText, QUEUED_TEXT } from '../src/messages/failure-texts.js';
import { sendSafeChat, type SafeChatOutcome } from '../src/services/safechat.js';
import { choiceOption } from './options.js';

export const safechatCommand = {
  kind: 'slash',
  defer: 'ephemeral',
  data: new SlashCommandBuilder()
    .setName('safechat')
    .setDescription('DM a member advice for chatting safely')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .addUserOption((o) => o.setName('user').setDescription('Who gets the advice').setRequired(true))
    .addStringOption((o) =>
      o
        .setName('topic')
        .setDescription('Which advice (default: all)')
        .addChoices({ name: 'All of it', value: 'all' }, ...SAFE_CHAT_TOPICS.map((t) => ({ name: TOPIC_LABELS[t], value: t }))),
    )
    .addIntegerOption((o) => o.setName('case').setDescription('The case this is for, if any').setMinValue(1).setMaxValue(999_999_999))
    .addBooleanOption((o) => o.setName('force').setDescription('Send even if the same advice went out in the last 10 minutes'))
    .toJSON(),
  async execute(interaction, { deps }) {
    const user = interaction.options.getUser('user', true);
    const result = await sendSafeChat(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      user: { id: user.id, isBot: user.bot },
      topic: choiceOption(interaction, 'topic', ['all', ...SAFE_CHAT_TOPICS] as const) ?? 'all',
      caseNumber: interaction.options.getInteger('case'),
      force: interaction.options.getBoolean('force') ?? false,
    });
    await answer(interaction, { content: result.ok ? sentText(user.id, result.value) : failureText(result) });
  },
} satisfies SlashCommand;

export function sentText(userId: string, o: SafeChatOutcome): string {
  const topics = o.sent.map((t) => TOPIC_LABELS[t]).join(', ');
  const skipped = o.skipped.length > 0 ? `\nNot repeated (sent less than 10 minutes ago): ${o.skipped.map((t) => TOPIC_LABELS[t]).join(', ')}.` : '';
  const d = o.delivery;
  if (d === null) return `The safe-chat advice for ${userMention(userId)} (${topics}): ${QUEUED_TEXT}${skipped}`;
  if (d.delivered && d.channel === 'dm') return `Safe-chat advice sent to ${userMention(userId)} by DM: ${topics}.${skipped}`;
  const thread = o.caseNumber === null ? 'their interview thread' : `their interview thread of case #${o.caseNumber}`;
  if (d.delivered) return `${userMention(userId)} does not accept DMs, so the advice (${topics}) was posted in ${thread} instead.${skipped}`;
  return `The advice could not be delivered to ${userMention(userId)}: they do not accept DMs and have no interview thread${o.caseNumber === null ? ' (give `case:` if they are part of one)' : ''}. The attempt is recorded. Please pass the advice on another way, for example in a channel they can read.${skipped}`;
}

