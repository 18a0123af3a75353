/**
 * One run of each command through a bot started in this process with a
 * query listener: how many SQL statements each command costs, and the exact
 * REST requests it sends (the floor replays those).
 */
import { Routes } from 'discord.js';
import { registry } from '../commands/registry.js';
import { startBot } from '../src/bot.js';
import type { Config } from '../src/config/config.js';
import { commandPayloads } from '../src/discord/command-payloads.js';
import { createLogger } from '../src/logging/logger.js';
import type { RecordedRequest } from '../test/e2e/fake-discord/index.js';
import type { BenchDatabase } from './bench-database.js';
import { configureCommunity } from '../test/e2e/support/community.js';
import type { BenchWorld } from './bench-world.js';
import { BotExecutor } from './bot-executor.js';
import { COMMANDS, type CommandName } from './workload.js';

export type CommandProfile = { readonly queries: number; readonly sqlMs: number; readonly requests: readonly RecordedRequest[] };
export type Probe = Readonly<Record<CommandName, CommandProfile>>;

/**
 * Discord holds most bots to 50 REST requests per second (interaction
 * replies excepted), and discord.js waits to stay under it. The benchmark
 * measures the bot itself, so it lifts that limit, as the local API allows;
 * the report gives the cap that the limit sets on real Discord.
 */
export const BENCH_GLOBAL_RATE_LIMIT = 1_000_000;
export const DISCORD_DEFAULT_GLOBAL_RATE_LIMIT = 50;

export function botConfig(world: BenchWorld, db: BenchDatabase): Config {
  const { fake } = world;
  return {
    discord: { token: fake.token, clientId: fake.applicationId, devGuildId: undefined, apiUrl: fake.apiUrl, globalRateLimit: BENCH_GLOBAL_RATE_LIMIT },
    database: { url: db.url, dataDir: '', poolSize: db.poolSize },
    logLevel: 'warn',
  };
}

/** Registers the commands, runs /setup, then profiles each command once. */
export async function probeCommands(world: BenchWorld, db: BenchDatabase): Promise<Probe> {
  const { fake, community: c } = world;
  let queries = 0;
  let sqlMs = 0;
  const bot = await startBot(botConfig(world, db), createLogger('warn'), {
    onQuery: (q) => {
      queries += 1;
      sqlMs += q.durationMs;
    },
  });
  try {
    await bot.client.rest.put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });
    await configureCommunity(fake, c, { community_name: 'Bench Town' });

    const executor = new BotExecutor(world);
    const [a, b] = world.members;
    if (!a || !b) throw new Error('bench: needs two members');
    const profile = async (run: () => Promise<unknown>): Promise<CommandProfile> => {
      await fake.idle();
      queries = 0;
      sqlMs = 0;
      const from = fake.requests.length;
      await run();
      await fake.idle();
      return { queries, sqlMs: Math.round(sqlMs * 100) / 100, requests: fake.requests.slice(from) };
    };
    let theCase = { number: 0, parties: [a, b] as const };
    const open = await profile(async () => (theCase = await executor.open(0, a, b)));
    const result: Record<CommandName, CommandProfile> = {
      open,
      addside: await profile(() => executor.addside(0, theCase, a, 'What happened, in their words.')),
      escalate: await profile(() => executor.escalate(0, theCase)),
      view: await profile(() => executor.view(0, theCase)),
      safechat: await profile(() => executor.safechat(0, theCase, b)),
    };
    for (const command of COMMANDS) {
      if (result[command].requests.some((r) => r.status >= 400)) throw new Error(`bench: /${command} got an error from Discord in the probe`);
    }
    return result;
  } finally {
    await bot.stop();
  }
}
