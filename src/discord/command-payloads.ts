import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from './command.js';

/**
 * The command definitions as sent to Discord by deploy-commands.
 *
 * discord.js's builders write `default_member_permissions` as a string
 * ("8192"), as Discord's prose documentation shows it; Discord's published
 * OpenAPI spec declares it an integer (or null). We send the integer form,
 * which both accept, so our requests match the spec.
 */
export function commandPayloads(commands: readonly Command[]): RESTPostAPIApplicationCommandsJSONBody[] {
  return commands.map((c) => {
    const perms = c.data.default_member_permissions;
    if (typeof perms !== 'string') return c.data;
    return { ...c.data, default_member_permissions: Number(perms) as unknown as string };
  });
}
