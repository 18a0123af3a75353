import { describe, it, expect } from 'vitest';
import { neutralThreadName, validateAddedParty, validateNewCaseParties } from '../../../src/domain/parties.js';
import { THREAD_NAME_MAX } from '../../../src/domain/text-limits.js';

const base = { complainantId: 'alice', accusedId: 'bob', actorId: 'mod', complainantIsBot: false, accusedIsBot: false };

describe('new case parties', () => {
  it('two distinct humans and an uninvolved moderator are accepted', () => {
    expect(validateNewCaseParties(base)).toEqual({ ok: true, value: undefined });
  });

  it('complainant and accused being the same user fails with same-user', () => {
    expect(validateNewCaseParties({ ...base, accusedId: 'alice' })).toEqual({ ok: false, reason: 'same-user' });
  });

  it('a bot as complainant or as accused fails with party-is-bot', () => {
    expect(validateNewCaseParties({ ...base, complainantIsBot: true })).toEqual({ ok: false, reason: 'party-is-bot' });
    expect(validateNewCaseParties({ ...base, accusedIsBot: true })).toEqual({ ok: false, reason: 'party-is-bot' });
  });

  it('a moderator naming themselves as complainant or accused fails with actor-is-party', () => {
    expect(validateNewCaseParties({ ...base, actorId: 'alice' })).toEqual({ ok: false, reason: 'actor-is-party' });
    expect(validateNewCaseParties({ ...base, actorId: 'bob' })).toEqual({ ok: false, reason: 'actor-is-party' });
  });
});

describe('adding a party', () => {
  const existingParties = [
    { userId: 'alice', role: 'complainant' as const },
    { userId: 'bob', role: 'accused' as const },
  ];
  const add = { userId: 'carol', isBot: false, actorId: 'mod', existingParties };

  it('a new person without a requested role joins as a witness', () => {
    expect(validateAddedParty(add)).toEqual({ ok: true, value: { existing: false, role: 'witness' } });
  });

  it('a new person with a requested role joins with that role', () => {
    expect(validateAddedParty({ ...add, requestedRole: 'accused' })).toEqual({ ok: true, value: { existing: false, role: 'accused' } });
  });

  it('an existing party keeps their role even if another is requested', () => {
    expect(validateAddedParty({ ...add, userId: 'bob', requestedRole: 'witness' })).toEqual({ ok: true, value: { existing: true, role: 'accused' } });
  });

  it('a bot fails with party-is-bot', () => {
    expect(validateAddedParty({ ...add, isBot: true })).toEqual({ ok: false, reason: 'party-is-bot' });
  });

  it('a moderator adding themselves fails with actor-is-party', () => {
    expect(validateAddedParty({ ...add, userId: 'mod' })).toEqual({ ok: false, reason: 'actor-is-party' });
  });

  it('a moderator who is already a party of the case fails with actor-is-party', () => {
    expect(validateAddedParty({ ...add, actorId: 'alice' })).toEqual({ ok: false, reason: 'actor-is-party' });
  });
});

describe('neutral thread names', () => {
  it('name is built from case number and position only', () => {
    expect(neutralThreadName(12, 1)).toBe('case-12-interview-1');
  });

  it('a huge case number still fits Discord thread name limit', () => {
    expect(neutralThreadName(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).length).toBeLessThanOrEqual(THREAD_NAME_MAX);
  });
});
