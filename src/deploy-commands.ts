import { REST, Routes } from 'discord.js';
import { registry } from '../commands/registry.js';
import { loadConfigOrExit } from './config/load.js';
import { commandPayloads } from './discord/command-payloads.js';
import { createLogger, defaultLogFormat } from './logging/logger.js';

/**
 * Registers the commands of the registry: on DISCORD_DEV_GUILD_ID when set
 * (visible at once), globally otherwise (may take up to an hour to appear).
 */
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, undefined, config.logFormat ?? defaultLogFormat(process.stdout.isTTY === true));
const rest = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token);
const body = commandPayloads(registry.commands);
const { clientId, devGuildId } = config.discord;
const route = devGuildId ? Routes.applicationGuildCommands(clientId, devGuildId) : Routes.applicationCommands(clientId);

try {
  await rest.put(route, { body });
  logger.info({ commands: body.map((c) => c.name), scope: devGuildId ? `guild ${devGuildId}` : 'global' }, 'commands registered');
} catch (error) {
  logger.fatal({ err: error }, 'could not register the commands');
  process.exitCode = 1;
}
