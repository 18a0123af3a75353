import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../../src/i18n/catalogues.js';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { rawLeaves as leaves } from '../../support/catalogue-leaves.js';

/**
 * Every catalogue against the English reference, at run time: the compiler
 * checks the shape, this checks what it cannot see (placeholders inside the
 * strings, the plural forms each language needs, empty texts, nesting).
 */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([^}\s]+)\s*\}\}/g;

type Texts = ReadonlyMap<string, unknown>;

const base = (path: string): string => path.replace(PLURAL, '');
const placeholders = (text: unknown): string[] => (typeof text === 'string' ? [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '') : []);

/** The written paths of each key: `related.reversed` → its `_one`, `_other`…; a key without suffix → itself. */
function forms(texts: Texts): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const path of texts.keys()) out.set(base(path), [...(out.get(base(path)) ?? []), path]);
  return out;
}

const keys = (texts: Texts): string[] => [...forms(texts).keys()].sort();
const pluralKeys = (texts: Texts): string[] => [...forms(texts)].filter(([, f]) => f.some((p) => PLURAL.test(p))).map(([k]) => k);

/** The placeholders of a key, over all its forms. */
function placeholderSet(texts: Texts, key: string): string[] {
  return [...new Set((forms(texts).get(key) ?? []).flatMap((p) => placeholders(texts.get(p))))].sort();
}

function keyDifference(texts: Texts, reference: Texts): { missing: string[]; extra: string[] } {
  const mine = keys(texts);
  const theirs = keys(reference);
  return { missing: theirs.filter((k) => !mine.includes(k)), extra: mine.filter((k) => !theirs.includes(k)) };
}

function placeholderDifference(texts: Texts, reference: Texts): { key: string; english: string[]; mine: string[] }[] {
  return keys(reference)
    .map((key) => ({ key, english: placeholderSet(reference, key), mine: placeholderSet(texts, key) }))
    .filter((d) => d.english.join() !== d.mine.join());
}

/** Plural forms without {{count}}, for keys whose English has it. */
function formsWithoutCount(texts: Texts, reference: Texts): string[] {
  return pluralKeys(reference)
    .filter((key) => placeholderSet(reference, key).includes('count'))
    .flatMap((key) => (forms(texts).get(key) ?? []).filter((p) => !placeholders(texts.get(p)).includes('count')))
    .sort();
}

/** `key_category` paths the language needs (Intl.PluralRules) but the catalogue lacks. */
function missingPluralForms(texts: Texts, reference: Texts, language: string): string[] {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  return pluralKeys(reference).flatMap((key) => categories.filter((c) => !texts.has(`${key}_${c}`)).map((c) => `${key}_${c}`));
}

const TEXTS = new Map(LANGUAGES.map((l) => [l, leaves(CATALOGUES[l])] as const));
const textsOf = (language: Language): Texts => TEXTS.get(language) ?? new Map();
const english = textsOf('en-US');
const others = LANGUAGES.filter((l) => l !== 'en-US');

describe('the checks themselves catch a broken catalogue', () => {
  const reference = leaves({ a: { b: 'Hi {{name}}', n_one: '{{count}} item', n_other: '{{count}} items' }, c: 'plain' });

  it('a missing key, an extra key, a wrong placeholder, a form without count, a missing plural category', () => {
    const broken = leaves({ a: { b: 'Hallo {{nom}}', n_one: 'ein Ding', n_other: '{{count}} Dinge' }, d: 'extra' });
    expect(keyDifference(broken, reference)).toEqual({ missing: ['c'], extra: ['d'] });
    expect(placeholderDifference(broken, reference)).toEqual([{ key: 'a.b', english: ['name'], mine: ['nom'] }]);
    expect(formsWithoutCount(broken, reference)).toEqual(['a.n_one']);
    expect(missingPluralForms(reference, reference, 'fr')).toEqual(['a.n_many']);
    expect(missingPluralForms(reference, reference, 'de')).toEqual([]);
  });
});

describe('the catalogues have the reference keys and placeholders', () => {
  it('the reference is real: hundreds of texts, plural keys among them, four other languages', () => {
    expect(english.size).toBeGreaterThan(300);
    expect(pluralKeys(english)).toEqual(expect.arrayContaining(['related.reversed', 'caseView.evidence', 'setup.retentionDays']));
    expect(others).toEqual(['de', 'fr', 'es-ES', 'pt-BR']);
  });

  it.each(others)('%s has exactly the English keys (plural suffixes aside)', (language) => {
    expect(keyDifference(textsOf(language), english)).toEqual({ missing: [], extra: [] });
  });

  it.each(others)('%s: each key has the English placeholders (plural keys: over all their forms)', (language) => {
    expect(placeholderDifference(textsOf(language), english)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: every plural form says {{count}} where English does', (language) => {
    expect(formsWithoutCount(textsOf(language), english)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: every plural key has a form for each plural category of the language', (language) => {
    expect(new Intl.PluralRules(language).resolvedOptions().pluralCategories).toContain('other');
    expect(missingPluralForms(textsOf(language), english, language)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: plural forms only on plural keys, and only for categories the language has', (language) => {
    const categories: readonly string[] = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const plurals = pluralKeys(english);
    const stray = [...textsOf(language).keys()]
      .filter((p) => PLURAL.test(p))
      .filter((p) => !plurals.includes(base(p)) || !categories.includes(PLURAL.exec(p)?.[1] ?? ''));
    expect(stray).toEqual([]);
  });

  it.each(LANGUAGES)('%s: every value is a non-empty string, and none nests another with $t(', (language) => {
    const all = [...textsOf(language)];
    expect(all.filter(([, v]) => typeof v !== 'string' || v.trim().length === 0).map(([p]) => p)).toEqual([]);
    expect(all.filter(([, v]) => typeof v === 'string' && v.includes('$t(')).map(([p]) => p)).toEqual([]);
  });

  it.each(LANGUAGES)('%s: placeholders are well formed (no stray or half-open braces)', (language) => {
    const broken = [...textsOf(language)].filter(([, v]) => typeof v === 'string' && /\{\{|\}\}/.test(v.replace(PLACEHOLDER, ''))).map(([p]) => p);
    expect(broken).toEqual([]);
  });
});
