import { CATALOGUES } from './catalogues.js';

/**
 * The languages Bothsides speaks, by Discord's own locale codes: those of
 * catalogues.ts (adding a language: its catalogue in locales/, and one line there).
 */
export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as readonly Language[];

export const DEFAULT_LANGUAGE: Language = 'en-US';

/** Discord locales served by one of ours. */
const ALIASES: Readonly<Record<string, string>> = { 'en-GB': 'en-US', 'es-419': 'es-ES' };

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/** The language for a Discord locale (`interaction.locale`, a guild's preferred locale), or null when we do not speak it. */
export function languageOf(locale: string | null | undefined): Language | null {
  if (locale === null || locale === undefined) return null;
  const language = ALIASES[locale] ?? locale;
  return isLanguage(language) ? language : null;
}

/** Discord locales that each language also serves (for command localizations). */
export function discordLocalesOf(language: Language): readonly string[] {
  return [language, ...Object.entries(ALIASES).filter(([, l]) => l === language).map(([locale]) => locale)];
}
