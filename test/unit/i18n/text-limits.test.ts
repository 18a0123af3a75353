import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { addedText } from '../../../commands/case/addside.js';
import { listText } from '../../../commands/case/list.js';
import { openedText } from '../../../commands/case/open.js';
import { reportModal } from '../../../commands/report/report-form.js';
import { sentText } from '../../../commands/safechat.js';
import { settingsText } from '../../../commands/setup.js';
import { neutralThreadName } from '../../../src/domain/parties.js';
import type { RelatedCase } from '../../../src/domain/patterns.js';
import { ESCALATION_REASON_MAX, CLOSE_REASON_MAX, NOTE_MAX, STATEMENT_MAX, SUMMARY_MAX, TEXT_FIELDS, THREAD_NAME_MAX } from '../../../src/domain/text-limits.js';
import { REPORT_ANSWER_MAX, REPORT_SINCE_MAX, REPORT_TEXT_MAX } from '../../../src/domain/reports.js';
import { CASE_CATEGORIES, CASE_OUTCOMES, CASE_STATUSES, EXPOSURE_LOCATIONS, REPORT_STATUSES, SAFE_CHAT_TOPICS, URGENCIES, type CaseCategory, type ExposureLocation, type PartyRole } from '../../../src/domain/types.js';
import { caseViewEmbeds } from '../../../src/discord/render/case-view.js';
import { embedsLength } from '../../../src/discord/render/embed-budget.js';
import { acknowledgeRow, escalationContent, escalationEmbed, markAcknowledged } from '../../../src/discord/render/escalation-notice.js';
import { reportControls, reportEmbed } from '../../../src/discord/render/report-notice.js';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { translator, type T } from '../../../src/i18n/translate.js';
import { closingMessage, interviewIntro } from '../../../src/messages/case-texts.js';
import { failureText } from '../../../src/messages/failure-texts.js';
import { reportReceivedText, reportReviewedText } from '../../../src/messages/report-texts.js';
import { safeChatAdvice } from '../../../src/messages/safechat-texts.js';
import type { CaseDetail, CaseWithParties, DeliveryRecord, GuildSettings, PartyRecord, ReportQueueView, ReportSubmissionRecord } from '../../../src/ports.js';
import type { OpenCaseOutcome } from '../../../src/services/case-opening.js';
import type { ThreadOutcome } from '../../../src/services/party-threads.js';
import { FAILURE_REASONS, refuse, type FailureReason, type ServiceFail } from '../../../src/services/service-result.js';
import { COMMUNITY_NAME_MAX, RETENTION_DAYS_MAX, STANDARDS_URL_MAX } from '../../../src/services/setup.js';
import { splitMessage } from '../../../src/messages/text-format.js';

/**
 * Every text the bot sends, in every language, rendered with the longest
 * values it can realistically meet, against Discord's limits. The figures
 * (the longest text per limit and language) are printed by the last test.
 */
const LIMITS = {
  'message content': 2000,
  'embeds of a message': 6000,
  'embed title': 256,
  'embed description': 4096,
  'embed field name': 256,
  'embed field value': 1024,
  'embed footer': 2048,
  'fields per embed': 25,
  'modal title': 45,
  'text-input label': 45,
  'text-input placeholder': 100,
  'select placeholder': 150,
  'select option label': 100,
  'button label': 80,
  'thread name': THREAD_NAME_MAX,
} as const;
type Limit = keyof typeof LIMITS;
type Measure = { readonly limit: Limit; readonly what: string; readonly length: number };

// The longest realistic values. Snowflakes: Discord issues 19 digits today (18 for older ids), so 19.
const id = (n: number): string => String(1_400_000_000_000_000_000n + BigInt(n));
const GUILD = id(0);
const CASE_NUMBER = 999_999_999;
const REPORT_NUMBER = 999_999_999;
const COMMUNITY = 'C'.repeat(COMMUNITY_NAME_MAX);
const STANDARDS_URL = `https://example.org/${'s'.repeat(STANDARDS_URL_MAX - 'https://example.org/'.length)}`;
const UUID = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const REFERENCE = UUID;
const AT = new Date('2026-12-31T23:59:00.000Z');
const ALL_PERMISSIONS = ['View Channel', 'Create Private Threads', 'Send Messages In Threads', 'Manage Threads'];
const THREAD_FAILURES = ['missing-permissions', 'missing-access', 'cannot-dm', 'unknown-channel', 'unknown-message', 'unavailable', 'gave-up'] as const;
/** Every language's own name: what /case view and /setup show as the server's language. */
const LANGUAGE_NAMES = LANGUAGES.map((l) => translator(l)('language.name'));

