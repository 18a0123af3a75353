/**
 * Patterns across cases, for staff: the same accused again, the same two
 * people again (and the guide's "failed relationship": the same two on
 * opposite sides, taking turns to complain), the same complainant again.
 */
import type { CaseOutcome, CaseStatus, PartyRole } from './types.js';

export type RelatedBy = 'same-pair-reversed' | 'same-pair' | 'same-accused' | 'same-complainant';

export type OtherCase = {
  readonly number: number;
  readonly status: CaseStatus;
  readonly outcome: CaseOutcome | null;
  /** The roles, in that case, of the users this case is about. */
  readonly roles: readonly { readonly userId: string; readonly role: PartyRole }[];
};

export type RelatedCase = { readonly number: number; readonly status: CaseStatus; readonly outcome: CaseOutcome | null; readonly relation: RelatedBy };

const roleOf = (c: OtherCase, userId: string | null): PartyRole | null => (userId === null ? null : (c.roles.find((r) => r.userId === userId)?.role ?? null));

/**
 * How each other case relates to this one (complainant C, accused A), the
 * strongest relation first: the pair with roles swapped, the pair, A
 * accused again, C complaining again. A pair means both were complainant
 * or accused there; cases related only otherwise (say, C once a witness)
 * are left out.
 */
export function relatedCases(complainantId: string | null, accusedId: string | null, others: readonly OtherCase[]): RelatedCase[] {
  const rank: Record<RelatedBy, number> = { 'same-pair-reversed': 0, 'same-pair': 1, 'same-accused': 2, 'same-complainant': 3 };
  return others
    .flatMap((c): RelatedCase[] => {
      const c1 = roleOf(c, complainantId);
      const a1 = roleOf(c, accusedId);
      const base = { number: c.number, status: c.status, outcome: c.outcome };
      const principal = (r: PartyRole | null) => r === 'complainant' || r === 'accused';
      // The same two people as complainant and accused (a witness does not make a pair).
      if (principal(c1) && principal(a1)) return [{ ...base, relation: c1 === 'accused' && a1 === 'complainant' ? 'same-pair-reversed' : 'same-pair' }];
      if (a1 === 'accused') return [{ ...base, relation: 'same-accused' }];
      if (c1 === 'complainant') return [{ ...base, relation: 'same-complainant' }];
      return [];
    })
    .sort((x, y) => rank[x.relation] - rank[y.relation] || y.number - x.number);
}
