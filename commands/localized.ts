import type { LocalizationMap } from 'discord.js';
import { localizations, type CommandTextKey, type Key } from '../src/i18n/translate.js';

type Localizable = {
  setName(name: string): unknown;
  setNameLocalizations(map: LocalizationMap | null): unknown;
  setDescription(description: string): unknown;
  setDescriptionLocalizations(map: LocalizationMap | null): unknown;
};

/**
 * Names and describes a command, subcommand or option from the catalogue
 * (`commands.…`): the English text, and every other language as Discord's
 * `*_localizations`, so each moderator sees them in their own language.
 * The English name is the one the code reads (`options.getUser('party')`):
 * `expected` says which, and a catalogue that disagrees fails at start.
 */
export function localized<B extends Localizable>(builder: B, expected: string, key: CommandTextKey): B {
  const name = localizations(`${key}.name` as Key);
  if (name.text !== expected) throw new Error(`The catalogue names ${key} "${name.text}", but the code reads "${expected}"`);
  const description = localizations(`${key}.description` as Key);
  builder.setName(name.text);
  builder.setNameLocalizations(name.localizations);
  builder.setDescription(description.text);
  builder.setDescriptionLocalizations(description.localizations);
  return builder;
}

/** A choice of a string option, its name in every language. */
export function choice<V extends string>(key: Key, value: V): { name: string; name_localizations: LocalizationMap; value: V } {
  const name = localizations(key);
  return { name: name.text, name_localizations: name.localizations, value };
}

/** The name of a context-menu command, in every language. */
export function menuName<B extends { setName(name: string): unknown; setNameLocalizations(map: LocalizationMap | null): unknown }>(builder: B, key: Key): B {
  const name = localizations(key);
  builder.setName(name.text);
  builder.setNameLocalizations(name.localizations);
  return builder;
}
