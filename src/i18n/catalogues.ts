import type { Catalogue } from './catalogue-types.js';
import { de } from './locales/de.js';
import { enUS } from './locales/en-US.js';
import { esES } from './locales/es-ES.js';
import { fr } from './locales/fr.js';
import { ptBR } from './locales/pt-BR.js';

/**
 * Every language's catalogue, by Discord locale code; the first is the
 * reference and the fallback. A new language: its file in locales/ and one
 * line here.
 */
export const CATALOGUES = {
  'en-US': enUS,
  de,
  fr,
  'es-ES': esES,
  'pt-BR': ptBR,
} as const satisfies Record<string, Catalogue>;
