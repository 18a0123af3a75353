/**
 * The vocabulary of a case. The string values match the PostgreSQL enums in
 * prisma/schema.prisma; persistence maps between the two.
 */
export const CASE_CATEGORIES = ['stalking', 'harassment', 'personal_info_exposed', 'other'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_STATUSES = ['open', 'interviewing', 'escalated', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const EXPOSURE_LOCATIONS = ['on_server', 'elsewhere'] as const;
export type ExposureLocation = (typeof EXPOSURE_LOCATIONS)[number];

export const CASE_OUTCOMES = [
  'advised_self_help',
  'content_removed',
  'referred_to_authorities',
  'action_taken',
  'no_action',
  'unfounded',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const PARTY_ROLES = ['complainant', 'accused', 'witness'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SAFE_CHAT_TOPICS = ['self_help', 'off_platform', 'real_life', 'personal_info'] as const;
export type SafeChatTopic = (typeof SAFE_CHAT_TOPICS)[number];

export const STATEMENT_SOURCES = ['moderator_entry', 'thread_message', 'report'] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

/** Who is acting, as far as the rules care. */
export type ActorRank = 'member' | 'staff' | 'admin';

export const REPORT_STATUSES = ['open', 'case_opened', 'merged', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_KINDS = ['user', 'message'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** How a party answers a check-in (the three buttons, in this order). */
export const CHECK_IN_ANSWERS = ['better', 'still', 'real_life'] as const;
export type CheckInAnswer = (typeof CHECK_IN_ANSWERS)[number];

/** What a check-in follows: the case's opening, a further /safechat to the party, or a moderator's /case followup. */
export const CHECK_IN_TRIGGERS = ['opened', 'safechat', 'manual'] as const;
export type CheckInTrigger = (typeof CHECK_IN_TRIGGERS)[number];
