import type { GuildSettings, SettingsRepository } from '../ports.js';

/**
 * Every command starts by reading its guild's settings; they change only
 * through /setup, in this process (one bot process serves a guild). So keep
 * them in memory, replaced on save. A read that raced a save never stores
 * what it read: a generation counter tells.
 */
export class CachedSettingsRepository implements SettingsRepository {
  private readonly cache = new Map<string, GuildSettings | null>();
  private generation = 0;

  constructor(
    private readonly inner: SettingsRepository,
    private readonly maxGuilds = 10_000,
  ) {}

  async get(guildId: string): Promise<GuildSettings | null> {
    if (this.cache.has(guildId)) return this.cache.get(guildId) ?? null;
    const generation = this.generation;
    const settings = await this.inner.get(guildId);
    if (generation === this.generation) this.remember(guildId, settings);
    return settings;
  }

  async save(settings: GuildSettings, actorId: string): Promise<GuildSettings> {
    this.generation += 1;
    this.cache.delete(settings.guildId);
    const saved = await this.inner.save(settings, actorId);
    this.generation += 1;
    this.remember(saved.guildId, saved);
    return saved;
  }

  private remember(guildId: string, settings: GuildSettings | null): void {
    if (!this.cache.has(guildId) && this.cache.size >= this.maxGuilds) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(guildId, settings);
  }
}
