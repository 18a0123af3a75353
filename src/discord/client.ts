import { Client, GatewayIntentBits, Options } from 'discord.js';
import { callbackSafeRequest } from './interaction-callback.js';

/** How often cached threads are dropped. */
export const THREAD_SWEEP_SECONDS = 15;

export type DiscordClientOptions = {
  /** REST base URL without the version (Discord's, or a REST proxy's). */
  readonly apiUrl: string;
  readonly globalRequestsPerSecond?: number;
  readonly requestTimeoutMs?: number;
  /** The shard this process runs, named in the User-Agent of its requests (a proxy's or Discord's logs can tell them apart). */
  readonly shard?: number;
};

/** The client options a configuration gives: its API URL and global limit. */
export const clientOptionsOf = (discord: { readonly apiUrl: string; readonly globalRateLimit?: number }): DiscordClientOptions => ({
  apiUrl: discord.apiUrl,
  ...(discord.globalRateLimit === undefined ? {} : { globalRequestsPerSecond: discord.globalRateLimit }),
});

/**
 * The discord.js client. Only the Guilds intent (no privileged intents):
 * commands carry everything else. Caches that this bot never reads are
 * turned off or bounded, so memory does not grow with the server.
 */
export function createDiscordClient({ apiUrl, globalRequestsPerSecond = 50, requestTimeoutMs = 15_000, shard }: DiscordClientOptions): Client {
  const self: { client?: Client } = {};
  const makeRequest = callbackSafeRequest({ apiUrl, applicationId: () => self.client?.application?.id ?? self.client?.user?.id });
  self.client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // discord.js holds requests back to stay under Discord's global limit
    // (50 per second for most bots; interaction replies do not count).
    // Every thread, message and DM route has its own request queue; sweep
    // idle ones every 15 s instead of each hour, or a busy day of cases
    // leaves hundreds of thousands of them behind.
    // Interaction callbacks are never retried blindly (see interaction-callback.ts).
    rest: {
      api: apiUrl,
      globalRequestsPerSecond,
      handlerSweepInterval: 15_000,
      timeout: requestTimeoutMs,
      makeRequest,
      userAgentAppendix: `Node.js ${process.version}${shard === undefined ? '' : ` bothsides-shard/${shard}`}`,
    },
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ThreadMemberManager: 0,
      // Only the bot's own member (its permissions); every other member a command needs comes with the
      // interaction. 2,500 servers of 50 members would otherwise keep 125,000 members per shard.
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 500, keepOverLimit: (user) => user.id === user.client.user.id },
      ReactionManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      // The bot reads threads through REST only; the Guilds intent still
      // caches one object per interview thread, so drop them all often.
      threads: { interval: THREAD_SWEEP_SECONDS, filter: () => () => true },
    },
  });
  return self.client;
}
