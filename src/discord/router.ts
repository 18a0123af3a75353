import { MessageFlags, type Interaction } from 'discord.js';
import type { Logger } from '../logging/logger.js';
import type { Command, CommandContext, ComponentHandler } from './command.js';
import { withErrorBoundary } from './error-boundary.js';

export type Registry = { readonly commands: readonly Command[]; readonly components: readonly ComponentHandler[] };

const STALE = 'This button or form is no longer valid. Please run the command again.';

/**
 * Finds the handler for an interaction and runs it inside the error
 * boundary. Commands are only served in servers: Bothsides has no DM use.
 */
export function createRouter(registry: Registry, ctx: CommandContext, logger: Logger): (interaction: Interaction) => Promise<void> {
  const commands = new Map(registry.commands.map((c) => [c.data.name, c]));
  const components = new Map(registry.components.map((c) => [`${c.kind}:${c.prefix}`, c]));

  return (interaction) =>
    withErrorBoundary(interaction, logger, async () => {
      if (!interaction.inGuild()) {
        if (interaction.isRepliable()) {
          await interaction.reply({ content: 'Bothsides works inside a server only.', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
        }
        return;
      }
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind === 'slash' && command.autocomplete) await command.autocomplete(interaction, ctx);
        else await interaction.respond([]);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind !== 'slash') return answerUnknown(interaction);
        if (command.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await command.execute(interaction, ctx);
        return;
      }
      if (interaction.isMessageContextMenuCommand()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind !== 'message-menu') return answerUnknown(interaction);
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await command.execute(interaction, ctx);
        return;
      }
      if (interaction.isButton() || interaction.isModalSubmit()) {
        const prefix = interaction.customId.split(':')[0] ?? '';
        const handler = components.get(`${interaction.isButton() ? 'button' : 'modal'}:${prefix}`);
        if (!handler) return answerUnknown(interaction);
        if (handler.kind === 'button' && interaction.isButton()) await handler.execute(interaction, ctx);
        else if (handler.kind === 'modal' && interaction.isModalSubmit()) await handler.execute(interaction, ctx);
      }
    });
}

async function answerUnknown(interaction: Interaction): Promise<void> {
  if (interaction.isRepliable()) {
    await interaction.reply({ content: STALE, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}
