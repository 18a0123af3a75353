import { describe, it, expect } from 'vitest';
import { ESCALATION_REASON_PRESETS, escalationSuggestion, validateEscalationReason } from '../../../src/domain/escalation-policy.js';
import { CASE_CATEGORIES } from '../../../src/domain/types.js';

describe('escalation suggestion', () => {
  it.each(CASE_CATEGORIES)('real-life contact in a %s case: escalation suggested because of real_life_contact', (category) => {
    expect(escalationSuggestion({ realLife: true, category })).toEqual({ suggested: true, because: ['real_life_contact'] });
  });

  it.each(CASE_CATEGORIES)('no real-life contact in a %s case: nothing suggested', (category) => {
    expect(escalationSuggestion({ realLife: false, category })).toEqual({ suggested: false, because: [] });
  });

  it('the presets are the guide three reasons to call an admin', () => {
    expect(ESCALATION_REASON_PRESETS).toEqual(['legitimate_complaint', 'real_life_contact', 'moderator_uncomfortable']);
  });
});

describe('escalation reason', () => {
  it('a reason is returned trimmed', () => {
    expect(validateEscalationReason('  I feel uncomfortable  ')).toEqual({ ok: true, value: 'I feel uncomfortable' });
  });

  it('an empty or blank reason fails with reason-required', () => {
    expect(validateEscalationReason('')).toEqual({ ok: false, reason: 'reason-required' });
    expect(validateEscalationReason(' \n ')).toEqual({ ok: false, reason: 'reason-required' });
  });

  it('exactly 1000 characters is accepted', () => {
    expect(validateEscalationReason('x'.repeat(1000))).toEqual({ ok: true, value: 'x'.repeat(1000) });
  });

  it('1001 characters fails with reason-too-long', () => {
    expect(validateEscalationReason('x'.repeat(1001))).toEqual({ ok: false, reason: 'reason-too-long' });
  });

  it('1000 characters padded with spaces is accepted because length is counted after trimming', () => {
    expect(validateEscalationReason(`  ${'x'.repeat(1000)}  `)).toEqual({ ok: true, value: 'x'.repeat(1000) });
  });
});
