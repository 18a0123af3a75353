import { ActionRowBuilder, ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, ModalBuilder, PermissionFlagsBits, TextInputBuilder, TextInputStyle } from 'discord.js';
import { component, type MessageMenuCommand } from '../src/discord/command.js';
import { ARG_PATTERNS, customIds, REMOVE_KEEP_CASE_FIELD } from '../src/discord/custom-ids.js';
import { actorOf, answer, answerRefusal, callerOf } from '../src/discord/interaction-helpers.js';
import { discordFailureText } from '../src/messages/failure-texts.js';
import { removeAndKeep } from '../src/services/remove-and-keep.js';
import { menuName } from './localized.js';

/** The form asking which case the removed message belongs to. */
const removeKeepForm = component({
  kind: 'modal',
  customId: customIds.removeKeepForm,
  defer: 'ephemeral',
  stale: 'removeKeep.stale',
  async execute(interaction, [channelId, messageId], { deps, t }) {
    const typed = interaction.fields.getTextInputValue(REMOVE_KEEP_CASE_FIELD).trim().replace(/^#/, '');
    if (!ARG_PATTERNS.caseNumber.test(typed)) {
      await answer(interaction, { content: t('removeKeep.notNumber') });
      return;
    }
    const result = await removeAndKeep(deps, { guildId: callerOf(interaction).guildId, actor: actorOf(interaction), caseNumber: Number(typed), channelId, messageId });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { evidence, removal, caseNumber } = result.value;
    const kept = t('removeKeep.kept', { evidence: evidence.number, number: caseNumber, sha256: evidence.sha256 });
    await answer(interaction, {
      content: removal.removed ? `${kept}\n${t('removeKeep.removed')}` : `${kept}\n${t('removeKeep.notRemoved', { failure: discordFailureText(t, removal.reason, t('where.thisChannel')) })}`,
    });
  },
});

/** Message menu "Remove and keep" (staff): the message kept as evidence of a case, then deleted. */
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
        .setCustomId(customIds.removeKeepForm.build(m.channelId, m.id))
        .setTitle(t('removeKeep.title'))
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId(REMOVE_KEEP_CASE_FIELD)
              .setLabel(t('removeKeep.caseLabel'))
              .setStyle(TextInputStyle.Short)
              .setRequired(true)
              .setMaxLength(10)
              .setPlaceholder(t('removeKeep.casePlaceholder')),
          ),
        ),
    );
  },
  components: [removeKeepForm],
} satisfies MessageMenuCommand;
