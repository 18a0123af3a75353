import type { DiscordFailureReason } from '../ports.js';
import type { ServiceFail } from '../services/service-result.js';
import type { T } from '../i18n/translate.js';
import { topicList } from './text-format.js';
import { ESCALATION_REASON_MAX } from '../domain/text-limits.js';

/** What a moderator reads when a command is refused. Polite, specific, and says what to do next. */
export function failureText(t: T, failure: ServiceFail): string {
  switch (failure.reason) {
    case 'text-required':
      return t('failure.text-required', { field: t(`field.${failure.field}`) });
    case 'text-too-long':
      return t('failure.text-too-long', { field: t(`field.${failure.field}`), max: failure.max });
    case 'reason-too-long':
      return t('failure.reason-too-long', { max: ESCALATION_REASON_MAX });
    case 'evidence-too-large':
      return t('failure.evidence-too-large', { max: failure.max });
    case 'recently-sent':
      return t('failure.recently-sent', { topics: topicList(t, failure.topics) });
    case 'report-rate-limited':
      return t('failure.report-rate-limited', { until: `<t:${Math.ceil(failure.until.getTime() / 1000)}:t>` });
    default:
      return t(`failure.${failure.reason}`);
  }
}

/** What a Discord refusal means for the moderator, and how to get past it; `where` is already in words. */
export function discordFailureText(t: T, reason: DiscordFailureReason, where: string): string {
  switch (reason) {
    case 'missing-permissions':
    case 'missing-access':
    case 'unknown-channel':
      return t(`discordFailure.${reason}`, { where });
    default:
      return t(`discordFailure.${reason}`);
  }
}

/** Why an interview thread could not be opened, naming the missing permissions when known. */
export function threadFailureText(t: T, reason: DiscordFailureReason | 'gave-up', missing: readonly string[] | null): string {
  const hint = t('threadFailure.permissionsHint');
  if (reason === 'gave-up') return `${t('common.gaveUp')} ${hint}`;
  if ((reason === 'missing-permissions' || reason === 'missing-access') && missing !== null && missing.length > 0) {
    return t('threadFailure.missingPermissions', { permissions: missing.join(t('common.listSeparator')) });
  }
  return `${discordFailureText(t, reason, t('where.interviewChannel'))} ${hint}`;
}

/** What became of owed Discord work that did not succeed at once, in words. */
export function owedFailureText(t: T, reason: DiscordFailureReason | 'gave-up', where: string): string {
  return reason === 'gave-up' ? t('common.gaveUp') : discordFailureText(t, reason, where);
}
