import { loadProxyConfigOrExit } from './config/proxy-config.js';
import { createLogger, defaultLogFormat } from './logging/logger.js';
import { startRestProxy } from './rest-proxy.js';
import { stopOnSignals } from './stop-on-signals.js';

// `npm run rest-proxy`: one shared REST queue for every shard and machine (see README, "Running several processes").
const config = loadProxyConfigOrExit();
const logger = createLogger('info', undefined, defaultLogFormat(process.stdout.isTTY === true)).child({ role: 'rest-proxy' });
const { server } = await startRestProxy(config, logger);
stopOnSignals(logger, () => new Promise<void>((resolve) => server.close(() => resolve())));
