import type { DiscordFailureReason } from '../ports.js';
import type { ServiceFail } from '../services/service-result.js';
import { TOPIC_LABELS } from './labels.js';
import { ESCALATION_REASON_MAX, type TextField } from '../domain/text-limits.js';

/** Every text field by name: the compiler checks that none is missing. */
const FIELD_NAMES: Readonly<Record<TextField, string>> = {
  summary: 'The summary',
  statement: 'The statement',
  note: 'The note',
  reason: 'The reason',
  one_sided_reason: 'The one-sided reason',
  escalation_reason: 'The escalation reason',
  community_name: 'The community name',
  what_happened: 'What is happening',
  since: 'Since when',
  elsewhere: 'The answer about other apps',
  real_life: 'The answer about real life',
  other: 'The last answer',
};

/** What a moderator reads when a command is refused. Polite, specific, and says what to do next. */
export function failureText(failure: ServiceFail): string {
  switch (failure.reason) {
    case 'not-configured':
      return 'Bothsides is not set up on this server yet. Someone with Manage Server needs to run `/setup` first (staff role, admin role, escalation channel, interview channel, community name and community-standards link). Nothing was changed.';
    case 'not-staff':
      return 'Only members with the staff role can use this command. Nothing was changed.';
    case 'not-admin':
      return 'Only members with the admin (escalation) role can do this. Nothing was changed.';
    case 'not-manager':
      return 'You need the Manage Server permission to change or view the Bothsides settings.';
    case 'case-not-found':
      return 'There is no case with that number on this server. `/case list` shows the cases.';
    case 'case-closed':
      return 'That case is closed, so it cannot be changed any more.';
    case 'not-escalated':
      return 'That case has not been escalated.';
    case 'actor-is-party':
      return 'You are one of the people involved in this case, so you cannot handle it. Please ask another moderator to take it over. Nothing was changed.';
    case 'same-user':
      return 'The complainant and the accused are the same person. Please pick two different members. Nothing was recorded.';
    case 'party-is-bot':
      return 'A bot cannot be a party to a case. Nothing was recorded.';
    case 'target-is-bot':
      return 'Bots do not need safe-chat advice. Nothing was sent.';
    case 'text-required':
      return `${FIELD_NAMES[failure.field]} cannot be empty. Nothing was changed.`;
    case 'text-too-long':
      return `${FIELD_NAMES[failure.field]} is too long: at most ${failure.max} characters. Nothing was changed.`;
    case 'exposure-location-required':
      return 'For "personal info exposed", please say where it was posted (`where`: on this server, or elsewhere). Nothing was recorded.';
    case 'one-sided-close-needs-reason':
      return 'Only one side has been heard. Try to talk to both parties first; if that is not possible, close again with `one_sided_reason` saying why. The case stays open.';
    case 'reason-required':
      return 'An escalation needs a reason the admins can read. Nothing was sent.';
    case 'reason-too-long':
      return `That reason is too long (at most ${ESCALATION_REASON_MAX} characters). Nothing was sent.`;
    case 'escalation-not-found':
      return 'This escalation no longer exists.';
    case 'already-acknowledged':
      return 'This escalation was already acknowledged.';
    case 'recently-sent': {
      const topics = failure.topics.map((t) => TOPIC_LABELS[t]).join(', ');
      return `That advice (${topics}) was sent to this member less than 10 minutes ago, so it was not sent again. Use \`force: True\` to send it anyway.`;
    }
    case 'not-an-interview-thread':
      return 'That message is not in a Bothsides interview thread. Only messages in a party\'s own interview thread can be recorded as their statement.';
    case 'not-the-party-message':
      return 'Only messages written by the party whose thread this is can be recorded as their statement.';
    case 'invalid-url':
      return 'The community-standards link must be a full http:// or https:// address, such as https://example.org/rules. Nothing was saved.';
    case 'report-self':
      return 'You cannot report yourself. Nothing was sent.';
    case 'report-bot':
      return 'Bots cannot be reported here. Nothing was sent.';
    case 'report-rate-limited':
      return `You have sent several reports in the last few minutes. Please wait until <t:${Math.ceil(failure.until.getTime() / 1000)}:t>, or talk to a moderator directly if it is urgent. If you are in danger, contact your local authorities now.`;
    case 'report-not-found':
      return 'That report no longer exists on this server. `/report list` shows the open ones.';
    case 'report-already-handled':
      return 'Another moderator has already handled this report. Nothing was changed.';
    case 'invalid-retention':
      return 'Retention must be a whole number of days from 1 to 3650, or left out to keep closed cases forever. Nothing was saved.';
    case 'evidence-too-large':
      return `That file is too large to keep as evidence: at most ${failure.max} bytes. Nothing was stored; a smaller copy or a screenshot of the relevant part will do.`;
    case 'evidence-unreadable':
      return 'I could not fetch that file or message from Discord, so nothing was stored. Please try again, or upload it directly.';
    case 'evidence-link-invalid':
      return 'That is not a link to a message on this server. Copy it with right-click → Copy Message Link. Nothing was stored.';
    case 'no-case-log-channel':
      return 'There is no case-log channel to post to. Set one with `/setup configure … case_log_channel:`. The transcript is stored all the same.';
  }
}

/** What a Discord refusal means for the moderator, and how to get past it. */
export function discordFailureText(reason: DiscordFailureReason, where: string): string {
  switch (reason) {
    case 'missing-permissions':
      return `I am missing a permission in ${where}.`;
    case 'missing-access':
      return `I cannot see ${where}: give me the View Channel permission there.`;
    case 'cannot-dm':
      return 'that member does not accept direct messages from this server';
    case 'unknown-channel':
      return `${where} no longer exists (it may have been deleted).`;
    case 'unknown-message':
      return 'that message no longer exists (it may have been deleted).';
    case 'unavailable':
      return 'Discord did not answer in time.';
  }
}

export const THREAD_PERMISSIONS_HINT =
  'On the interview channel I need: View Channel, Send Messages in Threads, Create Private Threads and Manage Threads.';

/** Why an interview thread could not be opened, naming the missing permissions when known. */
export function threadFailureText(reason: DiscordFailureReason | 'gave-up', missing: readonly string[] | null): string {
  if (reason === 'gave-up') return `${GAVE_UP_TEXT} ${THREAD_PERMISSIONS_HINT}`;
  if ((reason === 'missing-permissions' || reason === 'missing-access') && missing !== null && missing.length > 0) {
    return `I am missing these permissions in the interview channel: ${missing.join(', ')}.`;
  }
  return `${discordFailureText(reason, 'the interview channel')} ${THREAD_PERMISSIONS_HINT}`;
}

/** Owed Discord work that could not be done now and is retried on its own. */
export const QUEUED_TEXT = 'it could not be done just now (Discord or the database did not answer), so it is queued and retried on its own: there is nothing more to do.';

/** Owed Discord work whose every retry failed (over three hours of tries). */
export const GAVE_UP_TEXT = 'Discord kept failing for hours, so the bot stopped retrying; the failure is recorded in the case.';

/** What became of owed Discord work that did not succeed at once, in words. */
export function owedFailureText(reason: DiscordFailureReason | 'gave-up', where: string): string {
  return reason === 'gave-up' ? GAVE_UP_TEXT : discordFailureText(reason, where);
}
