import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder, AutocompleteInteraction } from 'discord.js';
import type { CommandContext, ComponentHandler } from '../src/discord/command.js';
import type { CommandTextKey } from '../src/i18n/translate.js';

/** One subcommand of a grouped slash command such as /case. */
export type Subcommand = {
  readonly name: string;
  /** Its name and description in the catalogue (`commands.case.open`); the English name must be `name`. */
  readonly key: CommandTextKey;
  /** Adds the options (the name and description are set from `key`). */
  readonly build: (builder: SlashCommandSubcommandBuilder) => SlashCommandSubcommandBuilder;
  /** 'ephemeral': deferred before execute. 'manual': execute answers itself (e.g. with a modal). */
  readonly defer: 'ephemeral' | 'manual';
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** The buttons, menus and forms this subcommand's replies carry. */
  readonly components?: readonly ComponentHandler[];
};
