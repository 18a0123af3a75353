import { assertGuildId } from './guild-scope.js';
import { LRUCache } from 'lru-cache';
import type {
  GuildSettings,
  GuildSettingsStore,
  SettingsRepository,
  SettingsValues,
} from '../ports.js';

/**
 * Every command starts by reading its guild's settings; they change only
 * through /setup, in this process (one bot process serves a guild). So keep
 * them in memory (the least recently used guilds forgotten first), replaced
 * on save. A read that raced a save never stores what it read: a generation
 * counter tells.
 */
export class CachedSettingsRepository implements SettingsRepository {
  /** A guild not set up is remembered too (as null), in a box since the cache holds no null. */
  private readonly cache: LRUCache<string, { readonly settings: GuildSettings | null }>;
  private generation = 0;

  constructor(
    private readonly inner: SettingsRepository,
    maxGuilds = 10_000,
  ) {
    this.cache = new LRUCache({ max: maxGuilds });
  }

  forGuild(guildId: string): GuildSettingsStore {
    assertGuildId(guildId);
    const inner = this.inner.forGuild(guildId);
    return {
      get: async (): Promise<GuildSettings | null> => {
        const cached = this.cache.get(guildId);
        if (cached) return cached.settings;
        const generation = this.generation;
        const settings = await inner.get();
        if (generation === this.generation) this.cache.set(guildId, { settings });
        return settings;
      },
      save: async (values: SettingsValues, actorId: string): Promise<GuildSettings> => {
        this.generation += 1;
        this.cache.delete(guildId);
        const saved = await inner.save(values, actorId);
        this.generation += 1;
        this.cache.set(guildId, { settings: saved });
        return saved;
      },
    };
  }

  /** Read through: a once-a-day query across guilds. */
  withStaleDigest(): Promise<readonly GuildSettings[]> {
    return this.inner.withStaleDigest();
  }
}