/** The one of `values` whose rendering is longest. */
const longestOf = <V,>(values: readonly V[], render: (v: V) => string): string => values.map(render).reduce((a, b) => (b.length > a.length ? b : a), '');

const settings = (over: Partial<GuildSettings> = {}): GuildSettings => ({
  guildId: GUILD,
  staffRoleId: id(1),
  adminRoleId: id(2),
  escalationChannelId: id(3),
  interviewChannelId: id(4),
  caseLogChannelId: id(5),
  reportsChannelId: id(6),
  retentionDays: RETENTION_DAYS_MAX,
  communityName: COMMUNITY,
  standardsUrl: STANDARDS_URL,
  language: 'en-US',
  escalationReminderHours: 168,
  staleDays: 365,
  followupDays: 90,
  ...over,
});

function party(n: number, role: PartyRole, threadId: string | null = id(500 + n)): PartyRecord {
  return { id: `p${n}`, caseId: 'c', userId: id(100 + n), role, position: n, threadId };
}

/** A case of `parties` parties: complainant, accused, then witnesses. */
function theCase(category: CaseCategory, parties = 2, over: Partial<CaseWithParties> = {}): CaseWithParties {
  return {
    id: 'c',
    guildId: GUILD,
    number: CASE_NUMBER,
    category,
    status: 'escalated',
    realLife: true,
    offPlatform: true,
    exposureLocation: category === 'personal_info_exposed' ? 'elsewhere' : null,
    summary: 'S'.repeat(SUMMARY_MAX),
    openedById: id(9),
    outcome: null,
    closeReason: null,
    closedById: null,
    legalHold: true,
    createdAt: AT,
    closedAt: null,
    parties: Array.from({ length: parties }, (_, i) => party(i + 1, i === 0 ? 'complainant' : i === 1 ? 'accused' : 'witness')),
    ...over,
  };
}

/** Many related cases: closed with the outcome whose words are longest in that language, the same two people with roles reversed (the longest hint). */
function related(t: T, count: number): RelatedCase[] {
  const outcome = CASE_OUTCOMES.reduce((a, b) => (t(`labels.outcome.${b}`).length > t(`labels.outcome.${a}`).length ? b : a));
  return Array.from({ length: count }, (_, i) => ({ number: CASE_NUMBER - 1 - i, status: 'closed' as const, outcome, relation: 'same-pair-reversed' as const }));
}

function failure(reason: FailureReason): ServiceFail[] {
  switch (reason) {
    case 'text-required':
      return TEXT_FIELDS.map((field) => refuse(reason, { field }));
    case 'text-too-long':
      return TEXT_FIELDS.map((field) => refuse(reason, { field, max: STATEMENT_MAX }));
    case 'evidence-too-large':
      return [refuse(reason, { max: 26_214_400 })];
    case 'recently-sent':
      return [refuse(reason, { topics: SAFE_CHAT_TOPICS })];
    case 'report-rate-limited':
      return [refuse(reason, { until: AT })];
    default:
      return [refuse(reason)];
  }
}

