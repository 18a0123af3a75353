import { loadConfigOrExit } from './config/load.js';
import { startDeskProcess } from './desk-process.js';
import { processLogger } from './logging/logger.js';
import { stopOnSignals } from './stop-on-signals.js';

// `npm run desk`: the case desk in a process of its own, on any machine that reaches the database.
const config = loadConfigOrExit();
const logger = processLogger(config).child({ role: 'desk' });

if (!config.web) {
  process.stderr.write('Bothsides cannot start the desk: WEB_PORT is not set. Set WEB_PORT and DISCORD_CLIENT_SECRET (see .env.example).\n');
  process.exit(1);
}
if (!config.database.url) {
  process.stderr.write('Bothsides cannot start the desk on its own: DATABASE_URL is not set. The embedded database serves one process; without DATABASE_URL the desk runs inside `npm start`.\n');
  process.exit(1);
}
try {
  const desk = await startDeskProcess(config, config.web, logger);
  stopOnSignals(logger, () => desk.stop());
} catch (error) {
  logger.fatal({ err: error }, 'the desk could not start');
  process.exitCode = 1;
}
