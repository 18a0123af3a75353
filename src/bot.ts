import { Events, Status, type Client } from 'discord.js';
import { registry } from '../commands/registry.js';
import type { Config } from './config/config.js';
import { openDatabase, type Database } from './db/open-database.js';
import { appOptionsOf, createServiceDeps, poolSizeOf } from './app.js';
import { clientOptionsOf, createDiscordClient } from './discord/client.js';
import { createRouter } from './discord/router.js';
import type { Logger } from './logging/logger.js';
import type { QueryListener } from './persistence/prisma-client.js';
import type { ServiceDeps } from './services/deps.js';
import { sweepRetention } from './services/retention.js';
import { postStaleDigests } from './services/stale-cases.js';
import type { RunnerOptions } from './actions/runner.js';
import { scheduleDailyJobs } from './jobs/daily-jobs.js';
import { PrismaDailyJobRuns } from './persistence/daily-job-runs.js';
import { startDesk } from './start-desk.js';
import { createProcessMetrics } from './metrics/process-metrics.js';
import { watchRest } from './discord/rest-metrics.js';

export type RunningBot = {
  readonly client: Client;
  readonly database: Database;
  /** What the services run with (tests call services such as the retention sweep directly). */
  readonly deps: ServiceDeps;
  /** The case desk's address, when WEB_PORT is set. */
  readonly deskUrl: string | null;
  stop(): Promise<void>;
};

/**
 * Starts the bot: database first (migrations applied), then Discord. Used by
 * `npm start` and by the end-to-end tests, which point DISCORD_API_URL at a
 * local Discord API.
 */
export type BotOptions = {
  /** Called after every SQL statement (the benchmark counts queries per command). */
  readonly onQuery?: QueryListener;
  /** How long one REST request may take before discord.js gives up and retries (default 15 s; tests shorten it). */
  readonly requestTimeoutMs?: number;
  /** Leases and polling of the owed-action runner (tests shorten them). */
  readonly runner?: Partial<RunnerOptions>;
  /** The desk's role cache (tests shorten it). */
  readonly desk?: { readonly accessTtlMs?: number };
};

export async function startBot(config: Config, logger: Logger, options: BotOptions = {}): Promise<RunningBot> {
  const database = await openDatabase(config.database, logger, options.onQuery);
  const shard = config.sharding?.thisShard;
  const client = createDiscordClient({
    ...clientOptionsOf(config.discord),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(shard === undefined ? {} : { shard }),
  });
  const { deps, runner } = createServiceDeps(database.prisma, client, logger, appOptionsOf(config, options.runner));
  const poolSize = poolSizeOf(database, config);
  const metrics = createProcessMetrics(database, poolSize, () => client.ws.ping);
  watchRest(client.rest, metrics);
  const route = createRouter(registry, { deps }, logger, (name, result, seconds) => metrics.commandDone(name, result, seconds));

  client.on(Events.InteractionCreate, (interaction) => {
    // The router has its own error boundary; this catch is for its own bugs.
    route(interaction).catch((error: unknown) => logger.error({ err: error }, 'router failed'));
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));

  try {
    await client.login(config.discord.token);
    await ready;
  } catch (error) {
    await client.destroy();
    await database.close();
    throw error;
  }
  // Under the sharding manager, the manager says when the bot is online (every shard is).
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, memoryMb: memoryMb(), ...(shard === undefined ? {} : { shard, pid: process.pid }) }, shard === undefined ? 'Bothsides is online' : 'shard is online');
  // One run a day across every process (src/jobs/daily-jobs.ts).
  const dailyJobs = scheduleDailyJobs(
    [
      { name: 'retention-sweep', run: () => sweepRetention(deps) },
      // One digest per guild and day even if two got here (see src/services/stale-cases.ts).
      { name: 'stale-digest', run: () => postStaleDigests(deps) },
    ],
    new PrismaDailyJobRuns(database.prisma),
    logger,
    { checkEveryMs: (config.dailyJobsCheckSeconds ?? 3600) * 1000 },
  );
  // Whatever a stopped process still owed (or retries now due) is taken up now.
  runner.start();
  // Under the sharding manager, the desk runs in the manager (one listener for the port), not in each shard.
  const desk = config.web && shard === undefined
    ? await startDesk({ config, web: config.web, database, deps, rest: client.rest, metrics, gatewayUp: () => client.ws.status === Status.Ready, logger, ...options.desk })
    : null;

  return {
    client,
    database,
    deps,
    deskUrl: desk && config.web ? config.web.publicUrl : null,
    async stop() {
      await desk?.close();
      await dailyJobs.stop();
      await runner.stop();
      await client.destroy();
      await database.close();
    },
  };
}

/** Resident set and heap, in MB, for the start-up log line. */
export function memoryMb(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}
