/**
 * The words of the report flow: what the reporter reads, and how a report
 * becomes a case's summary and its complainant's statement.
 */
import { STATEMENT_MAX, SUMMARY_MAX } from '../domain/text-limits.js';
import type { ReportSubmissionRecord, ReportWithSubmissions } from '../ports.js';
import type { ServiceFail } from '../services/service-result.js';
import { failureText } from './failure-texts.js';
import { clip, utcMinute } from './text-format.js';


/** The reporter's confirmation: neutral, with the self-help steps, and the authorities when it reached real life. */
export function reportReceivedText(o: { communityName: string; merged: boolean; realLife: boolean; number: number }): string {
  const lines = [
    o.merged
      ? `Thank you. We added this to the report you sent a little earlier (report R-${o.number}). The ${o.communityName} moderation team will look at both together.`
      : `Thank you. Your report (R-${o.number}) reached the ${o.communityName} moderation team. They look at every report and talk to everyone involved separately; they may contact you in a private thread.`,
    'Nobody else is told that you sent it.',
  ];
  if (o.realLife) {
    lines.push(
      '',
      '**You said this has reached your real life.** Please contact your local police or authorities now: that is beyond what a chat community can handle. Until it is resolved, consider closing Discord and other chat apps.',
    );
  }
  lines.push(
    '',
    '**What you can do right now**',
    '- Block the person (right-click or long-press their name → Block), or mute them.',
    '- Change your server nickname and spend time in other channels than the ones they use.',
    '- In other apps, use their block feature too.',
    '- Do not share your address, phone number or photos in chat.',
  );
  return lines.join('\n');
}

/** The DM a reporter gets when staff decide not to open a case. Says nothing of the reason or of the other member. */
export function reportReviewedText(communityName: string, number: number): string {
  return [
    `The ${communityName} moderation team has looked at your report R-${number}. They are not opening a case from it at this time.`,
    'If anything new happens, or you feel unsafe, you can report again or contact a moderator. If it has reached your real life, please contact your local authorities.',
  ].join('\n');
}

/** A case's summary, from the report's first submission. */
export function caseSummaryFromReport(report: ReportWithSubmissions): string {
  const first = report.submissions[0];
  return clip(`From report R-${report.number}: ${first?.whatHappened ?? ''}`, SUMMARY_MAX);
}

/**
 * One submission as the reporter's statements in the case, nothing dropped:
 * what happened, exactly as written (the form holds as much as a statement);
 * then their other answers; then the reported message (clipped only if the
 * message itself was that long: the full copy stays with the report).
 */
export function statementsFromSubmission(report: ReportWithSubmissions, s: ReportSubmissionRecord): string[] {
  const header = `(Report R-${report.number}, sent ${utcMinute(s.createdAt)})`;
  const answers = [
    s.since ? `Since: ${s.since}` : null,
    s.elsewhere ? `Other apps or sites: ${s.elsewhere}` : null,
    s.realLifeAnswer ? `Real life: ${s.realLifeAnswer}` : null,
    s.other ? `Anything else: ${s.other}` : null,
  ].filter((a) => a !== null);
  const statements = [s.whatHappened, [header, ...answers].join('\n')];
  if (s.evidence) {
    const e = s.evidence;
    const head = `Reported message: ${e.link}`;
    const kept = `\n(The full message is kept with report R-${report.number}.)`;
    const quoted = e.content ? `\n> ${e.content.replace(/\n/g, '\n> ')}` : '';
    statements.push(head.length + quoted.length <= STATEMENT_MAX ? `${head}${quoted}` : `${head}${clip(quoted, STATEMENT_MAX - head.length - kept.length)}${kept}`);
  }
  return statements;
}

/** Why a member's report was not taken, in words for the member (not for staff). */
export function reporterFailureText(failure: ServiceFail): string {
  switch (failure.reason) {
    case 'not-configured':
      return 'Reporting is not set up on this server yet, so nothing was sent. Please contact a moderator directly. If you are in danger, contact your local authorities now.';
    case 'text-required':
      return 'Please describe what is happening; that part of the form cannot be empty. Nothing was sent.';
    default:
      return failureText(failure);
  }
}
