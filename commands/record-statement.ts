import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { MessageMenuCommand } from '../src/discord/command.js';
import { actorOf, answer, callerOf } from '../src/discord/interaction-helpers.js';
import { failureText } from '../src/messages/failure-texts.js';
import { recordMessageAsStatement } from '../src/services/side-recording.js';
import { menuName } from './localized.js';

/** Message menu "Record as statement": a party's own message in their thread becomes their side. */
export const recordStatementCommand = {
  kind: 'message-menu',
  defer: 'ephemeral',
  data: menuName(new ContextMenuCommandBuilder(), 'commands.recordStatement.name')
    .setType(ApplicationCommandType.Message)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, { deps, t }) {
    const m = interaction.targetMessage;
    const result = await recordMessageAsStatement(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      channelId: interaction.channelId,
      message: { id: m.id, authorId: m.author.id, content: m.content, url: m.url },
    });
    await answer(interaction, {
      content: result.ok ? t('caseRecord.statementRecorded', { number: result.value.caseNumber }) : failureText(t, result),
    });
  },
} satisfies MessageMenuCommand;
