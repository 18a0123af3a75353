import type { Config, WebConfig } from './config/config.js';
import { openDatabase, type Database } from './db/open-database.js';
import { appOptionsOf, createServiceDeps, poolSizeOf } from './app.js';
import { clientOptionsOf, createDiscordClient } from './discord/client.js';
import { watchRest } from './discord/rest-metrics.js';
import type { Logger } from './logging/logger.js';
import { createProcessMetrics } from './metrics/process-metrics.js';
import { startDesk } from './start-desk.js';

export type DeskProcessOptions = {
  /** The manager's database, already open; otherwise the desk opens its own. */
  readonly database?: Database;
  /** Where the desk runs beside shards (in the manager): whether they are all up, and their ping. */
  readonly gatewayUp?: () => boolean;
  readonly gatewayPingMs?: () => number;
};

/**
 * The case desk without a gateway of its own: in the sharding manager, or
 * alone (`npm run desk`) on any machine. It talks to Discord over REST only
 * (the bot's token, never logged in to the gateway); what its actions owe
 * Discord is recorded and carried out by its runner or any shard's.
 */
export async function startDeskProcess(config: Config, web: WebConfig, logger: Logger, o: DeskProcessOptions = {}): Promise<{ readonly url: string; stop(): Promise<void> }> {
  const database = o.database ?? (await openDatabase(config.database, logger));
  const client = createDiscordClient(clientOptionsOf(config.discord));
  client.rest.setToken(config.discord.token);
  const { deps, runner } = createServiceDeps(database.prisma, client, logger, appOptionsOf(config));
  const metrics = createProcessMetrics(database, poolSizeOf(database, config), o.gatewayPingMs);
  watchRest(client.rest, metrics);
  runner.start();
  const desk = await startDesk({ config, web, database, deps, rest: client.rest, metrics, ...(o.gatewayUp ? { gatewayUp: o.gatewayUp } : {}), logger });
  return {
    url: web.publicUrl,
    async stop() {
      await desk.close();
      await runner.stop();
      await client.destroy();
      if (!o.database) await database.close();
    },
  };
}
