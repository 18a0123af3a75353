import type { RelatedCase } from '../domain/patterns.js';
import { OUTCOME_LABELS, RELATION_LABELS, STATUS_LABELS } from './labels.js';

/** One line per related case: "#3 (Closed: Unfounded) · the same two people, roles reversed". */
export function relatedLines(related: readonly RelatedCase[]): string[] {
  return related.map((r) => `#${r.number} (${STATUS_LABELS[r.status]}${r.outcome ? `: ${OUTCOME_LABELS[r.outcome]}` : ''}) · ${RELATION_LABELS[r.relation]}`);
}

/** A note for staff when the same two people keep turning up on opposite sides: the guide's "failed relationship" pattern. */
export function patternHint(related: readonly RelatedCase[]): string | null {
  const reversed = related.filter((r) => r.relation === 'same-pair-reversed').length;
  const pair = related.filter((r) => r.relation === 'same-pair' || r.relation === 'same-pair-reversed').length;
  if (reversed > 0) return `These two have complained about each other before (${reversed} case${reversed === 1 ? '' : 's'} with the roles reversed): this may be a falling-out more than one-sided harassment. Hear both sides carefully.`;
  if (pair > 0) return `These two people were in ${pair} earlier case${pair === 1 ? '' : 's'} together.`;
  return null;
}
