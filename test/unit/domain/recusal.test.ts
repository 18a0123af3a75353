import { describe, it, expect } from 'vitest';
import { checkRecusal } from '../../../src/domain/recusal.js';

describe('recusal', () => {
  it('a moderator who is not a party may act', () => {
    expect(checkRecusal('mod', ['alice', 'bob'])).toEqual({ ok: true, value: undefined });
  });

  it('a moderator who is a party (any role) is refused with actor-is-party', () => {
    expect(checkRecusal('bob', ['alice', 'bob'])).toEqual({ ok: false, reason: 'actor-is-party' });
  });

  it('a case with no parties yet does not block the moderator', () => {
    expect(checkRecusal('mod', [])).toEqual({ ok: true, value: undefined });
  });
});
