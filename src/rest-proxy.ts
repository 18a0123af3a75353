import { createServer, type Server } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from 'discord.js';
import type { ProxyConfig } from './config/proxy-config.js';
import type { Logger } from './logging/logger.js';

/**
 * One REST queue for every process of the bot: @discordjs/proxy in front of
 * Discord. Discord's global limit (50 requests a second) is per bot, so N
 * shards each keeping their own limit could send 50·N; pointed at this
 * proxy (their DISCORD_API_URL), they share one limit and one view of each
 * route's bucket. Interaction callbacks are not held to the global limit here
 * either (discord.js's REST sends them at once), as Discord does not count them.
 */
export async function startRestProxy(config: ProxyConfig, logger: Logger): Promise<{ server: Server; url: string }> {
  const rest = new REST({ api: config.upstream, globalRequestsPerSecond: config.globalRequestsPerSecond, rejectOnRateLimit: null });
  rest.on('rateLimited', (info) => logger.debug({ route: info.route, global: info.global, waitMs: info.timeToReset }, 'holding requests for a rate limit'));
  const handle = proxyRequests(rest);
  const server = createServer((req, res) => {
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      logger.error({ err: error }, 'proxied request failed');
      if (!res.headersSent) res.statusCode = 502;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}/api`;
  logger.info({ url, upstream: config.upstream, globalRequestsPerSecond: config.globalRequestsPerSecond }, 'REST proxy listening: set DISCORD_API_URL to this in every shard');
  return { server, url };
}
