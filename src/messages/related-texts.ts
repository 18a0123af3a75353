import type { RelatedCase } from '../domain/patterns.js';
import type { T } from '../i18n/translate.js';

/** One line per related case: "#3 (Closed: Unfounded) · the same two people, roles reversed". */
export function relatedLines(t: T, related: readonly RelatedCase[]): string[] {
  return related.map((r) => {
    const common = { number: r.number, status: t(`labels.status.${r.status}`), relation: t(`labels.relation.${r.relation}`) };
    return r.outcome ? t('related.lineClosed', { ...common, outcome: t(`labels.outcome.${r.outcome}`) }) : t('related.line', common);
  });
}

/** A note for staff when the same two people keep turning up on opposite sides: the guide's "failed relationship" pattern. */
export function patternHint(t: T, related: readonly RelatedCase[]): string | null {
  const reversed = related.filter((r) => r.relation === 'same-pair-reversed').length;
  const pair = related.filter((r) => r.relation === 'same-pair' || r.relation === 'same-pair-reversed').length;
  if (reversed > 0) return t('related.reversed', { count: reversed });
  if (pair > 0) return t('related.together', { count: pair });
  return null;
}
