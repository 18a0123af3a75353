import { isSnowflake } from '../domain/snowflake.js';

/**
 * A repository is taken for one guild (`forGuild`); an empty or malformed
 * guild id there is a programming error, refused before any query runs.
 */
export function assertGuildId(guildId: string): void {
  if (!isSnowflake(guildId)) throw new TypeError(`forGuild: not a Discord guild id: ${JSON.stringify(guildId)}`);
}