/** Every message the bot writes as plain content, by name, at its longest in one language. */
function contents(t: T): Record<string, string> {
  const opened = (category: CaseCategory, exposure: ExposureLocation, reason: (typeof THREAD_FAILURES)[number], missing: readonly string[] | null): string => {
    const c = theCase(category, 2, { exposureLocation: category === 'personal_info_exposed' ? exposure : null });
    // One thread queued (Discord did not answer), the other refused: both notes are shown.
    const threads: ThreadOutcome[] = [
      { partyId: 'p1', userId: id(101), status: 'queued' },
      { partyId: 'p2', userId: id(102), status: 'failed', reason },
    ];
    const outcome: OpenCaseOutcome = { case: c, threads, suggestEscalation: true, interviewChannelId: id(4), related: related(t, 30) };
    return openedText(t, outcome, missing);
  };
  const openedVariants = THREAD_FAILURES.flatMap((reason) =>
    [null, ALL_PERMISSIONS].flatMap((missing) => CASE_CATEGORIES.flatMap((category) => EXPOSURE_LOCATIONS.map((exposure) => opened(category, exposure, reason, missing)))),
  );
  const openedLongest = openedVariants.reduce((a, b) => (b.length > a.length ? b : a), '');
  const problems = [
    t('setup.missingIn', { channel: t('setup.channelInterview'), permissions: ALL_PERMISSIONS.join(', ') }),
    ...(['channelEscalation', 'channelCaseLog', 'channelReports'] as const).map((label) => t('setup.missingIn', { channel: t(`setup.${label}`), permissions: 'View Channel, Send Messages, Embed Links' })),
    t('setup.cannotPingAdmins'),
  ];
  const settingsVariants = LANGUAGES.flatMap((language) =>
    [settings({ language }), settings({ language, reportsChannelId: null }), settings({ language, reportsChannelId: null, caseLogChannelId: null })].map(
      (s) => `${t('setup.saved')}\n${settingsText(t, s, problems)}`,
    ),
  );
  const witness = party(99, 'witness');
  const added = THREAD_FAILURES.flatMap((reason) =>
    [null, ALL_PERMISSIONS].map((missing) =>
      addedText(
        t,
        {
          caseNumber: CASE_NUMBER,
          party: witness,
          newParty: true,
          thread: { partyId: witness.id, userId: witness.userId, status: 'failed', reason },
          statement: { id: 's', partyId: witness.id, recordedById: id(9), text: 'x'.repeat(STATEMENT_MAX), source: 'moderator_entry', sourceUrl: null, createdAt: AT },
          interviewChannelId: id(4),
        },
        missing,
      ),
    ),
  );
  const delivery = (over: Partial<Omit<DeliveryRecord, 'createdAt'>>): Omit<DeliveryRecord, 'createdAt'> => ({
    id: 'd',
    caseId: 'c',
    userId: id(101),
    topics: SAFE_CHAT_TOPICS,
    channel: 'none',
    delivered: false,
    failureReason: 'dm: cannot-dm; no interview thread',
    ...over,
  });
  const sent = [
    sentText(t, id(101), { delivery: null, sent: SAFE_CHAT_TOPICS.slice(0, 2), skipped: SAFE_CHAT_TOPICS.slice(2), caseNumber: CASE_NUMBER }),
    sentText(t, id(101), { delivery: delivery({ delivered: true, channel: 'interview_thread' }), sent: SAFE_CHAT_TOPICS.slice(0, 2), skipped: SAFE_CHAT_TOPICS.slice(2), caseNumber: CASE_NUMBER }),
    sentText(t, id(101), { delivery: delivery({}), sent: SAFE_CHAT_TOPICS.slice(0, 2), skipped: SAFE_CHAT_TOPICS.slice(2), caseNumber: null }),
  ];
  const listPage = listText(t, {
    items: Array.from({ length: 10 }, (_, i) => ({ ...theCase('personal_info_exposed', 2, { number: CASE_NUMBER - i, status: 'interviewing' }), summary: 'W'.repeat(SUMMARY_MAX), viewerIsParty: false })),
    page: 99_998,
    pages: 99_999,
    total: 999_999_999,
    status: 'interviewing',
  });
  return {
    interviewIntro: interviewIntro(t, CASE_NUMBER, id(101), COMMUNITY),
    closingMessage: closingMessage(t, CASE_NUMBER),
    'safeChatAdvice (all four topics)': safeChatAdvice(t, SAFE_CHAT_TOPICS, { communityName: COMMUNITY, standardsUrl: STANDARDS_URL }),
    'reportReceivedText (realLife)': reportReceivedText(t, { communityName: COMMUNITY, merged: false, realLife: true, number: REPORT_NUMBER }),
    'reportReceivedText (merged, realLife)': reportReceivedText(t, { communityName: COMMUNITY, merged: true, realLife: true, number: REPORT_NUMBER }),
    reportReviewedText: reportReviewedText(t, COMMUNITY, REPORT_NUMBER),
    'openedText (30 related, a thread failed)': openedLongest,
    'openedText from a report (triage)': `${openedLongest}\n\n${t('triage.reporterSideRecorded', { user: `<@${id(101)}>` })}${t('triage.queueNotUpdated')}`,
    'settingsText (configure, all problems)': settingsVariants.reduce((a, b) => (b.length > a.length ? b : a), ''),
    'addedText (new witness, statement, thread failed)': added.reduce((a, b) => (b.length > a.length ? b : a), ''),
    'triage merged + addedText': `${t('triage.merged', { number: CASE_NUMBER })}${t('triage.theirThread', { thread: `<#${id(599)}>` })}\n${longestOf(added, (a) => a)}${t('triage.queueNotUpdated')}`,
    sentText: longestOf(sent, (s) => s),
    'listText (10 cases)': listPage,
    'escalation content': escalationContent({ ...notice('en-US'), language: t.language as Language }, id(2)),
    ...Object.fromEntries(FAILURE_REASONS.map((reason) => [`failureText ${reason}`, longestOf(failure(reason), (f) => failureText(t, f))])),
    ...Object.fromEntries(
      (['outOfDate', 'databaseDown', 'unexpected'] as const).map((key) => [`errors.${key}`, t(`errors.${key}`, { reference: REFERENCE })]),
    ),
    'errors.discordRefused': t('errors.discordRefused', { failure: t('threadFailure.missingPermissions', { permissions: ALL_PERMISSIONS.join(', ') }), reference: REFERENCE }),
  };
}

