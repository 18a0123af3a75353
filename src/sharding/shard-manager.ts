import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/open-database.js';
import type { Logger } from '../logging/logger.js';
import { planShards, type GatewayBotInfo } from './shard-plan.js';

/** How long a shard may take from its spawn to READY (2,500 guilds' GUILD_CREATEs included). */
const SHARD_READY_TIMEOUT_MS = 120_000;
/** A shard that does not stop within this after SIGTERM is killed. */
const STOP_GRACE_MS = 20_000;
const PING_EVERY_MS = 15_000;

async function gatewayBot(config: Config): Promise<GatewayBotInfo> {
  const rest = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token);
  const body = (await rest.get(Routes.gatewayBot())) as { shards: number; session_start_limit: { max_concurrency: number; remaining: number } };
  return { shards: body.shards, maxConcurrency: body.session_start_limit.max_concurrency, remaining: body.session_start_limit.remaining };
}

/** The shard's entry point next to this file: src/shard.ts under tsx, dist/src/shard.js when built. */
function shardEntry(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`../shard${self.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
}

async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * `npm start` with sharding on: discord.js's ShardingManager runs each shard
 * of SHARD_LIST in a child process of its own (src/shard.ts), respawns one
 * that dies, and stops them all on SIGTERM. The database's migrations are
 * applied here first, once. The desk, when WEB_PORT is set, runs here.
 */
export async function runShardManager(config: Config, logger: Logger): Promise<{ stop(): Promise<void> }> {
  const sharding = config.sharding!;
  // Migrations once, before any shard starts; the desk keeps the connection.
  const database = await openDatabase(config.database, logger);
  const info = await gatewayBot(config);
  const planned = planShards(sharding, info);
  if (!planned.ok) {
    await database.close();
    throw new Error(planned.problem);
  }
  const { plan } = planned;
  const manager = new ShardingManager(shardEntry(), {
    totalShards: plan.count,
    shardList: [...plan.list],
    mode: 'process',
    respawn: true,
    token: config.discord.token,
    execArgv: process.execArgv,
  });
  const pings = new Map<number, number>();
  // Each shard's ping for the desk's /metrics (a look while shards are still starting finds none and waits for the next).
  const pingTimer = setInterval(() => {
    void manager.fetchClientValues('ws.ping').then(
      (values) => (values as number[]).forEach((v, i) => pings.set(i, v)),
      () => undefined,
    );
  }, PING_EVERY_MS);
  pingTimer.unref();
  const stopShards = async () => {
    clearInterval(pingTimer);
    manager.respawn = false;
    await Promise.all([...manager.shards.values()].map(stopShard));
  };
  manager.on('shardCreate', (shard) => {
    // glibc's malloc keeps an arena per thread and hands little back: a bot process's RSS grew from 282 to 463 MB
    // over 4,400 commands with a steady 34 MB JS heap, and stayed near 300 MB with two arenas. Unless set already.
    const env = shard.env as Record<string, string | undefined>;
    env.MALLOC_ARENA_MAX ??= '2';
    logger.info({ shard: shard.id, of: plan.count }, 'shard starting');
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      if (manager.respawn) logger.warn({ shard: shard.id, exitCode: code }, 'shard process ended; it is started again');
    });
    shard.on('error', (error) => logger.error({ err: error, shard: shard.id }, 'shard error'));
  });
  logger.info({ shards: plan.count, here: plan.list, maxConcurrency: info.maxConcurrency, spawnDelayMs: plan.spawnDelayMs }, 'sharding manager starting');
  try {
    await manager.spawn({ amount: plan.count, delay: plan.spawnDelayMs, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    await stopShards();
    await database.close();
    throw error;
  }
  const allReady = () => manager.shards.size === plan.list.length && [...manager.shards.values()].every((s) => s.ready);
  // Without the desk the manager needs no database: its connection goes back.
  if (!config.web) await database.close();
  let desk: { stop(): Promise<void> } | null = null;
  try {
    // Loaded only when the desk runs here: the manager stays small otherwise.
    desk = config.web
      ? await (await import('../desk-process.js')).startDeskProcess(config, config.web, logger, { database, gatewayUp: allReady, gatewayPingMs: () => Math.max(-1, ...pings.values()) })
      : null;
  } catch (error) {
    // The shards do not outlive a manager that could not start.
    await stopShards();
    await database.close();
    throw error;
  }
  logger.info({ shards: plan.count, here: plan.list }, 'Bothsides is online');
  return {
    async stop() {
      await desk?.stop();
      await stopShards();
      if (config.web) await database.close();
    },
  };
}
