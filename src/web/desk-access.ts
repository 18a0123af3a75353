import { LRUCache } from 'lru-cache';
import { rankOf } from '../domain/rank.js';
import { SNOWFLAKE } from '../domain/snowflake.js';
import type { GuildSettings, MemberRoles, SettingsRepository } from '../ports.js';

/** How long a member's roles are trusted before Discord is asked again: a role removed loses the desk within this. */
export const ACCESS_TTL_MS = 60_000;

export type DeskGrant = { readonly settings: GuildSettings; readonly rank: 'staff' | 'admin'; readonly roleIds: readonly string[] };

/**
 * Who may see a server's pages: right now a member of it with its staff or
 * admin role from /setup, as Discord answers the bot (cached a minute at
 * most). An unknown server, a server without settings and a member without
 * the roles all get the same null: the desk does not reveal which servers
 * use the bot.
 */
export class DeskAccess {
  private readonly roles: LRUCache<string, { readonly roles: readonly string[] | null }>;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly members: MemberRoles,
    ttlMs: number = ACCESS_TTL_MS,
  ) {
    this.roles = new LRUCache({ max: 10_000, ttl: ttlMs });
  }

  async grant(guildId: string, userId: string): Promise<DeskGrant | null> {
    if (!SNOWFLAKE.test(guildId)) return null;
    const settings = await this.settings.forGuild(guildId).get();
    if (settings === null) return null;
    const key = `${guildId}:${userId}`;
    let cached = this.roles.get(key);
    if (cached === undefined) {
      const read = await this.members.rolesOf(guildId, userId);
      // Discord not answering is no grant (and not cached): the next request asks again.
      if (!read.ok) return null;
      cached = { roles: read.value };
      this.roles.set(key, cached);
    }
    if (cached.roles === null) return null;
    const rank = rankOf(cached.roles, settings);
    return rank === 'member' ? null : { settings, rank, roleIds: cached.roles };
  }
}
