import type { SlashCommandSubcommandBuilder } from 'discord.js';

/** The `case` number option, shared by every case subcommand. */
export const caseNumberOption = (b: SlashCommandSubcommandBuilder, description = 'Case number, as in #12'): SlashCommandSubcommandBuilder =>
  b.addIntegerOption((o) => o.setName('case').setDescription(description).setRequired(true).setMinValue(1).setMaxValue(999_999_999));
