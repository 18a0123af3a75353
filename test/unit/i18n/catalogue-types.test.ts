import { describe, expect, it } from 'vitest';
import type { Catalogue, Key, Params } from '../../../src/i18n/catalogue-types.js';
import { translator } from '../../../src/i18n/translate.js';

/**
 * The catalogue's types at work. Each `@ts-expect-error` below is a call the
 * compiler must refuse: should the types stop refusing it, the directive is
 * unused, and `tsc --noEmit` fails on this file. The calls sit in a function
 * that never runs, so only the compiler sees them.
 */
const en = translator('en-US');
const de = translator('de');

function refusedByTheCompiler(): void {
  // @ts-expect-error an unknown key
  en('party.nonexistent', { number: 1 });
  // @ts-expect-error an unknown key, without parameters
  en('common.nonexistent');
  // @ts-expect-error an unknown top-level section
  en('nowhere.closing', { number: 1 });
  // @ts-expect-error a plural key is asked for without its suffix, never with it
  en('related.together_one', { count: 1 });
  // @ts-expect-error a text with a placeholder, called without parameters
  en('party.closing');
  // @ts-expect-error one of two placeholders missing (`community`)
  en('report.received', { number: 5 });
  // @ts-expect-error a wrong placeholder name (`num` for `number`)
  en('party.closing', { num: 7 });
  // @ts-expect-error a plural key without `count`
  en('related.together', {});
  // @ts-expect-error a plural key with its other placeholder but no `count`
  en('caseRecord.allIntact', { number: 3 });
  // @ts-expect-error `count` must be a number
  en('related.together', { count: '2' });
  // @ts-expect-error a plain text takes no parameters
  en('common.yes', { any: 1 });
  // @ts-expect-error a section is not a text
  en('party', {});
}

/** Compile-time facts about the types, checked by assignment. */
const aKey: Key = 'caseView.evidence';
const params: Params<'caseView.evidence'> = { count: 2 };
// @ts-expect-error `caseView.evidence_one` is a form, not a key
const notAKey: Key = 'caseView.evidence_one';
// @ts-expect-error a catalogue must have every reference key (here: all of them missing)
const empty: Catalogue = { language: { name: 'X' } };

describe('the typed translator', () => {
  it('the refused calls exist only for the compiler', () => {
    expect(typeof refusedByTheCompiler).toBe('function');
    expect([aKey, params.count, notAKey, empty.language.name]).toEqual(['caseView.evidence', 2, 'caseView.evidence_one', 'X']);
  });

  it('translator("de") answers in German', () => {
    expect(de.language).toBe('de');
    expect(de('language.name')).toBe('Deutsch');
    expect(de('common.yes')).toBe('Ja');
    expect(de('party.closing', { number: 7 })).toMatch(/^Fall #7 ist jetzt abgeschlossen\./);
    expect(de('party.closing', { number: 7 })).not.toBe(en('party.closing', { number: 7 }));
  });

  it('translator("en-US") interpolates every placeholder', () => {
    const closing = en('party.closing', { number: 7 });
    expect(closing).toContain('#7');
    expect(closing).not.toContain('{{');
    const received = en('report.received', { number: 42, community: 'Example Town' });
    expect(received).toContain('R-42');
    expect(received).toContain('Example Town');
  });

  it('plural keys pick their form by count, per language', () => {
    expect(en('related.together', { count: 1 })).toBe('These two people were in 1 earlier case together.');
    expect(en('related.together', { count: 3 })).toBe('These two people were in 3 earlier cases together.');
    expect(de('caseView.evidence', { count: 1 })).not.toBe(de('caseView.evidence', { count: 2 }));
    expect(translator('fr')('caseView.evidence', { count: 1_000_000 })).toContain('1000000');
  });
});
