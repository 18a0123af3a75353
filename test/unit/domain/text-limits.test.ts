import { describe, it, expect } from 'vitest';
import { NOTE_MAX, STATEMENT_MAX, SUMMARY_MAX, checkText } from '../../../src/domain/text-limits.js';

describe('text limits', () => {
  it('text is returned trimmed', () => {
    expect(checkText('  hello \n', SUMMARY_MAX, 'summary')).toEqual({ ok: true, value: 'hello' });
  });

  it('blank text fails with text-required and names the field', () => {
    expect(checkText('   ', NOTE_MAX, 'note')).toEqual({ ok: false, reason: 'text-required', field: 'note', max: NOTE_MAX });
  });

  it('text made only of zero-width or other invisible characters counts as blank', () => {
    for (const invisible of ['\u200b', '\u200b\u200c\u200d', ' \ufeff ', '\u2060', '\u3164', '\u2800\u2800', '\u00ad']) {
      expect(checkText(invisible, 10, 'summary')).toMatchObject({ ok: false, reason: 'text-required', field: 'summary' });
    }
  });

  it('visible text keeps its invisible characters, markdown and mentions exactly as typed', () => {
    const typed = 'a\u200bb **bold** @everyone <@&123> <@456> `code`';
    expect(checkText(`  ${typed} `, 100, 'summary')).toEqual({ ok: true, value: typed });
  });

  it('text at the limit is accepted', () => {
    expect(checkText('s'.repeat(STATEMENT_MAX), STATEMENT_MAX, 'statement')).toEqual({ ok: true, value: 's'.repeat(STATEMENT_MAX) });
  });

  it('text one over the limit fails with text-too-long and names the field and limit', () => {
    expect(checkText('s'.repeat(SUMMARY_MAX + 1), SUMMARY_MAX, 'summary')).toEqual({
      ok: false,
      reason: 'text-too-long',
      field: 'summary',
      max: SUMMARY_MAX,
    });
  });
});
