/**
 * The words of the report flow: what the reporter reads, and how a report
 * becomes a case's summary and its complainant's statement.
 */
import { STATEMENT_MAX, SUMMARY_MAX } from '../domain/text-limits.js';
import type { ReportSubmissionRecord, ReportWithSubmissions } from '../ports.js';
import type { ServiceFail } from '../services/service-result.js';
import { failureText } from './failure-texts.js';
import { clip, utcMinute } from './text-format.js';
import type { T } from '../i18n/translate.js';


/** The reporter's confirmation: neutral, with the self-help steps, and the authorities when it reached real life. */
export function reportReceivedText(t: T, o: { communityName: string; merged: boolean; realLife: boolean; number: number }): string {
  const first = t(o.merged ? 'report.merged' : 'report.received', { number: o.number, community: o.communityName });
  const lines = [first, t('report.nobodyTold')];
  if (o.realLife) lines.push('', t('report.realLife'));
  lines.push('', t('report.rightNow'));
  return lines.join('\n');
}

/** The DM a reporter gets when staff decide not to open a case. Says nothing of the reason or of the other member. */
export function reportReviewedText(t: T, communityName: string, number: number): string {
  return t('report.reviewed', { community: communityName, number });
}

/** A case's summary, from the report's first submission. */
export function caseSummaryFromReport(t: T, report: ReportWithSubmissions): string {
  const first = report.submissions[0];
  return clip(t('report.caseSummary', { number: report.number, text: first?.whatHappened ?? '' }), SUMMARY_MAX);
}

/**
 * One submission as the reporter's statements in the case, nothing dropped:
 * what happened, exactly as written (the form holds as much as a statement);
 * then their other answers; then the reported message (clipped only if the
 * message itself was that long: the full copy stays with the report).
 */
export function statementsFromSubmission(t: T, report: ReportWithSubmissions, s: ReportSubmissionRecord): string[] {
  const header = t('report.statementHeader', { number: report.number, when: utcMinute(s.createdAt) });
  const answers = [
    s.since ? t('report.answerSince', { text: s.since }) : null,
    s.elsewhere ? t('report.answerElsewhere', { text: s.elsewhere }) : null,
    s.realLifeAnswer ? t('report.answerRealLife', { text: s.realLifeAnswer }) : null,
    s.other ? t('report.answerOther', { text: s.other }) : null,
  ].filter((a) => a !== null);
  const statements = [s.whatHappened, [header, ...answers].join('\n')];
  if (s.evidence) {
    const e = s.evidence;
    const head = t('report.reportedMessage', { link: e.link });
    const kept = `\n${t('report.fullMessageKept', { number: report.number })}`;
    const quoted = e.content ? `\n> ${e.content.replace(/\n/g, '\n> ')}` : '';
    statements.push(head.length + quoted.length <= STATEMENT_MAX ? `${head}${quoted}` : `${head}${clip(quoted, STATEMENT_MAX - head.length - kept.length)}${kept}`);
  }
  return statements;
}

/** Why a member's report was not taken, in words for the member (not for staff). */
export function reporterFailureText(t: T, failure: ServiceFail): string {
  switch (failure.reason) {
    case 'not-configured':
      return t('report.notConfigured');
    case 'text-required':
      return t('report.whatRequired');
    default:
      return failureText(t, failure);
  }
}
