import { loadConfigOrExit } from './config/load.js';
import { startBot } from './bot.js';
import { createLogger, defaultLogFormat } from './logging/logger.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, undefined, config.logFormat ?? defaultLogFormat(process.stdout.isTTY === true));

try {
  const bot = await startBot(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'Bothsides could not start');
  process.exitCode = 1;
}