function notice(language: Language): Parameters<typeof escalationEmbed>[0] {
  return {
    guildId: GUILD,
    caseNumber: CASE_NUMBER,
    category: 'personal_info_exposed',
    realLife: true,
    offPlatform: true,
    sidesHeard: { heard: 2, of: 2 },
    reason: 'R'.repeat(ESCALATION_REASON_MAX),
    urgency: 'urgent',
    escalatedById: id(9),
    escalationId: UUID,
    // More threads than the post links (it names 20 and counts the rest).
    threadIds: Array.from({ length: 100 }, (_, i) => id(500 + i)),
    language,
  };
}

function reportView(language: Language, status: (typeof REPORT_STATUSES)[number]): ReportQueueView {
  const submission = (n: number): ReportSubmissionRecord => ({
    id: `s${n}`,
    reportId: 'r',
    createdAt: AT,
    kind: 'message',
    whatHappened: 'W'.repeat(REPORT_TEXT_MAX),
    since: 'S'.repeat(REPORT_SINCE_MAX),
    elsewhere: 'E'.repeat(REPORT_ANSWER_MAX),
    realLifeAnswer: 'L'.repeat(REPORT_ANSWER_MAX),
    other: 'O'.repeat(REPORT_ANSWER_MAX),
    evidence: {
      messageId: id(700),
      channelId: id(701),
      authorId: id(102),
      content: 'line\n'.repeat(800),
      sentAt: AT,
      attachments: Array.from({ length: 10 }, (_, i) => ({ name: `${'n'.repeat(200)}${i}.png`, url: `https://cdn.discordapp.com/attachments/${id(701)}/${id(800 + i)}/${'n'.repeat(100)}.png` })),
      link: `https://discord.com/channels/${GUILD}/${id(701)}/${id(700)}`,
    },
  });
  return {
    report: {
      id: UUID,
      guildId: GUILD,
      number: REPORT_NUMBER,
      reporterId: id(101),
      reportedUserId: id(102),
      status,
      realLife: true,
      offPlatform: true,
      caseId: status === 'open' || status === 'dismissed' ? null : 'c',
      handledById: status === 'open' ? null : id(9),
      handledAt: status === 'open' ? null : AT,
      dismissReason: status === 'dismissed' ? 'D'.repeat(CLOSE_REASON_MAX) : null,
      queueChannelId: id(6),
      queueMessageId: id(900),
      createdAt: AT,
      submissions: Array.from({ length: 20 }, (_, i) => submission(i)),
    },
    // A member in sixty open cases (more than the post names: ten, and a count of the rest), named in many earlier reports.
    history: { openCases: Array.from({ length: 60 }, (_, i) => ({ number: CASE_NUMBER - i, status: 'interviewing' as const })), earlierReports: 999_999 },
    caseNumber: status === 'case_opened' || status === 'merged' ? CASE_NUMBER : null,
    language,
  };
}

