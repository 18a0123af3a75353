import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Routes } from 'discord.js';
import { registry } from '../../../commands/registry.js';
import { startBot, type BotOptions, type RunningBot } from '../../../src/bot.js';
import { commandPayloads } from '../../../src/discord/command-payloads.js';
import type { Config } from '../../../src/config/config.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createScratchPostgres, hasRealPostgres } from '../../support/test-databases.js';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';
import type { OptionValue } from '../fake-discord/interactions.js';
import { configureCommunity, seedCommunity, type Community } from './community.js';
import { deskConfig } from './desk-config.js';

export { seedCommunity, type Community } from './community.js';
export { buttonIds } from './buttons.js';

export type World = {
  readonly fake: FakeDiscord;
  /** The bot now serving (a new one after `restart`). */
  readonly bot: RunningBot;
  readonly community: Community;
  /** Adds another server with its own staff, for isolation tests. */
  addCommunity(name: string): Community;
  /** A slash command run by `userId` in the community's staff room; waits until the bot is done. */
  run(c: Community, userId: string, command: string, subcommand: string | undefined, options?: Record<string, OptionValue>): Promise<InteractionHandle>;
  /** Runs /setup configure for a community as its owner. */
  setUp(c: Community, extra?: Record<string, OptionValue>): Promise<void>;
  /** Stops the bot and starts a new one on the same database, as a restart of the process does; `between` runs while none is up. */
  restart(between?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
};

export async function startWorld(
  opts: { database?: 'postgresql' | 'embedded'; bot?: BotOptions; globalRateLimit?: number; ackDeadlineMs?: number; desk?: boolean } = {},
): Promise<World> {
  const fake = await FakeDiscord.start(opts.ackDeadlineMs === undefined ? {} : { ackDeadlineMs: opts.ackDeadlineMs });
  const community = seedCommunity(fake, 'example-town');
  const useReal = (opts.database ?? 'postgresql') === 'postgresql' && hasRealPostgres();
  const scratch = useReal ? await createScratchPostgres() : null;
  const dataDir = useReal ? null : await mkdtemp(join(tmpdir(), 'bothsides-e2e-'));
  const config: Config = {
    discord: { token: fake.token, clientId: fake.applicationId, devGuildId: undefined, apiUrl: fake.apiUrl, globalRateLimit: opts.globalRateLimit ?? 50 },
    database: { url: scratch?.url, dataDir: dataDir ?? '' },
    logLevel: 'silent',
    ...(opts.desk ? { web: await deskConfig(fake) } : {}),
  };
  const logger = createLogger(process.env.E2E_LOG_LEVEL ?? 'silent');
  let bot = await startBot(config, logger, opts.bot);
  // What `npm run deploy-commands` does: register the registry's commands.
  await bot.client.rest.put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });

  const world: World = {
    fake,
    get bot() {
      return bot;
    },
    community,
    addCommunity: (name) => seedCommunity(fake, name),
    run: (c, userId, command, subcommand, options = {}) =>
      fake
        .slash(userId, c.guild.id, command, { ...(subcommand ? { subcommand } : {}), channelId: c.channels.staffRoom.id, options })
        .settled({ timeoutMs: 15_000 }),
    setUp: (c, extra = {}) => configureCommunity(fake, c, extra),
    async restart(between) {
      await bot.stop();
      await between?.();
      bot = await startBot(config, logger, opts.bot);
    },
    async stop() {
      await bot.stop();
      await fake.stop();
      // E2E_SPEC_REPORT=file: one JSON line per world, to total the requests checked against the spec.
      const report = process.env.E2E_SPEC_REPORT;
      if (report) await appendFile(report, `${JSON.stringify({ validated: fake.validatedCount, requests: fake.requests.length, violations: fake.violations.length })}\n`);
      await scratch?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

