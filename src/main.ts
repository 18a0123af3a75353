import { loadConfigOrExit } from './config/load.js';
import { startBot } from './bot.js';
import { processLogger } from './logging/logger.js';
import { runShardManager } from './sharding/shard-manager.js';
import { stopOnSignals } from './stop-on-signals.js';

// `npm start`: the sharding manager and its shard processes, or (SHARDING=off,
// or the embedded database, which serves one process) the whole bot here.
const config = loadConfigOrExit();
const logger = processLogger(config);

try {
  if (config.sharding?.enabled) {
    const manager = await runShardManager(config, logger.child({ role: 'manager' }));
    stopOnSignals(logger, () => manager.stop());
  } else {
    if (config.database.url === undefined) logger.info('one process, no shards: the embedded database serves one process');
    const bot = await startBot(config, logger);
    stopOnSignals(logger, () => bot.stop());
  }
} catch (error) {
  logger.fatal({ err: error }, 'Bothsides could not start');
  process.exitCode = 1;
}