function busyCase(over: Partial<CaseDetail> = {}): CaseDetail {
  const c = theCase('personal_info_exposed', 12);
  return {
    ...c,
    statements: c.parties.flatMap((p) =>
      Array.from({ length: 8 }, (_, i) => ({
        id: `${p.id}-${i}`,
        partyId: p.id,
        recordedById: id(9),
        text: 'w '.repeat(STATEMENT_MAX / 2),
        source: 'thread_message' as const,
        sourceUrl: `https://discord.com/channels/${GUILD}/${p.threadId ?? ''}/${id(1000 + i)}`,
        createdAt: AT,
      })),
    ),
    escalations: Array.from({ length: 20 }, (_, i) => ({
      id: `e${i}`,
      caseId: 'c',
      escalatedById: id(9),
      reason: 'r'.repeat(ESCALATION_REASON_MAX),
      urgency: URGENCIES[i % 2] ?? 'urgent',
      channelId: id(3),
      messageId: id(1100 + i),
      acknowledgedById: i % 2 === 0 ? id(10) : null,
      acknowledgedAt: i % 2 === 0 ? AT : null,
      createdAt: AT,
    })),
    notes: Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, authorId: id(9), text: 'n'.repeat(NOTE_MAX), createdAt: AT })),
    deliveries: Array.from({ length: 20 }, (_, i) => ({
      id: `d${i}`,
      caseId: 'c',
      userId: id(101 + (i % 12)),
      topics: SAFE_CHAT_TOPICS,
      channel: 'none' as const,
      delivered: false,
      failureReason: 'dm: cannot-dm; no interview thread',
      createdAt: AT,
    })),
    checkIns: Array.from({ length: 24 }, (_, i) => ({
      id: `k${i}`,
      caseId: 'c',
      partyId: `p${(i % 12) + 1}`,
      userId: id(101 + (i % 12)),
      trigger: 'safechat' as const,
      status: 'sent' as const,
      channel: 'interview_thread' as const,
      failureReason: 'dm: cannot-dm',
      answer: 'real_life' as const,
      answeredAt: AT,
      requestedById: id(9),
      createdAt: AT,
    })),
    recentEvents: Array.from({ length: 10 }, (_, i) => ({ id: String(i), caseId: 'c', actorId: id(9), type: 'report_dismissal_not_delivered', data: { partyId: `p${(i % 12) + 1}` }, createdAt: AT })),
    ...over,
  };
}

function measureEmbeds(what: string, embeds: readonly APIEmbed[]): Measure[] {
  return [
    { limit: 'embeds of a message', what, length: embedsLength(embeds) },
    ...embeds.flatMap((e, i): Measure[] => [
      { limit: 'embed title', what: `${what} [${i}]`, length: e.title?.length ?? 0 },
      { limit: 'embed description', what: `${what} [${i}]`, length: e.description?.length ?? 0 },
      { limit: 'embed footer', what: `${what} [${i}]`, length: e.footer?.text.length ?? 0 },
      { limit: 'fields per embed', what: `${what} [${i}]`, length: e.fields?.length ?? 0 },
      ...(e.fields ?? []).flatMap((f): Measure[] => [
        { limit: 'embed field name', what: `${what} [${i}] "${f.name}"`, length: f.name.length },
        { limit: 'embed field value', what: `${what} [${i}] "${f.name}"`, length: f.value.length },
      ]),
    ]),
  ];
}

