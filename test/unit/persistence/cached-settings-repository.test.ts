import { describe, expect, it } from 'vitest';
import { CachedSettingsRepository } from '../../../src/persistence/cached-settings-repository.js';
import type { GuildSettings, GuildSettingsStore, SettingsRepository, SettingsValues } from '../../../src/ports.js';
import { IDS, typicalSettings } from '../../support/fakes/service-harness.js';

/** A settings store that counts reads and can hold a read until told. */
class CountingSettings implements SettingsRepository {
  reads = 0;
  readonly rows = new Map<string, GuildSettings>();
  private held: (() => void) | null = null;
  holdNextRead = false;

  withStaleDigest(): Promise<readonly GuildSettings[]> {
    return Promise.resolve([...this.rows.values()]);
  }

  forGuild(guildId: string): GuildSettingsStore {
    return {
      get: async () => {
        this.reads += 1;
        const value = this.rows.get(guildId) ?? null;
        if (this.holdNextRead) {
          this.holdNextRead = false;
          await new Promise<void>((resolve) => (this.held = resolve));
        }
        return value;
      },
      save: (values: SettingsValues) => {
        const settings = { ...values, guildId };
        this.rows.set(guildId, settings);
        return Promise.resolve(settings);
      },
    };
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
    expect(await cached.forGuild(IDS.GUILD).get()).toEqual(typicalSettings());
    expect(await cached.forGuild(IDS.GUILD).get()).toEqual(typicalSettings());
    expect(await cached.forGuild(IDS.OTHER_GUILD).get()).toBeNull();
    expect(await cached.forGuild(IDS.OTHER_GUILD).get()).toBeNull();
    expect(inner.reads).toBe(2);
  });

  it('serves what /setup saved at once, for a guild that had no settings before', async () => {
    const inner = new CountingSettings();
    const cached = new CachedSettingsRepository(inner);
    expect(await cached.forGuild(IDS.GUILD).get()).toBeNull();
    await cached.forGuild(IDS.GUILD).save(typicalSettings(), IDS.ADMIN);
    expect(await cached.forGuild(IDS.GUILD).get()).toEqual(typicalSettings());
    expect(inner.reads).toBe(1);
  });

  it('never keeps a value read before a save that finished first', async () => {
    const inner = new CountingSettings();
    inner.rows.set(IDS.GUILD, typicalSettings());
    const cached = new CachedSettingsRepository(inner);
    inner.holdNextRead = true;
    const staleRead = cached.forGuild(IDS.GUILD).get();
    const renamed = { ...typicalSettings(), communityName: 'Renamed' };
    await cached.forGuild(IDS.GUILD).save(renamed, IDS.ADMIN);
    inner.release();
    expect((await staleRead)?.communityName).toBe('Example Town'); // that caller saw the old value ...
    expect((await cached.forGuild(IDS.GUILD).get())?.communityName).toBe('Renamed'); // ... but it was not kept
  });

  it('holds at most the given number of guilds, dropping the oldest', async () => {
    const inner = new CountingSettings();
    const cached = new CachedSettingsRepository(inner, 2);
    const [one, two, three] = ['100000000000000011', '100000000000000012', '100000000000000013'] as const;
    for (const id of [one, two, three]) await cached.forGuild(id).get();
    await cached.forGuild(three).get();
    await cached.forGuild(two).get();
    expect(inner.reads).toBe(3);
    await cached.forGuild(one).get();
    expect(inner.reads).toBe(4);
  });
});
