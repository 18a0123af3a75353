import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../../src/i18n/catalogues.js';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { leaves } from '../../support/catalogue-leaves.js';

/**
 * No English left behind: a text of another language that reads exactly as
 * the English one is a forgotten translation, unless the word really is the
 * same in that language. Those are listed here, each with its reason; texts
 * with no word in them at all (placeholders, punctuation, digits, units) are
 * set aside by a rule instead.
 */
type Others = Exclude<Language, 'en-US'>;

const ALLOWED: Readonly<Record<Others, Readonly<Record<string, string>>>> = {
  de: {
    'labels.category.stalking': 'German uses the loanword "Stalking"',
    'labels.urgency.normal': '"Normal" is the German word',
    'reportPost.status': '"Status" is the German word',
    'transcript.status': '"Status" is the German word',
    'desk.filterStatus': '"Status" is the German word',
    'desk.status': '"Status" is the German word',
    'desk.median': '"Median" is the German word (der Median)',
    'commands.case.list.status.name': 'option name "status": the German word, lower case as Discord wants',
    'commands.case.note.text.name': 'option name "text": the German word "Text", lower case as Discord wants',
  },
  fr: {
    'caseView.parties': '"Parties" is French (les parties d\'une affaire)',
    'desk.parties': '"Parties" is French (les parties d\'une affaire)',
    'caseView.messageLink': 'link text "message" is the French word',
    'caseRecord.intact': '"intact" is the French word',
    'transcript.message': '"Message" is the French word',
    'transcript.type': '"Type" is the French word',
    'transcript.eventType': '"Type" is the French word',
    'transcript.note': '"Note" is the French word',
    'commands.case.note.name': 'subcommand "note": the French word',
    'commands.case.evidence.note.name': 'option "note": the French word',
    'commands.case.addside.role.name': 'option "role": French "rôle", written without accents as all French command names are (cf. conseils_securite)',
  },
  'es-ES': {
    'common.no': '"No" is the Spanish word',
    'labels.urgency.normal': '"Normal" is the Spanish word',
    'transcript.bytes_one': '"byte" is the Spanish word (RAE)',
    'transcript.bytes_other': '"bytes" is the Spanish plural',
  },
  'pt-BR': {
    'labels.urgency.normal': '"Normal" is the Portuguese word',
    'reportPost.link': '"link" is the usual Brazilian Portuguese word',
    'desk.filterStatus': '"status" is the usual Brazilian Portuguese word (o status do caso)',
    'desk.status': '"status" is the usual Brazilian Portuguese word (o status do caso)',
    'transcript.bytes_one': '"byte" is the Portuguese word',
    'transcript.bytes_other': '"bytes" is the Portuguese plural',
  },
};

const PLACEHOLDER = /\{\{[^}]+\}\}/g;
/** Unit symbols every language writes alike (KB, MB, min). */
const UNITS = /\b(?:KB|MB|min)\b/g;

/** A text with no word to translate: once placeholders and units are gone, no two letters in a row (`E{{evidence}} {{file}}: {{result}}`). */
const hasNoWords = (text: string): boolean => !/\p{L}{2,}/u.test(text.replace(PLACEHOLDER, ' ').replace(UNITS, ' '));

const english = leaves(CATALOGUES['en-US']);
const others = LANGUAGES.filter((l): l is Others => l !== 'en-US');

/** The keys of a language whose text is the English one, word for word. */
function sameAsEnglish(language: Others): string[] {
  return [...leaves(CATALOGUES[language])].filter(([k, v]) => english.get(k) === v && !hasNoWords(v)).map(([k]) => k);
}

describe('no English left in the other languages', () => {
  it('the rule sets aside only texts without words', () => {
    expect(['{{user}} ({{role}})', ', ', '#{{number}} · {{status}} · {{category}}{{realLife}}', 'E{{evidence}} {{file}}: {{result}}', '{{size}} KB'].filter(hasNoWords)).toHaveLength(5);
    expect(['No', 'Status', ' ([message]({{url}}))', '{{count}} bytes', 'link'].some(hasNoWords)).toBe(false);
  });

  it.each(others)('%s: every text identical to English is a word the language shares, listed with its reason', (language) => {
    const unexplained = sameAsEnglish(language).filter((k) => !(k in ALLOWED[language]));
    expect(unexplained.map((k) => `${k}: ${JSON.stringify(english.get(k))}`)).toEqual([]);
  });

  it.each(others)('%s: the allow-list holds no stale entry (each listed key still reads as English)', (language) => {
    const same = sameAsEnglish(language);
    expect(Object.keys(ALLOWED[language]).filter((k) => !same.includes(k))).toEqual([]);
  });

  it('the allow-list stays short and every entry has a reason', () => {
    for (const language of others) {
      const entries = Object.entries(ALLOWED[language]);
      expect(entries.length).toBeLessThanOrEqual(12);
      for (const [key, reason] of entries) {
        expect(english.has(key)).toBe(true);
        expect(reason.length).toBeGreaterThan(10);
      }
    }
  });
});
