import { caseStats, type CaseStats } from '../domain/case-stats.js';
import { DAY_MS } from '../domain/durations.js';
import { ok } from '../domain/result.js';
import type { Actor, ServiceDeps } from './deps.js';
import type { ServiceResult } from './service-result.js';
import { requireStaff } from './staff-guard.js';

/** The windows /case stats shows, in days. */
export const STATS_WINDOWS = [30, 90] as const;

export type CaseStatsOutcome = { readonly windows: readonly { readonly days: number; readonly stats: CaseStats }[] };

/** /case stats (staff): the server's figures for the last 30 and 90 days, from one read of the last 90. */
export async function caseStatsOf(deps: ServiceDeps, input: { readonly guildId: string; readonly actor: Actor }): Promise<ServiceResult<CaseStatsOutcome>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const now = deps.clock.now().getTime();
  const widest = Math.max(...STATS_WINDOWS);
  const rows = await deps.cases.forGuild(input.guildId).statsSince(new Date(now - widest * DAY_MS));
  return ok({ windows: STATS_WINDOWS.map((days) => ({ days, stats: caseStats(rows, new Date(now - days * DAY_MS)) })) });
}
