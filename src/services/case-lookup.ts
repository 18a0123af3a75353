import { decide, type CaseAction } from '../domain/lifecycle.js';
import { checkRecusal } from '../domain/recusal.js';
import { ok } from '../domain/result.js';
import type { CaseStatus } from '../domain/types.js';
import type { CaseWithParties, GuildSettings } from '../ports.js';
import type { Actor, ServiceDeps } from './deps.js';
import { refuse, type ServiceResult } from './service-result.js';
import { requireStaff } from './staff-guard.js';

export type CaseAccess = { readonly settings: GuildSettings; readonly case: CaseWithParties; readonly next: CaseStatus };

/**
 * Loads case #number of this guild for `action` by `actor`: set up, staff,
 * the case exists here, the lifecycle allows the action, and the actor is
 * not a party to it (recusal). The checks every case command shares.
 */
export async function caseForAction(
  deps: ServiceDeps,
  guildId: string,
  number: number,
  actor: Actor,
  action: CaseAction,
): Promise<ServiceResult<CaseAccess>> {
  const staff = await requireStaff(deps, guildId, actor);
  if (!staff.ok) return staff;
  const theCase = await deps.cases.forGuild(guildId).find(number);
  if (!theCase) return refuse('case-not-found');
  const decision = decide(theCase.status, action, staff.value.rank);
  if (!decision.ok) return refuse(decision.reason);
  const recusal = checkRecusal(actor.id, theCase.parties.map((p) => p.userId));
  if (!recusal.ok) return refuse(recusal.reason);
  return ok({ settings: staff.value.settings, case: theCase, next: decision.value.next });
}
