import { describe, expect, it } from 'vitest';
import { translator, type T } from '../../../src/i18n/translate.js';

describe('the translator', () => {
  it('never reads a value as a placeholder or a nested key: what members type stays as typed', () => {
    const typed = '{{number}} $t(common.none) {{count}}';
    expect(translator('en-US')('report.caseSummary', { number: 4, text: typed })).toBe(`From report R-4: ${typed}`);
  });

  it('keeps values apart from i18next\'s options: a value named like one (lng) changes nothing', () => {
    // Spread from an object, as a caller might: the type admits the extra field, the translator must ignore it.
    const values = { number: 5, lng: 'de' };
    const t: T = translator('fr');
    expect(t('caseOpen.opened', values)).toBe('**Dossier #5 ouvert.**');
  });

  it('picks the plural form by the language\'s rules, the count in the text', () => {
    const fr = translator('fr');
    expect(fr('related.together', { count: 1 })).toContain(' 1 dossier ');
    expect(fr('related.together', { count: 1_000_000 })).toContain('1000000 de dossiers');
    expect(translator('en-US')('related.together', { count: 2 })).toBe('These two people were in 2 earlier cases together.');
  });
});
