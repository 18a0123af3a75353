import { CHECK_IN_ANSWERS, type CheckInAnswer } from '../domain/types.js';
import type { T } from '../i18n/translate.js';
import type { CheckInMessage, CheckInRecord, GuildSettings } from '../ports.js';

/**
 * The check-in a party reads: the same words for every party of the case
 * (nothing in it says who they are, what role they have, or what anyone
 * else said), in the server's language, with the three answers.
 */
export function checkInMessage(t: T, settings: Pick<GuildSettings, 'guildId' | 'communityName'>, caseNumber: number, checkInId: string): CheckInMessage {
  return {
    guildId: settings.guildId,
    checkInId,
    content: t('checkIn.message', { community: settings.communityName, number: caseNumber }),
    labels: Object.fromEntries(CHECK_IN_ANSWERS.map((a) => [a, t(`checkIn.answer.${a}`)])) as Record<CheckInAnswer, string>,
  };
}

/** For staff, in the case-log channel: who answered what (the mention pings nobody). */
export const checkInStaffNotice = (t: T, caseNumber: number, userId: string, answer: CheckInAnswer): string =>
  t(answer === 'real_life' ? 'checkIn.staffRealLife' : 'checkIn.staffStill', { number: caseNumber, member: `<@${userId}>` });

/** The reason of the escalation a real-life answer opens. */
export const escalationReasonOfCheckIn = (t: T): string => t('checkIn.escalationReason');

/** How a check-in went, for staff: being sent, by DM, in the thread, or not delivered and why. */
export function checkInDelivery(t: T, c: Pick<CheckInRecord, 'status' | 'channel' | 'failureReason'>): string {
  if (c.status === 'sending') return t('caseView.checkInSending');
  if (c.status === 'sent') return t(c.channel === 'dm' ? 'caseView.byDm' : 'caseView.inThread');
  return t('caseView.notDelivered', { reason: c.failureReason ?? t('caseView.unknown') });
}
