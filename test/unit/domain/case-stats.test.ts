import { describe, expect, it } from 'vitest';
import { caseStats, percentile } from '../../../src/domain/case-stats.js';

const H = 60 * 60 * 1000;
const t0 = new Date('2026-06-01T00:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * H);

describe('case figures', () => {
  it('take the nearest-rank percentile: an actual value, never an average', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });

  it('count what was opened and closed in the window, and time only what happened', () => {
    const stats = caseStats(
      {
        cases: [
          // Opened before the window, closed in it: counts as closed only.
          { id: 'a', category: 'other', createdAt: at(-100), closedAt: at(10), outcome: 'no_action', firstHeard: [at(-90), at(-80)] },
          // Heard on both sides after 2 h and 6 h, closed after 30 h.
          { id: 'b', category: 'stalking', createdAt: at(0), closedAt: at(30), outcome: 'advised_self_help', firstHeard: [at(2), at(6)] },
          // One side heard after 1 h, the other not yet, still open.
          { id: 'c', category: 'stalking', createdAt: at(1), closedAt: null, outcome: null, firstHeard: [null, at(2)] },
          // Nobody heard yet.
          { id: 'd', category: 'harassment', createdAt: at(5), closedAt: null, outcome: null, firstHeard: [null, null] },
        ],
        escalations: [
          { createdAt: at(-50), acknowledgedAt: at(-49) },
          { createdAt: at(3), acknowledgedAt: at(7) },
          { createdAt: at(4), acknowledgedAt: null },
        ],
        checkIns: [
          // Before the window: not counted.
          { createdAt: at(-50), delivered: true, answer: 'better' },
          { createdAt: at(1), delivered: true, answer: 'still' },
          { createdAt: at(2), delivered: true, answer: 'real_life' },
          { createdAt: at(3), delivered: true, answer: null },
          // Undeliverable: neither sent nor answered.
          { createdAt: at(4), delivered: false, answer: null },
        ],
      },
      t0,
    );
    expect(stats).toEqual({
      since: t0,
      opened: 3,
      closed: 2,
      byCategory: { stalking: 2, harassment: 1 },
      byOutcome: { no_action: 1, advised_self_help: 1 },
      toFirstSide: { count: 2, median: 1 * H, p90: 2 * H },
      toBothSides: { count: 1, median: 6 * H, p90: 6 * H },
      toClose: { count: 1, median: 30 * H, p90: 30 * H },
      escalations: 2,
      toAcknowledge: { count: 1, median: 4 * H, p90: 4 * H },
      checkIns: { sent: 3, answered: 2, answers: { better: 0, still: 1, real_life: 1 } },
    });
  });
});
