import type { Interaction } from 'discord.js';
import { DEFAULT_LANGUAGE, languageOf } from '../i18n/languages.js';
import { translator, type T } from '../i18n/translate.js';
import type { ServiceDeps } from '../services/deps.js';

/**
 * Who reads which language: the reply in the reader's own Discord language
 * when we speak it, else the server's; the server's (from /setup, else its
 * preferred locale, else English) for what parties, reporters and staff
 * channels read. Settings come from the cache, so this rarely queries.
 */
export async function languagesOf(interaction: Interaction, deps: ServiceDeps): Promise<{ readonly t: T; readonly serverT: T }> {
  const settings = interaction.guildId === null ? null : await deps.settings.forGuild(interaction.guildId).get();
  const server = settings?.language ?? languageOf(interaction.guildLocale) ?? DEFAULT_LANGUAGE;
  return { t: translator(languageOf(interaction.locale) ?? server), serverT: translator(server) };
}

/** The reader's language without asking the database: for stale buttons, autocomplete and errors (the database may be what failed). */
export function quickT(interaction: Interaction): T {
  return translator(languageOf(interaction.locale) ?? languageOf(interaction.guildLocale) ?? DEFAULT_LANGUAGE);
}
