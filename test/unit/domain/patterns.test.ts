import { describe, expect, it } from 'vitest';
import { relatedCases, type OtherCase } from '../../../src/domain/patterns.js';
import type { PartyRole } from '../../../src/domain/types.js';

const ALEX = 'alex';
const SAM = 'sam';

/** Another case, numbered, in which the given users had the given roles. */
const other = (number: number, roles: Record<string, PartyRole>, status: OtherCase['status'] = 'closed', outcome: OtherCase['outcome'] = 'no_action'): OtherCase => ({
  number,
  status,
  outcome,
  roles: Object.entries(roles).map(([userId, role]) => ({ userId, role })),
});

describe('relatedCases: how other cases relate to one where Alex complains about Sam', () => {
  it("a case where Sam complained about Alex (the guide's failed relationship) is the same pair reversed", () => {
    expect(relatedCases(ALEX, SAM, [other(3, { [SAM]: 'complainant', [ALEX]: 'accused' })])).toEqual([
      { number: 3, status: 'closed', outcome: 'no_action', relation: 'same-pair-reversed' },
    ]);
  });

  it('a case where Alex already complained about Sam is the same pair', () => {
    expect(relatedCases(ALEX, SAM, [other(2, { [ALEX]: 'complainant', [SAM]: 'accused' }, 'open', null)])).toEqual([
      { number: 2, status: 'open', outcome: null, relation: 'same-pair' },
    ]);
  });

  it('a case where Sam was accused by someone else is the same accused', () => {
    expect(relatedCases(ALEX, SAM, [other(4, { [SAM]: 'accused' })]).map((r) => r.relation)).toEqual(['same-accused']);
  });

  it('a case where Alex complained about someone else is the same complainant', () => {
    expect(relatedCases(ALEX, SAM, [other(5, { [ALEX]: 'complainant' })]).map((r) => r.relation)).toEqual(['same-complainant']);
  });

  it('a case where Alex was only a witness is left out', () => {
    expect(relatedCases(ALEX, SAM, [other(6, { [ALEX]: 'witness' })])).toEqual([]);
  });

  it('a case where Sam was only a witness, or where Sam complained about someone else, is left out', () => {
    expect(relatedCases(ALEX, SAM, [other(7, { [SAM]: 'witness' }), other(8, { [SAM]: 'complainant' })])).toEqual([]);
  });

  it('a case where Alex was accused by someone else is left out', () => {
    expect(relatedCases(ALEX, SAM, [other(9, { [ALEX]: 'accused' })])).toEqual([]);
  });

  it('no other case: nothing related', () => {
    expect(relatedCases(ALEX, SAM, [])).toEqual([]);
  });

  it('keeps the status and outcome of each related case', () => {
    const [related] = relatedCases(ALEX, SAM, [other(10, { [SAM]: 'accused' }, 'escalated', null)]);
    expect(related).toEqual({ number: 10, status: 'escalated', outcome: null, relation: 'same-accused' });
  });
});

describe('relatedCases: ordering', () => {
  it('puts the strongest relation first: reversed pair, pair, same accused, same complainant', () => {
    const others = [
      other(1, { [ALEX]: 'complainant' }),
      other(2, { [SAM]: 'accused' }),
      other(3, { [ALEX]: 'complainant', [SAM]: 'accused' }),
      other(4, { [SAM]: 'complainant', [ALEX]: 'accused' }),
    ];
    expect(relatedCases(ALEX, SAM, others).map((r) => [r.number, r.relation])).toEqual([
      [4, 'same-pair-reversed'],
      [3, 'same-pair'],
      [2, 'same-accused'],
      [1, 'same-complainant'],
    ]);
  });

  it('puts the newest number first among cases of the same relation, whatever the input order', () => {
    const others = [
      other(11, { [SAM]: 'accused' }),
      other(30, { [ALEX]: 'complainant' }),
      other(25, { [SAM]: 'accused' }),
      other(2, { [SAM]: 'accused' }),
      other(12, { [ALEX]: 'complainant' }),
      other(7, { [SAM]: 'complainant', [ALEX]: 'accused' }),
      other(40, { [SAM]: 'complainant', [ALEX]: 'accused' }),
    ];
    expect(relatedCases(ALEX, SAM, others).map((r) => [r.number, r.relation])).toEqual([
      [40, 'same-pair-reversed'],
      [7, 'same-pair-reversed'],
      [25, 'same-accused'],
      [11, 'same-accused'],
      [2, 'same-accused'],
      [30, 'same-complainant'],
      [12, 'same-complainant'],
    ]);
  });

  it('an older reversed pair still comes before a newer case with only the same accused', () => {
    const others = [other(99, { [SAM]: 'accused' }), other(1, { [SAM]: 'complainant', [ALEX]: 'accused' })];
    expect(relatedCases(ALEX, SAM, others).map((r) => r.number)).toEqual([1, 99]);
  });

  it('does not change the list it was given', () => {
    const others = [other(1, { [ALEX]: 'complainant' }), other(2, { [SAM]: 'accused' })];
    const copy = structuredClone(others);
    relatedCases(ALEX, SAM, others);
    expect(others).toEqual(copy);
  });
});

describe('relatedCases: a case without a complainant or an accused', () => {
  it('with no complainant, only the same accused is found', () => {
    const others = [other(1, { [SAM]: 'accused' }), other(2, { [ALEX]: 'complainant' }), other(3, { [SAM]: 'complainant' })];
    expect(relatedCases(null, SAM, others).map((r) => [r.number, r.relation])).toEqual([[1, 'same-accused']]);
  });

  it('with no accused, only the same complainant is found', () => {
    const others = [other(1, { [SAM]: 'accused' }), other(2, { [ALEX]: 'complainant' }), other(3, { [ALEX]: 'accused' })];
    expect(relatedCases(ALEX, null, others).map((r) => [r.number, r.relation])).toEqual([[2, 'same-complainant']]);
  });

  it('with neither, nothing is related', () => {
    expect(relatedCases(null, null, [other(1, { [SAM]: 'accused' }), other(2, { [ALEX]: 'complainant' })])).toEqual([]);
  });
});

describe('a witness does not make a pair', () => {
  it('the complainant, only a witness in another case against the same accused: that case counts as the same accused', () => {
    const other = { number: 4, status: 'open' as const, outcome: null, roles: [{ userId: 'c', role: 'witness' as const }, { userId: 'a', role: 'accused' as const }] };
    expect(relatedCases('c', 'a', [other])).toEqual([{ number: 4, status: 'open', outcome: null, relation: 'same-accused' }]);
  });
});

