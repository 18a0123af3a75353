import { beforeEach, describe, expect, it } from 'vitest';
import { configureGuild, showSettings } from '../../../src/services/setup.js';
import { createHarness, IDS, typicalSettings, type Harness } from '../../support/fakes/service-harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

const configure = (settings = typicalSettings(), canManageGuild = true) =>
  configureGuild(h.deps, { actorId: IDS.ADMIN, canManageGuild, settings });

describe('/setup configure language', () => {
  const withLanguage = (language: 'de' | 'fr' | null, guildLocale: string | null) =>
    configureGuild(h.deps, { actorId: IDS.ADMIN, canManageGuild: true, settings: { ...typicalSettings(), language }, guildLocale });

  it('on the first setup without a language, takes the server\'s preferred locale when it is one of ours (es-419 as es-ES)', async () => {
    expect(await withLanguage(null, 'es-419')).toMatchObject({ ok: true, value: { language: 'es-ES' } });
  });

  it('falls back to English when the preferred locale is not one of ours', async () => {
    expect(await withLanguage(null, 'ja')).toMatchObject({ ok: true, value: { language: 'en-US' } });
  });

  it('keeps the language set before when a later /setup names none, whatever the preferred locale', async () => {
    await withLanguage('fr', 'de');
    expect(await withLanguage(null, 'de')).toMatchObject({ ok: true, value: { language: 'fr' } });
    expect((await h.settings.forGuild(IDS.GUILD).get())?.language).toBe('fr');
  });

  it('a language given is saved as given', async () => {
    expect(await withLanguage('de', 'fr')).toMatchObject({ ok: true, value: { language: 'de' } });
  });
});

describe('/setup configure escalation_reminder_hours', () => {
  const withHours = (escalationReminderHours: number | null) =>
    configureGuild(h.deps, { actorId: IDS.ADMIN, canManageGuild: true, settings: { ...typicalSettings(), language: null, escalationReminderHours } });

  it('is 12 hours on the first setup when left out, kept as set on later ones, and 0 turns it off', async () => {
    expect(await withHours(null)).toMatchObject({ ok: true, value: { escalationReminderHours: 12 } });
    await withHours(0);
    expect(await withHours(null)).toMatchObject({ ok: true, value: { escalationReminderHours: 0 } });
  });

  it('refuses a negative, fractional or over-a-week value and saves nothing', async () => {
    for (const hours of [-1, 1.5, 169]) expect(await withHours(hours)).toEqual({ ok: false, reason: 'invalid-reminder-hours' });
    expect(await h.settings.forGuild(IDS.GUILD).get()).toBeNull();
  });
});

describe('/setup configure', () => {
  it('a manager with valid settings saves them, trimmed, with a settings_updated event and no Discord call', async () => {
    const result = await configure({ ...typicalSettings(), communityName: '  Example Town  ', standardsUrl: ' https://example.org/rules ' });

    expect(result.ok).toBe(true);
    const saved = await h.settings.forGuild(IDS.GUILD).get();
    expect(saved).toEqual({ ...typicalSettings(), communityName: 'Example Town', standardsUrl: 'https://example.org/rules' });
    expect(result).toEqual({ ok: true, value: saved });
    const events = h.settings.events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ guildId: IDS.GUILD, caseId: null, actorId: IDS.ADMIN, type: 'settings_updated' });
    expect(h.threads.callCount + h.dms.callCount + h.notifier.callCount).toBe(0);
  });

  it('configuring again replaces the settings and appends a second event', async () => {
    await configure();
    const result = await configure({ ...typicalSettings(), communityName: 'New Name', caseLogChannelId: IDS.CASE_LOG_CHANNEL });

    expect(result.ok).toBe(true);
    expect(await h.settings.forGuild(IDS.GUILD).get()).toMatchObject({ communityName: 'New Name', caseLogChannelId: IDS.CASE_LOG_CHANNEL });
    expect(h.settings.size).toBe(1);
    expect(h.settings.events.map((e) => e.type)).toEqual(['settings_updated', 'settings_updated']);
  });

  it('settings of one guild are not visible from another guild', async () => {
    await configure();
    expect(await h.settings.forGuild(IDS.OTHER_GUILD).get()).toBeNull();
  });

  it('a member without Manage Server is refused with not-manager and nothing is saved', async () => {
    const result = await configure(typicalSettings(), false);

    expect(result).toEqual({ ok: false, reason: 'not-manager' });
    expect(h.snapshot()).toMatchObject({ settingsRows: 0, events: 0 });
  });

  it.each([
    ['an ftp: address', 'ftp://example.org/rules'],
    ['a javascript: address', 'javascript:alert(1)'],
    ['a bare word', 'example'],
    ['an empty string', ''],
    ['a host without a dot', 'https://example'],
    ['an address longer than 500 characters', `https://example.org/${'a'.repeat(500)}`],
  ])('a standards URL that is %s is refused with invalid-url and nothing is saved', async (_label, standardsUrl) => {
    const result = await configure({ ...typicalSettings(), standardsUrl });

    expect(result).toEqual({ ok: false, reason: 'invalid-url' });
    expect(h.snapshot()).toMatchObject({ settingsRows: 0, events: 0 });
  });

  it('an http: standards URL is accepted', async () => {
    const result = await configure({ ...typicalSettings(), standardsUrl: 'http://example.org/rules' });
    expect(result.ok).toBe(true);
  });

  it('a blank community name is refused with text-required and nothing is saved', async () => {
    const result = await configure({ ...typicalSettings(), communityName: '   ' });

    expect(result).toEqual({ ok: false, reason: 'text-required', field: 'community_name' });
    expect(h.snapshot()).toMatchObject({ settingsRows: 0, events: 0 });
  });

  it('a community name of 101 characters is refused with text-too-long and nothing is saved', async () => {
    const result = await configure({ ...typicalSettings(), communityName: 'x'.repeat(101) });

    expect(result).toEqual({ ok: false, reason: 'text-too-long', field: 'community_name', max: 100 });
    expect(h.snapshot()).toMatchObject({ settingsRows: 0, events: 0 });
  });
});

describe('/setup show', () => {
  it('a manager sees the saved settings', async () => {
    await h.configure();
    expect(await showSettings(h.deps, { guildId: IDS.GUILD, canManageGuild: true })).toEqual({ ok: true, value: typicalSettings() });
  });

  it('before setup, a manager is told not-configured', async () => {
    expect(await showSettings(h.deps, { guildId: IDS.GUILD, canManageGuild: true })).toEqual({ ok: false, reason: 'not-configured' });
  });

  it('a member without Manage Server is refused with not-manager, even when set up', async () => {
    await h.configure();
    expect(await showSettings(h.deps, { guildId: IDS.GUILD, canManageGuild: false })).toEqual({ ok: false, reason: 'not-manager' });
  });
});
