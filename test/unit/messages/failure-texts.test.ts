import { describe, expect, it } from 'vitest';
import { TEXT_FIELDS } from '../../../src/domain/text-limits.js';
import { failureText } from '../../../src/messages/failure-texts.js';
import { FAILURE_REASONS, refuse, type FailureReason, type ServiceFail } from '../../../src/services/service-result.js';
import { translator } from '../../../src/i18n/translate.js';

const en = translator('en-US');

/** One refusal of each kind, with the data its kind carries (the compiler checks the data matches the kind). */
function sample(reason: FailureReason): ServiceFail {
  switch (reason) {
    case 'text-required':
      return refuse(reason, { field: 'summary' });
    case 'text-too-long':
      return refuse(reason, { field: 'summary', max: 1000 });
    case 'evidence-too-large':
      return refuse(reason, { max: 8_388_608 });
    case 'recently-sent':
      return refuse(reason, { topics: ['self_help', 'personal_info'] });
    case 'report-rate-limited':
      return refuse(reason, { until: new Date('2026-12-02T12:00:00.000Z') });
    default:
      return refuse(reason);
  }
}

describe('every refusal has its own words', () => {
  it.each(FAILURE_REASONS)('%s: a full sentence with nothing left unfilled', (reason) => {
    const text = failureText(en, sample(reason));
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toMatch(/undefined|null|NaN|\?\s|\[object/);
  });

  it('no two kinds read the same', () => {
    const texts = FAILURE_REASONS.map((r) => failureText(en, sample(r)));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it.each(TEXT_FIELDS)('a text field (%s) is named in its refusals, with its limit', (field) => {
    const tooLong = failureText(en, refuse('text-too-long', { field, max: 123 }));
    expect(tooLong).not.toMatch(/^That text/);
    expect(tooLong).toContain('at most 123 characters');
    expect(failureText(en, refuse('text-required', { field }))).toMatch(/cannot be empty/);
  });

  it('an evidence note that is too long is named as the note (it used to read "That text")', () => {
    expect(failureText(en, refuse('text-too-long', { field: 'note', max: 2000 }))).toBe('The note is too long: at most 2000 characters. Nothing was changed.');
  });
});
