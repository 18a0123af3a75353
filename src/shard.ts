import { loadConfigOrExit } from './config/load.js';
import { startBot } from './bot.js';
import { processLogger } from './logging/logger.js';
import { stopOnSignals } from './stop-on-signals.js';

// One shard's process, started by the sharding manager (src/sharding/shard-manager.ts),
// which sets SHARDS and SHARD_COUNT; discord.js's client reads them to identify as that shard.
const config = loadConfigOrExit();
const logger = processLogger(config).child({ shard: config.sharding?.thisShard });

try {
  const bot = await startBot(config, logger);
  // A manager that is gone (killed, or its machine's service stopped) takes its shards with it.
  stopOnSignals(logger, () => bot.stop(), (shutdown) => process.once('disconnect', () => shutdown('manager gone')));
} catch (error) {
  logger.fatal({ err: error }, 'this shard could not start');
  process.exitCode = 1;
}
