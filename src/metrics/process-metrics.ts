import type { Database } from '../db/open-database.js';
import { poolUse } from '../persistence/prisma-client.js';
import { BotMetrics } from './bot-metrics.js';

/**
 * The metrics of one process of the bot (a shard, the single process, the
 * sharding manager or the desk on its own): the owed work read from the
 * database, the pool, and the gateway ping where this process has a gateway.
 */
export function createProcessMetrics(database: Database, poolSize: number, gatewayPingMs?: () => number): BotMetrics {
  return new BotMetrics({
    owedWork: async () => {
      const [row] = await database.prisma.$queryRaw<{ pending: bigint; lag: number | null }[]>`
        SELECT count(*) AS "pending", extract(epoch FROM now() - min("runAt") FILTER (WHERE "runAt" <= now()))::float AS "lag"
        FROM "OwedAction" WHERE "status" = 'pending'`;
      return { pending: Number(row?.pending ?? 0), lagSeconds: row?.lag ?? 0 };
    },
    ...(gatewayPingMs ? { gatewayPingMs } : {}),
    poolSize: () => poolSize,
    poolUse: () => poolUse(database.prisma),
  });
}
