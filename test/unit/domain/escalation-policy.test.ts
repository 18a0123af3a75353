import { describe, it, expect } from 'vitest';
import { ESCALATION_REASON_PRESETS, escalationSuggestion, validateEscalationReason } from '../../../src/domain/escalation-policy.js';

describe('escalation suggestion', () => {
  it('real-life contact, whatever the category: escalation suggested because of real_life_contact', () => {
    expect(escalationSuggestion({ realLife: true })).toEqual({ suggested: true, because: ['real_life_contact'] });
  });

  it('no real-life contact: nothing suggested', () => {
    expect(escalationSuggestion({ realLife: false })).toEqual({ suggested: false, because: [] });
  });

  it('the presets are the three reasons of the policy to call an admin (P6, P7)', () => {
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
