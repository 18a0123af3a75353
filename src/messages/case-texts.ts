
/**
 * What each party sees in their own interview thread. The wording is the
 * same for every party of a case, whatever their role: only the mention of
 * the addressee differs, so nobody can read a side into it.
 */
export function interviewIntro(caseNumber: number, addresseeId: string, communityName: string): string {
  return [
    `Hello <@${addresseeId}>. A moderator of ${communityName} has opened case #${caseNumber} and would like to hear from you.`,
    '',
    'This thread is private: only you and the moderation team can read it. Nobody else involved in the case can see it or what you write here.',
    'Please tell us, in your own words and at your own pace, what happened and since when. Screenshots and message links help.',
    '',
    'We talk to everyone involved separately before deciding anything. Please keep personal details such as your address or phone number out of chat, here included.',
  ].join('\n');
}

export function closingMessage(caseNumber: number): string {
  return [
    `Case #${caseNumber} is now closed. Thank you for taking the time to talk with us.`,
    'This thread is locked and kept for the record. If something new happens, contact the moderation team again.',
  ].join('\n');
}

