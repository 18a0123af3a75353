import type { Logger } from './logging/logger.js';

/**
 * Stops cleanly on SIGINT or SIGTERM (and on `alsoWhen`, such as a shard's
 * manager going away), then exits: 0 when the stop went well, 1 otherwise.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, alsoWhen: ((shutdown: (reason: string) => void) => void) | null = null): void {
  let stopping = false;
  const shutdown = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  alsoWhen?.(shutdown);
}
