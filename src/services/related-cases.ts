import { relatedCases, type RelatedCase } from '../domain/patterns.js';
import type { CaseWithParties } from '../ports.js';
import type { ServiceDeps } from './deps.js';

/** Other cases of this guild that share this case's complainant or accused, and how (staff only: never shown to a party). */
export async function relatedCasesOf(deps: ServiceDeps, theCase: CaseWithParties): Promise<readonly RelatedCase[]> {
  const complainant = theCase.parties.find((p) => p.role === 'complainant')?.userId ?? null;
  const accused = theCase.parties.find((p) => p.role === 'accused')?.userId ?? null;
  const users = [complainant, accused].filter((u) => u !== null);
  if (users.length === 0) return [];
  const others = await deps.caseRecords.forGuild(theCase.guildId).casesInvolving(users, theCase.id);
  return relatedCases(complainant, accused, others);
}
