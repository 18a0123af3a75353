import { Client, GatewayIntentBits, Options } from 'discord.js';

/**
 * The discord.js client. Only the Guilds intent (no privileged intents):
 * commands carry everything else. Caches that this bot never reads are
 * turned off or bounded, so memory does not grow with the server.
 */
export function createDiscordClient(apiUrl: string, globalRequestsPerSecond = 50): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // discord.js holds requests back to stay under Discord's global limit
    // (50 per second for most bots; interaction replies do not count).
    rest: { api: apiUrl, globalRequestsPerSecond },
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ThreadMemberManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 500, keepOverLimit: (user) => user.id === user.client.user.id },
      ReactionManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      threads: { interval: 3600, lifetime: 3600 },
    },
  });
}
