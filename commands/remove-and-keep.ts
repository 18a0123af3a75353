import {
  ActionRowBuilder,
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type ModalSubmitInteraction,
} from 'discord.js';
import { component, type CommandContext, type MessageMenuCommand } from '../src/discord/command.js';
import { ARG_PATTERNS, customIds, REMOVE_KEEP_FIELDS } from '../src/discord/custom-ids.js';
import { actorOf, answer, answerRefusal, callerOf } from '../src/discord/interaction-helpers.js';
import { SUMMARY_MAX } from '../src/domain/text-limits.js';
import { SNOWFLAKE } from '../src/domain/snowflake.js';
import type { T } from '../src/i18n/translate.js';
import { discordFailureText, failureText } from '../src/messages/failure-texts.js';
import { removeAndKeep, removeAndKeepInNewCase, type RemoveAndKeepOutcome } from '../src/services/remove-and-keep.js';
import { menuName } from './localized.js';

/** What was kept, and whether the message is gone. */
function keptText(t: T, { evidence, removal, caseNumber }: RemoveAndKeepOutcome): string {
  const kept = t('removeKeep.kept', { evidence: evidence.number, number: caseNumber, sha256: evidence.sha256 });
  return removal.removed ? `${kept}\n${t('removeKeep.removed')}` : `${kept}\n${t('removeKeep.notRemoved', { failure: discordFailureText(t, removal.reason, t('where.thisChannel')) })}`;
}

/** A member typed as an ID or a mention, or null. */
function typedMember(typed: string): string | null {
  const id = /^<@!?(\d+)>$/.exec(typed)?.[1] ?? typed;
  return SNOWFLAKE.test(id) ? id : null;
}

/** The new-case half of the form: who complained (a member of this server) and the summary; the author is the accused. */
async function intoNewCase(interaction: ModalSubmitInteraction, [channelId, messageId, authorId]: readonly string[], { deps, t }: CommandContext): Promise<void> {
  const typed = interaction.fields.getTextInputValue(REMOVE_KEEP_FIELDS.complainant).trim();
  const summary = interaction.fields.getTextInputValue(REMOVE_KEEP_FIELDS.summary);
  if (typed === '' || summary.trim() === '') return answer(interaction, { content: t('removeKeep.needNew') });
  const complainantId = typedMember(typed);
  if (complainantId === null) return answer(interaction, { content: t('removeKeep.complainantInvalid') });
  const complainant = await interaction.guild?.members.fetch(complainantId).catch(() => null);
  if (!complainant) return answer(interaction, { content: t('removeKeep.complainantUnknown') });
  const author = await interaction.client.users.fetch(authorId!).catch(() => null);
  const result = await removeAndKeepInNewCase(deps, {
    ...callerOf(interaction),
    channelId: channelId!,
    messageId: messageId!,
    complainant: { id: complainant.id, isBot: complainant.user.bot },
    author: { id: authorId!, isBot: author?.bot ?? false },
    summary,
  });
  if (!result.ok) return answerRefusal(interaction, t, result);
  const { caseNumber, kept } = result.value;
  const opened = t('removeKeep.opened', { number: caseNumber });
  await answer(interaction, { content: kept.ok ? `${opened}\n${keptText(t, kept.value)}` : `${opened}\n${t('removeKeep.openedNotKept', { failure: failureText(t, kept) })}` });
}

/** The form: the case the removed message belongs to, or who complained and a summary to open a new one about its author. */
const removeKeepForm = component({
  kind: 'modal',
  customId: customIds.removeKeepForm,
  defer: 'ephemeral',
  stale: 'removeKeep.stale',
  async execute(interaction, args, ctx) {
    const { deps, t } = ctx;
    const typed = interaction.fields.getTextInputValue(REMOVE_KEEP_FIELDS.case).trim().replace(/^#/, '');
    const newCaseGiven = [REMOVE_KEEP_FIELDS.complainant, REMOVE_KEEP_FIELDS.summary].some((f) => interaction.fields.getTextInputValue(f).trim() !== '');
    if (typed === '') return intoNewCase(interaction, args, ctx);
    if (newCaseGiven) return answer(interaction, { content: t('removeKeep.both') });
    if (!ARG_PATTERNS.caseNumber.test(typed)) return answer(interaction, { content: t('removeKeep.notNumber') });
    const [channelId, messageId] = args;
    const result = await removeAndKeep(deps, { guildId: callerOf(interaction).guildId, actor: actorOf(interaction), caseNumber: Number(typed), channelId, messageId });
    if (!result.ok) return answerRefusal(interaction, t, result);
    await answer(interaction, { content: keptText(t, result.value) });
  },
});

const field = (id: string, label: string, style: TextInputStyle, maxLength: number, placeholder: string) =>
  new ActionRowBuilder<TextInputBuilder>().addComponents(
    new TextInputBuilder().setCustomId(id).setLabel(label).setStyle(style).setRequired(false).setMaxLength(maxLength).setPlaceholder(placeholder),
  );

/** Message menu "Remove and keep" (staff): the message kept as evidence of a case (or of a new one), then deleted. */
export const removeAndKeepCommand = {
  kind: 'message-menu',
  defer: 'manual',
  data: menuName(new ContextMenuCommandBuilder(), 'commands.removeAndKeep.name')
    .setType(ApplicationCommandType.Message)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, { t }) {
    const m = interaction.targetMessage;
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(customIds.removeKeepForm.build(m.channelId, m.id, m.author.id))
        .setTitle(t('removeKeep.title'))
        .addComponents(
          field(REMOVE_KEEP_FIELDS.case, t('removeKeep.caseLabel'), TextInputStyle.Short, 10, t('removeKeep.casePlaceholder')),
          field(REMOVE_KEEP_FIELDS.complainant, t('removeKeep.complainantLabel'), TextInputStyle.Short, 40, t('removeKeep.complainantPlaceholder')),
          field(REMOVE_KEEP_FIELDS.summary, t('removeKeep.summaryLabel'), TextInputStyle.Paragraph, SUMMARY_MAX, t('removeKeep.summaryPlaceholder')),
        ),
    );
  },
  components: [removeKeepForm],
} satisfies MessageMenuCommand;
