import { describe, it, expect } from 'vitest';
import { checkClose, sidesHeard } from '../../../src/domain/neutrality.js';

const parties = [
  { id: 'p1', role: 'complainant' as const },
  { id: 'p2', role: 'accused' as const },
  { id: 'p3', role: 'witness' as const },
];

describe('sides heard', () => {
  it('no statements: 0 of 2, both principal roles missing', () => {
    expect(sidesHeard(parties, [])).toEqual({ heard: 0, of: 2, missing: ['complainant', 'accused'] });
  });

  it('only the complainant spoke: 1 of 2, accused missing', () => {
    expect(sidesHeard(parties, [{ partyId: 'p1', text: 'he keeps following me' }])).toEqual({ heard: 1, of: 2, missing: ['accused'] });
  });

  it('both principals spoke: 2 of 2, nothing missing', () => {
    const statements = [
      { partyId: 'p1', text: 'a' },
      { partyId: 'p2', text: 'b' },
    ];
    expect(sidesHeard(parties, statements)).toEqual({ heard: 2, of: 2, missing: [] });
  });

  it('a witness statement counts neither towards heard nor of', () => {
    expect(sidesHeard(parties, [{ partyId: 'p3', text: 'I saw it' }])).toEqual({ heard: 0, of: 2, missing: ['complainant', 'accused'] });
  });

  it('a blank or whitespace-only statement is not a side', () => {
    const statements = [
      { partyId: 'p1', text: '' },
      { partyId: 'p2', text: '  \n\t ' },
    ];
    expect(sidesHeard(parties, statements)).toEqual({ heard: 0, of: 2, missing: ['complainant', 'accused'] });
  });

  it('several statements from one party count as one side', () => {
    const statements = [
      { partyId: 'p1', text: 'first' },
      { partyId: 'p1', text: 'second' },
      { partyId: 'p1', text: ' ' },
    ];
    expect(sidesHeard(parties, statements)).toEqual({ heard: 1, of: 2, missing: ['accused'] });
  });

  it('a statement of someone who is not a party is ignored', () => {
    expect(sidesHeard(parties, [{ partyId: 'stranger', text: 'hello' }])).toEqual({ heard: 0, of: 2, missing: ['complainant', 'accused'] });
  });

  it('two accused with one heard: 2 of 3, accused listed once as missing', () => {
    const three = [...parties, { id: 'p4', role: 'accused' as const }];
    const statements = [
      { partyId: 'p1', text: 'a' },
      { partyId: 'p2', text: 'b' },
    ];
    expect(sidesHeard(three, statements)).toEqual({ heard: 2, of: 3, missing: ['accused'] });
  });
});

describe('closing and one-sidedness', () => {
  const both = [
    { partyId: 'p1', text: 'a' },
    { partyId: 'p2', text: 'b' },
  ];

  it('both sides heard: close is allowed and not one-sided', () => {
    expect(checkClose({ parties, statements: both })).toEqual({ ok: true, value: { oneSided: false } });
  });

  it('both sides heard and a reason given anyway: still not one-sided', () => {
    expect(checkClose({ parties, statements: both, oneSidedReason: 'x' })).toEqual({ ok: true, value: { oneSided: false } });
  });

  it('a side missing without a reason fails with one-sided-close-needs-reason', () => {
    expect(checkClose({ parties, statements: [{ partyId: 'p1', text: 'a' }] })).toEqual({ ok: false, reason: 'one-sided-close-needs-reason' });
  });

  it('a side missing with a blank reason fails with one-sided-close-needs-reason', () => {
    expect(checkClose({ parties, statements: [{ partyId: 'p1', text: 'a' }], oneSidedReason: '   ' })).toEqual({
      ok: false,
      reason: 'one-sided-close-needs-reason',
    });
  });

  it('a side missing with a reason closes as one-sided', () => {
    expect(checkClose({ parties, statements: [{ partyId: 'p1', text: 'a' }], oneSidedReason: 'accused left the server' })).toEqual({
      ok: true,
      value: { oneSided: true },
    });
  });

  it('only a witness heard counts as one-sided', () => {
    expect(checkClose({ parties, statements: [{ partyId: 'p3', text: 'w' }] })).toEqual({ ok: false, reason: 'one-sided-close-needs-reason' });
  });
});
