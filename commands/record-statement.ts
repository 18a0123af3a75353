import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { MessageMenuCommand } from '../src/discord/command.js';
import { actorOf, answer, callerOf } from '../src/discord/interaction-helpers.js';
import { failureText } from '../src/messages/failure-texts.js';
import { recordMessageAsStatement } from '../src/services/side-recording.js';

/** Message menu "Record as statement": a party's own message in their thread becomes their side. */
export const recordStatementCommand = {
  kind: 'message-menu',
  defer: 'ephemeral',
  data: new ContextMenuCommandBuilder()
    .setName('Record as statement')
    .setType(ApplicationCommandType.Message)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, { deps }) {
    const m = interaction.targetMessage;
    const result = await recordMessageAsStatement(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      channelId: interaction.channelId,
      message: { id: m.id, authorId: m.author.id, content: m.content, url: m.url },
    });
    await answer(interaction, {
      content: result.ok ? `Recorded this message as a statement in case #${result.value.caseNumber}.` : failureText(result),
    });
  },
} satisfies MessageMenuCommand;
