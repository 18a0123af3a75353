import { CHECK_IN_ANSWERS, type CaseCategory, type CaseOutcome, type CheckInAnswer } from './types.js';

/** What the figures are computed from: the cases opened or closed in the window, their principal parties' first statements, the escalations. */
export type StatsInput = {
  readonly cases: readonly {
    readonly id: string;
    readonly category: CaseCategory;
    readonly createdAt: Date;
    readonly closedAt: Date | null;
    readonly outcome: CaseOutcome | null;
    /** When each principal party (complainant, accused) was first heard; null for one not heard yet. */
    readonly firstHeard: readonly (Date | null)[];
  }[];
  readonly escalations: readonly { readonly createdAt: Date; readonly acknowledgedAt: Date | null }[];
  /** The check-ins created since (delivered or not), with their answers. */
  readonly checkIns: readonly { readonly createdAt: Date; readonly delivered: boolean; readonly answer: CheckInAnswer | null }[];
};

/** A duration's middle and 90th percentile (nearest rank), in milliseconds; null with nothing to measure. */
export type Spread = { readonly count: number; readonly median: number | null; readonly p90: number | null };

export type CaseStats = {
  readonly since: Date;
  readonly opened: number;
  readonly closed: number;
  readonly byCategory: Readonly<Partial<Record<CaseCategory, number>>>;
  readonly byOutcome: Readonly<Partial<Record<CaseOutcome, number>>>;
  readonly toFirstSide: Spread;
  readonly toBothSides: Spread;
  readonly toClose: Spread;
  readonly escalations: number;
  readonly toAcknowledge: Spread;
  /** Check-ins that reached their party, how many were answered, and how. */
  readonly checkIns: { readonly sent: number; readonly answered: number; readonly answers: Readonly<Record<CheckInAnswer, number>> };
};

/** The value at rank ceil(p·n) of the sorted values (nearest rank): an actual duration, never an average of two. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

export const spread = (values: readonly number[]): Spread => ({ count: values.length, median: percentile(values, 0.5), p90: percentile(values, 0.9) });

const tally = <K extends string>(keys: readonly K[]): Partial<Record<K, number>> => {
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

/**
 * The figures of one window (`since` to now): cases opened and closed in
 * it, by category and outcome; for the cases opened in it, how long until
 * the first and until both principal sides were heard, and until closing;
 * the escalations made in it and how long until an admin acknowledged them.
 * A case not yet heard, closed or acknowledged is counted where it is, not
 * in the durations.
 */
export function caseStats(input: StatsInput, since: Date): CaseStats {
  const opened = input.cases.filter((c) => c.createdAt >= since);
  const closed = input.cases.filter((c) => c.closedAt !== null && c.closedAt >= since);
  const after = (from: Date, to: Date | null): number[] => (to === null ? [] : [to.getTime() - from.getTime()]);
  const heardTimes = (c: (typeof opened)[number]) => c.firstHeard.filter((d): d is Date => d !== null).map((d) => d.getTime());
  const escalations = input.escalations.filter((e) => e.createdAt >= since);
  return {
    since,
    opened: opened.length,
    closed: closed.length,
    byCategory: tally(opened.map((c) => c.category)),
    byOutcome: tally(closed.flatMap((c) => (c.outcome === null ? [] : [c.outcome]))),
    toFirstSide: spread(opened.flatMap((c) => (heardTimes(c).length > 0 ? [Math.min(...heardTimes(c)) - c.createdAt.getTime()] : []))),
    toBothSides: spread(
      opened.flatMap((c) => (c.firstHeard.length > 0 && c.firstHeard.every((d) => d !== null) ? [Math.max(...heardTimes(c)) - c.createdAt.getTime()] : [])),
    ),
    toClose: spread(opened.flatMap((c) => after(c.createdAt, c.closedAt))),
    escalations: escalations.length,
    toAcknowledge: spread(escalations.flatMap((e) => after(e.createdAt, e.acknowledgedAt))),
    checkIns: checkInFigures(input.checkIns.filter((c) => c.createdAt >= since)),
  };
}

function checkInFigures(checkIns: StatsInput['checkIns']): CaseStats['checkIns'] {
  const answered = checkIns.flatMap((c) => (c.answer === null ? [] : [c.answer]));
  const answers = Object.fromEntries(CHECK_IN_ANSWERS.map((a) => [a, answered.filter((x) => x === a).length])) as Record<CheckInAnswer, number>;
  return { sent: checkIns.filter((c) => c.delivered).length, answered: answered.length, answers };
}
