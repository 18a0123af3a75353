import { Events, Status, type Client } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import { registry } from '../commands/registry.js';
import type { Config } from './config/config.js';
import { openDatabase, type Database } from './db/open-database.js';
import { createServiceDeps } from './app.js';
import { createDiscordClient } from './discord/client.js';
import { createRouter } from './discord/router.js';
import type { Logger } from './logging/logger.js';
import { poolUse, type QueryListener } from './persistence/prisma-client.js';
import type { ServiceDeps } from './services/deps.js';
import { sweepRetention } from './services/retention.js';
import { postStaleDigests } from './services/stale-cases.js';
import type { RunnerOptions } from './actions/runner.js';
import { DAY_MS } from './domain/durations.js';
import { DiscordMemberRoles } from './discord/member-roles.js';
import { DeskStore } from './persistence/desk-store.js';
import { createDesk } from './web/desk.js';
import { BotMetrics } from './metrics/bot-metrics.js';
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

/** The daily jobs (retention sweep, stale-case digest) run a minute after start, then once a day. */
const FIRST_SWEEP_MS = 60_000;
const SWEEP_EVERY_MS = DAY_MS;

function scheduleDailyJobs(deps: ServiceDeps, logger: Logger): () => void {
  const run = () => {
    sweepRetention(deps).catch((error: unknown) => logger.error({ err: error }, 'retention sweep failed; it runs again tomorrow'));
    // One digest per guild and day, whichever process gets there first (see src/services/stale-cases.ts).
    postStaleDigests(deps).catch((error: unknown) => logger.error({ err: error }, 'stale-case digest failed; it runs again tomorrow'));
  };
  const first = setTimeout(run, FIRST_SWEEP_MS);
  const daily = setInterval(run, SWEEP_EVERY_MS);
  first.unref();
  daily.unref();
  return () => {
    clearTimeout(first);
    clearInterval(daily);
  };
}

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
  const client = createDiscordClient(config.discord.apiUrl, config.discord.globalRateLimit, options.requestTimeoutMs);
  const { deps, runner } = createServiceDeps(database.prisma, client, logger, {
    dataDir: config.database.dataDir || './data',
    evidence: config.evidence ?? { store: 'database', maxBytes: 8 * 1024 * 1024 },
    runner: { ...(config.actionLeaseSeconds === undefined ? {} : { leaseMs: config.actionLeaseSeconds * 1000 }), ...options.runner },
  });
  const poolSize = database.kind === 'embedded' ? 1 : (config.database.poolSize ?? 10);
  const metrics = new BotMetrics({
    owedWork: async () => {
      const [row] = await database.prisma.$queryRaw<{ pending: bigint; lag: number | null }[]>`
        SELECT count(*) AS "pending", extract(epoch FROM now() - min("runAt") FILTER (WHERE "runAt" <= now()))::float AS "lag"
        FROM "OwedAction" WHERE "status" = 'pending'`;
      return { pending: Number(row?.pending ?? 0), lagSeconds: row?.lag ?? 0 };
    },
    gatewayPingMs: () => client.ws.ping,
    poolSize: () => poolSize,
    poolUse: () => poolUse(database.prisma),
  });
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
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size, memoryMb: memoryMb() }, 'Bothsides is online');
  const stopSweeps = scheduleDailyJobs(deps, logger);
  // Whatever a stopped process still owed (or retries now due) is taken up now.
  runner.start();
  let desk: FastifyInstance | null = null;
  if (config.web) {
    desk = await createDesk({
      deps,
      store: new DeskStore(database.prisma),
      memberRoles: new DiscordMemberRoles(client.rest),
      login: { clientId: config.discord.clientId, clientSecret: config.web.clientSecret, oauthUrl: config.web.oauthUrl, apiUrl: config.discord.apiUrl, publicUrl: config.web.publicUrl },
      sessionSecret: config.web.sessionSecret,
      health: async () => ({
        database: await database.prisma.$queryRaw`SELECT 1`.then(() => true, () => false),
        gateway: client.ws.status === Status.Ready,
      }),
      logger,
      metrics: metrics.registry,
      ...options.desk,
    });
    await desk.listen({ port: config.web.port, host: config.web.host });
    logger.info({ url: config.web.publicUrl }, 'the case desk is listening');
  }

  return {
    client,
    database,
    deps,
    deskUrl: config.web ? config.web.publicUrl : null,
    async stop() {
      await desk?.close();
      stopSweeps();
      await runner.stop();
      await client.destroy();
      await database.close();
    },
  };
}

/** Resident set and heap, in MB, for the start-up log line. */
function memoryMb(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}
