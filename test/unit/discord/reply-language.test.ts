import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { languagesOf, quickT } from '../../../src/discord/reply-language.js';
import { discordLocalesOf, languageOf } from '../../../src/i18n/languages.js';
import { createHarness, IDS, typicalSettings } from '../../support/fakes/service-harness.js';

/** Just what the language choice reads of an interaction. */
const interaction = (locale: string, guildLocale: string | null, guildId: string | null = IDS.GUILD) => ({ locale, guildLocale, guildId }) as unknown as Interaction;

describe('which language a reader gets', () => {
  it('maps Discord locales to ours: en-GB to English, es-419 to Spanish, others not at all', () => {
    expect(languageOf('en-GB')).toBe('en-US');
    expect(languageOf('es-419')).toBe('es-ES');
    expect(languageOf('pt-BR')).toBe('pt-BR');
    expect(languageOf('pt-PT')).toBeNull();
    expect(languageOf('ja')).toBeNull();
    expect(languageOf(null)).toBeNull();
    expect(discordLocalesOf('es-ES')).toEqual(['es-ES', 'es-419']);
  });

  it('answers the reader in their own language, and words what parties read in the server\'s', async () => {
    const h = createHarness();
    await h.settings.forGuild(IDS.GUILD).save({ ...typicalSettings(), language: 'fr' }, IDS.ADMIN);
    const { t, serverT } = await languagesOf(interaction('de', 'en-US'), h.deps);
    expect(t.language).toBe('de');
    expect(serverT.language).toBe('fr');
  });

  it('answers in the server\'s language when the reader\'s is not one of ours', async () => {
    const h = createHarness();
    await h.settings.forGuild(IDS.GUILD).save({ ...typicalSettings(), language: 'pt-BR' }, IDS.ADMIN);
    expect((await languagesOf(interaction('ja', 'en-US'), h.deps)).t.language).toBe('pt-BR');
  });

  it('before /setup, the server\'s preferred locale stands in for its language', async () => {
    const h = createHarness();
    const { t, serverT } = await languagesOf(interaction('ko', 'es-419'), h.deps);
    expect([t.language, serverT.language]).toEqual(['es-ES', 'es-ES']);
  });

  it('without the database (stale buttons, errors): the reader\'s locale, else the preferred one, else English', () => {
    expect(quickT(interaction('fr', 'de')).language).toBe('fr');
    expect(quickT(interaction('ja', 'de')).language).toBe('de');
    expect(quickT(interaction('ja', null)).language).toBe('en-US');
  });
});
