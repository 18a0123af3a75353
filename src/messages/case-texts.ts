import type { T } from '../i18n/translate.js';

/**
 * What each party sees in their own interview thread. The wording is the
 * same for every party of a case, whatever their role: only the mention of
 * the addressee differs, so nobody can read a side into it.
 */
export function interviewIntro(t: T, caseNumber: number, addresseeId: string, communityName: string): string {
  return t('party.intro', { addressee: `<@${addresseeId}>`, community: communityName, number: caseNumber });
}

export function closingMessage(t: T, caseNumber: number): string {
  return t('party.closing', { number: caseNumber });
}
