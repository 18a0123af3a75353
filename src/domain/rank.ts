import type { ActorRank } from './types.js';

/**
 * A member's rank for the rules, from their roles and the guild's settings.
 * The admin (escalation) role outranks staff. Checked on the server side for
 * every command, whatever Discord's own command permissions say.
 */
export function rankOf(roleIds: readonly string[], roles: { staffRoleId: string; adminRoleId: string }): ActorRank {
  if (roleIds.includes(roles.adminRoleId)) return 'admin';
  if (roleIds.includes(roles.staffRoleId)) return 'staff';
  return 'member';
}
