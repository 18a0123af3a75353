import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from 'discord.js';
import { OutOfDateInput } from '../src/discord/error-boundary.js';
import { localized } from './localized.js';

/** The `case` number option, shared by every case subcommand. */
export const caseNumberOption = (b: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder =>
  b.addIntegerOption((o) => localized(o, 'case', 'commands.case.caseOption').setRequired(true).setMinValue(1).setMaxValue(999_999_999));

/**
 * A string option limited to `allowed` (its registered choices). A value
 * outside them means Discord holds an older definition of the command:
 * the error boundary then asks for the commands to be registered again.
 */
export function choiceOption<T extends string>(interaction: ChatInputCommandInteraction, name: string, allowed: readonly T[]): T | null {
  const value = interaction.options.getString(name);
  if (value === null) return null;
  if (!(allowed as readonly string[]).includes(value)) throw new OutOfDateInput(`option ${name}: "${value.slice(0, 50)}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** The same, for a required option. */
export function requiredChoice<T extends string>(interaction: ChatInputCommandInteraction, name: string, allowed: readonly T[]): T {
  const value = choiceOption(interaction, name, allowed);
  if (value === null) throw new OutOfDateInput(`option ${name} is missing`);
  return value;
}
