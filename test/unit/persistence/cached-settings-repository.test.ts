import { describe, expect, it } from 'vitest';
import { CachedSettingsRepository } from '../../../src/persistence/cached-settings-repository.js';
import type { GuildSettings, SettingsRepository } from '../../../src/ports.js';
import { IDS, typicalSettings } from '../../support/fakes/service-harness.js';

/** A settings store that counts reads and can hold a read until told. */
class CountingSettings implements SettingsRepository {
  reads = 0;
  readonly rows = new Map<string, GuildSettings>();
  private held: (() => void) | null = null;
  holdNextRead = false;

  async get(guildId: string): Promise<GuildSettings | null> {
    this.reads += 1;
    const value = this.rows.get(guildId) ?? null;
    if (this.holdNextRead) {
      this.holdNextRead = false;
      await new Promise<void>((resolve) => (this.held = resolve));
    }
    return value;
  }

  save(settings: GuildSettings): Promise<GuildSettings> {
    this.rows.set(settings.guildId, settings);
    return Promise.resolve(settings);
  }

  release(): void {
    this.held?.();
  }
}

describe('cached guild settings', () => {
  it('reads each guild once, unset guilds included, and serves later reads from memory', async () => {
    const inner = new CountingSettings();
    inner.rows.set(IDS.GUILD, typicalSettings());
    const cached = new CachedSettingsRepository(inner);
    expect(await cached.get(IDS.GUILD)).toEqual(typicalSettings());
    expect(await cached.get(IDS.GUILD)).toEqual(typicalSettings());
    expect(await cached.get(IDS.OTHER_GUILD)).toBeNull();
    expect(await cached.get(IDS.OTHER_GUILD)).toBeNull();
    expect(inner.reads).toBe(2);
  });

  it('serves what /setup saved at once, for a guild that had no settings before', async () => {
    const inner = new CountingSettings();
    const cached = new CachedSettingsRepository(inner);
    expect(await cached.get(IDS.GUILD)).toBeNull();
    await cached.save(typicalSettings(), IDS.ADMIN);
    expect(await cached.get(IDS.GUILD)).toEqual(typicalSettings());
    expect(inner.reads).toBe(1);
  });

  it('never keeps a value read before a save that finished first', async () => {
    const inner = new CountingSettings();
    inner.rows.set(IDS.GUILD, typicalSettings());
    const cached = new CachedSettingsRepository(inner);
    inner.holdNextRead = true;
    const staleRead = cached.get(IDS.GUILD);
    const renamed = { ...typicalSettings(), communityName: 'Renamed' };
    await cached.save(renamed, IDS.ADMIN);
    inner.release();
    expect((await staleRead)?.communityName).toBe('Example Town'); // that caller saw the old value ...
    expect((await cached.get(IDS.GUILD))?.communityName).toBe('Renamed'); // ... but it was not kept
  });

  it('holds at most the given number of guilds, dropping the oldest', async () => {
    const inner = new CountingSettings();
    const cached = new CachedSettingsRepository(inner, 2);
    for (const id of ['1', '2', '3']) await cached.get(id);
    await cached.get('3');
    await cached.get('2');
    expect(inner.reads).toBe(3);
    await cached.get('1');
    expect(inner.reads).toBe(4);
  });
});