/** Labels, placeholders and titles found anywhere in a component tree (a modal's, a message's rows). */
function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, visit);
  else if (typeof node === 'object' && node !== null) {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const rendered = new Map<Language, Measure[]>();
/** Every measure of one language (rendered once). */
function render(language: Language): Measure[] {
  let measures = rendered.get(language);
  if (measures === undefined) rendered.set(language, (measures = renderAll(language)));
  return measures;
}

function renderAll(language: Language): Measure[] {
  const t = translator(language);
  const out: Measure[] = Object.entries(contents(t)).map(([what, text]) => ({ limit: 'message content', what, length: text.length }));

  const ack = markAcknowledged(t, escalationEmbed(notice(language)), id(10), AT);
  out.push(...measureEmbeds('escalationEmbed (acknowledged)', [ack]));
  for (const status of REPORT_STATUSES) out.push(...measureEmbeds(`reportEmbed (${status})`, [reportEmbed(reportView(language, status))]));
  for (const serverLanguage of LANGUAGE_NAMES) {
    out.push(...measureEmbeds('caseViewEmbeds (closed)', caseViewEmbeds(t, busyCase({ status: 'closed', outcome: 'referred_to_authorities', closeReason: 'c'.repeat(CLOSE_REASON_MAX), closedById: id(9) }), { heard: 1, of: 2, missing: ['accused'] }, related(t, 30), 999_999, serverLanguage)));
    for (const status of CASE_STATUSES.filter((s) => s !== 'closed'))
      out.push(...measureEmbeds(`caseViewEmbeds (${status})`, caseViewEmbeds(t, busyCase({ status }), { heard: 0, of: 2, missing: ['complainant', 'accused'] }, related(t, 30), 999_999, serverLanguage)));
  }

  // Forms: the report form as built, the others from their texts.
  for (const title of [t('reportForm.titleMember'), t('reportForm.titleMessage')]) {
    const modal = reportModal(t, `rep-m:${id(700)}:${id(102)}:${id(701)}`, title).toJSON();
    out.push({ limit: 'modal title', what: 'reportForm title', length: modal.title.length });
    walk(modal.components, (o) => {
      if (typeof o.label === 'string') out.push({ limit: 'text-input label', what: `reportForm "${o.label}"`, length: o.label.length });
      if (typeof o.placeholder === 'string') out.push({ limit: 'text-input placeholder', what: `reportForm "${o.placeholder}"`, length: o.placeholder.length });
    });
  }
  out.push(
    { limit: 'modal title', what: 'triage.mergeTitle', length: t('triage.mergeTitle').length },
    { limit: 'modal title', what: 'triage.dismissTitle', length: t('triage.dismissTitle').length },
    { limit: 'modal title', what: 'caseAddSide.modalTitle (#999999999)', length: t('caseAddSide.modalTitle', { number: CASE_NUMBER }).length },
    { limit: 'text-input label', what: 'triage.mergeLabel', length: t('triage.mergeLabel').length },
    { limit: 'text-input label', what: 'triage.dismissLabel', length: t('triage.dismissLabel').length },
    { limit: 'text-input label', what: 'caseAddSide.modalLabel', length: t('caseAddSide.modalLabel').length },
    { limit: 'text-input placeholder', what: 'triage.mergePlaceholder', length: t('triage.mergePlaceholder').length },
    { limit: 'text-input placeholder', what: 'triage.dismissPlaceholder', length: t('triage.dismissPlaceholder').length },
  );

  // Message components as rendered: the report post's controls, the acknowledge button, the case-list pager.
  walk([...reportControls(reportView(language, 'open')), acknowledgeRow(t, UUID, false), acknowledgeRow(t, UUID, true)], (o) => {
    if (o.type === 3 && typeof o.placeholder === 'string') out.push({ limit: 'select placeholder', what: 'reportPost.openAsPlaceholder', length: o.placeholder.length });
    if (o.type === 3 && Array.isArray(o.options))
      for (const option of o.options as { label: string }[]) out.push({ limit: 'select option label', what: `open as "${option.label}"`, length: option.label.length });
    if (o.type === 2) out.push({ limit: 'button label', what: `button "${str(o.label)}"`, length: str(o.label).length });
  });
  for (const key of ['caseList.previous', 'caseList.next'] as const) out.push({ limit: 'button label', what: key, length: t(key).length });

  for (const position of [1, 2, 99]) out.push({ limit: 'thread name', what: `neutralThreadName(#999999999, ${position})`, length: neutralThreadName(CASE_NUMBER, position, (number, pos) => t('party.threadName', { number, position: pos })).length });
  return out;
}

const over = (measures: readonly Measure[]) => measures.filter((m) => m.length > LIMITS[m.limit]).map((m) => `${m.limit} ${m.length} > ${LIMITS[m.limit]}: ${m.what}`);

/**
 * Texts that can be longer than one message at their longest, in some
 * languages: the advice DM (the community name twice and a standards link of
 * up to 500 characters), the reply to /case open with many related cases,
 * and /setup's reply with every problem listed.
 * The bot sends them in parts (splitMessage: the DM and thread adapters, and
 * answer() for replies), so what is checked for them is the parts.
 */
const SENT_IN_PARTS: readonly { readonly limit: Limit; readonly what: string }[] = [
  { limit: 'message content', what: 'safeChatAdvice (all four topics)' },
  { limit: 'message content', what: 'openedText (30 related, a thread failed)' },
  { limit: 'message content', what: 'openedText from a report (triage)' },
  // /setup with every problem listed and a 500-character standards link (French: 2,025).
  { limit: 'message content', what: 'settingsText (configure, all problems)' },
];
const inParts = (m: Measure): boolean => SENT_IN_PARTS.some((d) => d.limit === m.limit && d.what === m.what);

describe('every text fits Discord’s limits in every language, at its longest', () => {
  it.each(LANGUAGES)('%s: nothing is over a limit (the texts sent in parts aside)', (language) => {
    const measures = render(language);
    // Every limit is really measured, and no message is silently empty.
    expect(new Set(measures.map((m) => m.limit))).toEqual(new Set(Object.keys(LIMITS)));
    expect(measures.filter((m) => m.limit === 'message content' && m.length < 20).map((m) => m.what)).toEqual([]);
    for (const d of SENT_IN_PARTS) expect(measures.some((m) => m.limit === d.limit && m.what === d.what), d.what).toBe(true);
    expect(over(measures.filter((m) => !inParts(m)))).toEqual([]);
  });

  it.each(LANGUAGES)('%s: the texts sent in parts go in at most two messages of at most 2,000 characters, nothing lost', (language) => {
    const texts = contents(translator(language));
    for (const { what } of SENT_IN_PARTS) {
      const text = texts[what];
      expect(text, what).toBeDefined();
      const parts = splitMessage(text ?? '');
      expect(parts.every((p) => p.length <= LIMITS['message content']), what).toBe(true);
      expect(parts.length, what).toBeLessThanOrEqual(2);
      expect(parts.join('').replace(/\s+/g, ''), what).toBe((text ?? '').replace(/\s+/g, ''));
    }
  });

  it.each(LANGUAGES)('%s: the long values really are in the texts (no text silently dropped them)', (language) => {
    const t = translator(language);
    const c = contents(t);
    expect(c.interviewIntro).toContain(COMMUNITY);
    expect(c.interviewIntro).toContain(`#${CASE_NUMBER}`);
    expect(c['safeChatAdvice (all four topics)']).toContain(STANDARDS_URL);
    expect(c['reportReceivedText (merged, realLife)']).toContain(`R-${REPORT_NUMBER}`);
    expect(c['settingsText (configure, all problems)']).toContain(STANDARDS_URL);
    expect(c['openedText (30 related, a thread failed)']).toContain(t('caseOpen.relatedMore', { count: 22, number: CASE_NUMBER }));
    const escalation = escalationEmbed(notice(language));
    expect(escalation.fields?.some((f) => f.value === 'R'.repeat(ESCALATION_REASON_MAX))).toBe(true);
    expect(escalation.title).toBe(t('escalationPost.title', { number: CASE_NUMBER }));
  });

  it('the figures: the longest text per limit and language (FIGURES=1 prints them)', () => {
    const top = (measures: readonly Measure[]) => measures.reduce<Measure | null>((a, b) => (a === null || b.length > a.length ? b : a), null);
    const rows = Object.entries(LIMITS).map(([limit, max]) => ({
      limit,
      max,
      cells: LANGUAGES.map((language) => ({ language, top: top(render(language).filter((m) => m.limit === limit)) })),
    }));
    // The same limits without the texts sent in parts: what fits in one message.
    const fitting = (['message content', 'embeds of a message'] as const).map((limit) => ({
      limit: `${limit} (one message)`,
      max: LIMITS[limit],
      cells: LANGUAGES.map((language) => ({ language, top: top(render(language).filter((m) => m.limit === limit && !inParts(m))) })),
    }));
    const table = [...rows, ...fitting]
      .map(({ limit, max, cells }) => `${limit.padEnd(24)} ≤${String(max).padStart(5)} | ${cells.map(({ language, top }) => `${language} ${top?.length ?? 0} (${top?.what ?? '-'})`).join(' | ')}`)
      .join('\n');
    // FIGURES=1 prints the table (the closing figures of the languages issue).
    if (process.env.FIGURES === '1') console.log(`Longest rendered text per limit and language:\n${table}`);
    for (const { limit, max, cells } of rows) {
      for (const { language, top } of cells) {
        expect(top, `${limit} in ${language}`).not.toBeNull();
        const worst = render(language).filter((m) => m.limit === limit && !inParts(m)).reduce((a, m) => Math.max(a, m.length), 0);
        expect(worst, `${limit} in ${language} (texts sent in parts aside)\n${table}`).toBeLessThanOrEqual(max);
      }
    }
  });
});
