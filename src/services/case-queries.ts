import { sidesHeard, type SidesHeard } from '../domain/neutrality.js';
import { checkRecusal } from '../domain/recusal.js';
import { ok } from '../domain/result.js';
import type { CaseStatus } from '../domain/types.js';
import type { CaseDetail, CaseRecord } from '../ports.js';
import type { Actor, ServiceDeps } from './deps.js';
import type { RelatedCase } from '../domain/patterns.js';
import { relatedCasesOf } from './related-cases.js';
import { refuse, type ServiceResult } from './service-result.js';
import { requireStaff } from './staff-guard.js';

export const RECENT_EVENTS_IN_VIEW = 10;
export const LIST_PAGE_SIZE = 10;

/** /case view: everything staff need, with sides heard. */
export async function viewCase(
  deps: ServiceDeps,
  input: { guildId: string; actor: Actor; caseNumber: number },
): Promise<ServiceResult<{ detail: CaseDetail; sides: SidesHeard; related: readonly RelatedCase[]; evidence: number }>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const detail = await deps.cases.forGuild(input.guildId).detail(input.caseNumber, RECENT_EVENTS_IN_VIEW);
  if (!detail) return refuse('case-not-found');
  const recusal = checkRecusal(input.actor.id, detail.parties.map((p) => p.userId));
  if (!recusal.ok) return refuse(recusal.reason);
  const [related, evidence] = await Promise.all([relatedCasesOf(deps, detail), deps.caseRecords.forGuild(input.guildId).evidenceOf(detail.id)]);
  return ok({ detail, sides: sidesHeard(detail.parties, detail.statements), related, evidence: evidence.length });
}

/** A case in a list; a moderator who is a party to it sees only its number. */
export type CaseListItem = CaseRecord & { readonly viewerIsParty: boolean };

export type CasePage = {
  readonly items: readonly CaseListItem[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly status: CaseStatus | null;
};

/**
 * /case list: newest first, one page at a time. Cases the moderator is a
 * party to are marked, so that nothing of them but the number is shown.
 */
export async function listCases(
  deps: ServiceDeps,
  input: { guildId: string; actor: Actor; status: CaseStatus | null; page: number },
): Promise<ServiceResult<CasePage>> {
  const staff = await requireStaff(deps, input.guildId, input.actor);
  if (!staff.ok) return staff;
  const page = Math.max(0, Math.floor(input.page));
  const { items, total } = await deps.cases.forGuild(input.guildId).list({
    ...(input.status ? { status: input.status } : {}),
    page,
    pageSize: LIST_PAGE_SIZE,
  });
  const recused = await deps.cases.forGuild(input.guildId).casesWithParty(input.actor.id, items.map((c) => c.id));
  return ok({
    items: items.map((c) => ({ ...c, viewerIsParty: recused.has(c.id) })),
    page,
    pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
    total,
    status: input.status,
  });
}
