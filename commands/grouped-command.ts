import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../src/discord/command.js';
import type { Subcommand } from './subcommand.js';
import type { CommandTextKey } from '../src/i18n/translate.js';
import { localized } from './localized.js';

/** Builds one slash command out of subcommand files, dispatching by name. */
export function groupedCommand(
  name: string,
  key: CommandTextKey,
  /** Who sees the command by default; the staff role is still checked on every use. */
  permission: bigint,
  subcommands: readonly Subcommand[],
): SlashCommand {
  const builder = localized(new SlashCommandBuilder(), name, key).setDefaultMemberPermissions(permission).setContexts(InteractionContextType.Guild);
  for (const sub of subcommands) builder.addSubcommand((b) => sub.build(localized(b, sub.name, sub.key)));
  const byName = new Map(subcommands.map((s) => [s.name, s]));
  return {
    kind: 'slash',
    data: builder.toJSON(),
    defer: 'manual',
    components: subcommands.flatMap((s) => s.components ?? []),
    async execute(interaction, ctx) {
      const sub = byName.get(interaction.options.getSubcommand(true));
      if (!sub) {
        await interaction.reply({ content: ctx.t('errors.unknownSubcommand'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
        return;
      }
      if (sub.defer === 'ephemeral') await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await sub.execute(interaction, ctx);
    },
    async autocomplete(interaction, ctx) {
      const sub = byName.get(interaction.options.getSubcommand(true));
      if (sub?.autocomplete) await sub.autocomplete(interaction, ctx);
      else await interaction.respond([]);
    },
  };
}
