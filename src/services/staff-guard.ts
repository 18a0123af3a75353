import { rankOf } from '../domain/rank.js';
import type { ActorRank } from '../domain/types.js';
import type { GuildSettings } from '../ports.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refuse, type ServiceResult } from './service-result.js';
import { ok } from '../domain/result.js';

export type StaffContext = { readonly settings: GuildSettings; readonly rank: Exclude<ActorRank, 'member'> };

/**
 * The first check of every staff command: the guild is set up and the actor
 * holds the staff or admin role. Done here, on the server side, so a server
 * admin loosening the commands' Discord permissions opens nothing.
 */
export async function requireStaff(deps: ServiceDeps, guildId: string, actor: Actor): Promise<ServiceResult<StaffContext>> {
  const settings = await deps.settings.forGuild(guildId).get();
  if (!settings) return refuse('not-configured');
  const rank = rankOf(actor.roleIds, settings);
  if (rank === 'member') return refuse('not-staff');
  return ok({ settings, rank });
}
