import i18next, { type i18n } from 'i18next';
import type { Key, T } from './catalogue-types.js';
import { CATALOGUES } from './catalogues.js';
import { DEFAULT_LANGUAGE, LANGUAGES, discordLocalesOf, type Language } from './languages.js';

export type { CommandTextKey, Key, PlainKey, T } from './catalogue-types.js';

let instance: i18n | null = null;

/** One i18next instance for the process, loaded synchronously from the catalogues. */
function engine(): i18n {
  if (instance !== null) return instance;
  const created = i18next.createInstance();
  void created.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // The texts go to Discord, not into HTML: the transcripts escape on their own.
    // A value is never read as a placeholder or a nested key: user text such as
    // "{{user}}" or "$t(...)" in a summary stays as typed.
    interpolation: { escapeValue: false, skipOnVariables: true },
    returnNull: false,
    initAsync: false,
  });
  instance = created;
  return created;
}

const translators = new Map<Language, T>();

/** The translator for a language: `t('case.opened', { number: 12 })`. */
export function translator(language: Language): T {
  let t = translators.get(language);
  if (t === undefined) {
    const fixed = engine().getFixedT(language);
    // The values go in `replace`, never among i18next's options: a placeholder
    // named like an option (lng, context, defaultValue…) stays a placeholder.
    const text = (key: Key, params: Record<string, unknown> = {}): string =>
      fixed(key, { replace: params, ...(typeof params.count === 'number' ? { count: params.count } : {}) });
    t = Object.assign(text, { language });
    translators.set(language, t);
  }
  return t;
}

/** The English text and the others, keyed by Discord locale: what a command's `*_localizations` hold. */
export function localizations(key: Key): { readonly text: string; readonly localizations: Record<string, string> } {
  const raw = (language: Language): string => engine().getFixedT(language)(key);
  const text = raw(DEFAULT_LANGUAGE);
  const entries = LANGUAGES.flatMap((l) => discordLocalesOf(l).filter((locale) => locale !== DEFAULT_LANGUAGE).map((locale) => [locale, raw(l)] as const));
  return { text, localizations: Object.fromEntries(entries) };
}
