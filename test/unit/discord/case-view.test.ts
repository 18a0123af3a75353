import { describe, expect, it } from 'vitest';
import { embedsLength, FIELD_MAX, fitLines, MESSAGE_EMBEDS_MAX } from '../../../src/discord/render/embed-budget.js';
import { caseViewEmbeds } from '../../../src/discord/render/case-view.js';
import type { CaseDetail } from '../../../src/ports.js';
import { translator } from '../../../src/i18n/translate.js';

const en = translator('en-US');

const at = new Date('2026-01-01T00:00:00Z');
const id = (n: number) => String(300000000000000000n + BigInt(n));

/** A busy case: the longest summary, many long statements, escalations, advice and notes (the fuzz's BUG-7). */
function busyCase(): CaseDetail {
  const parties = [1, 2, 3].map((n) => ({ id: `p${n}`, caseId: 'c', userId: id(n), role: n === 1 ? 'complainant' : n === 2 ? 'accused' : 'witness', position: n, threadId: id(100 + n) }) as const);
  return {
    id: 'c',
    guildId: id(0),
    number: 7,
    category: 'harassment',
    status: 'escalated',
    realLife: true,
    offPlatform: true,
    exposureLocation: null,
    summary: 's'.repeat(1000),
    openedById: id(9),
    outcome: null,
    closeReason: null,
    closedById: null,
    legalHold: false,
    createdAt: at,
    closedAt: null,
    parties,
    statements: parties.flatMap((p) => Array.from({ length: 6 }, (_, i) => ({ id: `${p.id}-${i}`, partyId: p.id, recordedById: id(9), text: 'w '.repeat(300), source: 'moderator_entry' as const, sourceUrl: null, createdAt: at }))),
    escalations: Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, caseId: 'c', escalatedById: id(9), reason: 'r'.repeat(400), urgency: 'urgent' as const, channelId: null, messageId: null, acknowledgedById: null, acknowledgedAt: null, createdAt: at })),
    notes: Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, authorId: id(9), text: 'n'.repeat(400), createdAt: at })),
    deliveries: Array.from({ length: 8 }, (_, i) => ({ id: `d${i}`, caseId: 'c', userId: id(1), topics: ['self_help', 'off_platform', 'real_life', 'personal_info'] as const, channel: 'none' as const, delivered: false, failureReason: 'dm: cannot-dm; no interview thread', createdAt: at })),
    checkIns: parties.map((p, i) => ({ id: `k${i}`, caseId: 'c', partyId: p.id, userId: p.userId, trigger: 'opened' as const, status: 'sent' as const, channel: 'dm' as const, failureReason: null, answer: 'still' as const, answeredAt: at, requestedById: id(9), createdAt: at })),
    recentEvents: Array.from({ length: 10 }, (_, i) => ({ id: String(i), caseId: 'c', actorId: id(9), type: 'statement_recorded', data: {}, createdAt: at })),
  };
}

describe('/case view fits one message', () => {
  it('a busy case stays within 6,000 characters over all embeds and 1,024 per field, and says what did not fit', () => {
    const embeds = caseViewEmbeds(en, busyCase(), { heard: 2, of: 2, missing: [] });
    expect(embedsLength(embeds)).toBeLessThanOrEqual(MESSAGE_EMBEDS_MAX);
    for (const field of embeds.flatMap((e) => e.fields ?? [])) expect(field.value.length).toBeLessThanOrEqual(FIELD_MAX);
    expect(JSON.stringify(embeds)).toMatch(/… and \d+ more/);
    expect(embeds[0]?.description).toHaveLength(1000); // the summary is never cut
  });

  it('a small case is shown whole', () => {
    const small = { ...busyCase(), statements: [], escalations: [], notes: [], deliveries: [], checkIns: [], recentEvents: [] };
    const text = JSON.stringify(caseViewEmbeds(en, small, { heard: 0, of: 2, missing: ['complainant', 'accused'] }));
    expect(text).not.toContain('more');
  });

  it('fitLines keeps whole lines within the limit and counts the rest', () => {
    expect(fitLines(en, [], 50)).toBe('none');
    expect(fitLines(en, ['a', 'b'], 50)).toBe('a\nb');
    const cut = fitLines(en, Array.from({ length: 10 }, () => 'x'.repeat(20)), 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut).toMatch(/… and \d+ more$/);
  });
});
