import type { REST } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import type { Config, WebConfig } from './config/config.js';
import type { Database } from './db/open-database.js';
import { DiscordMemberRoles } from './discord/member-roles.js';
import type { Logger } from './logging/logger.js';
import type { BotMetrics } from './metrics/bot-metrics.js';
import { DeskStore } from './persistence/desk-store.js';
import type { ServiceDeps } from './services/deps.js';
import { createDesk, type DeskHealth } from './web/desk.js';

export type StartDeskOptions = {
  readonly config: Config;
  readonly web: WebConfig;
  readonly database: Database;
  readonly deps: ServiceDeps;
  readonly rest: REST;
  readonly metrics: BotMetrics;
  /** Whether this process's gateway is up; absent where the desk runs without one. */
  readonly gatewayUp?: () => boolean;
  readonly logger: Logger;
  readonly accessTtlMs?: number;
};

/** The case desk, listening: in the single bot process, in the sharding manager, or in `npm run desk`. */
export async function startDesk(o: StartDeskOptions): Promise<FastifyInstance> {
  const { config, web, database } = o;
  const health = async (): Promise<DeskHealth> => {
    const db = await database.prisma.$queryRaw`SELECT 1`.then(() => true, () => false);
    return o.gatewayUp ? { database: db, gateway: o.gatewayUp() } : { database: db };
  };
  const desk = await createDesk({
    deps: o.deps,
    store: new DeskStore(database.prisma),
    memberRoles: new DiscordMemberRoles(o.rest),
    login: { clientId: config.discord.clientId, clientSecret: web.clientSecret, oauthUrl: web.oauthUrl, apiUrl: config.discord.apiUrl, publicUrl: web.publicUrl },
    sessionSecret: web.sessionSecret,
    health,
    logger: o.logger,
    metrics: o.metrics.registry,
    ...(o.accessTtlMs === undefined ? {} : { accessTtlMs: o.accessTtlMs }),
  });
  await desk.listen({ port: web.port, host: web.host });
  o.logger.info({ url: web.publicUrl }, 'the case desk is listening');
  return desk;
}
