/**
 * Every kind of entry in a case's audit log (the CaseEvent table), defined
 * once. A change writes its event in the same transaction; the log is
 * append-only. Rows written by an older version may hold a kind no longer
 * listed here, so what is read back is a plain string.
 */
export const AUDIT_EVENT_TYPES = [
  // cases
  'case_opened',
  'party_added',
  'statement_recorded',
  'note_added',
  'case_escalated',
  'escalation_posted',
  'escalation_notice_failed',
  'escalation_acknowledged',
  'escalation_reminded',
  'case_closed',
  'case_exported',
  'legal_hold_set',
  'legal_hold_lifted',
  // interview threads
  'thread_created',
  'thread_failed',
  'thread_close_failed',
  // the record
  'transcript_recorded',
  'transcript_not_posted',
  'evidence_added',
  'evidence_verified',
  'message_removed',
  // safe-chat advice
  'safechat_sent',
  'safechat_failed',
  // check-ins with the parties
  'checkin_sent',
  'checkin_not_delivered',
  'checkin_skipped',
  'checkin_answered',
  'real_life_flag_raised',
  // members' reports
  'report_submitted',
  'report_submission_added',
  'report_not_queued',
  'report_claimed',
  'case_opened_from_report',
  'report_merged_into_case',
  'report_dismissal_not_delivered',
  // settings
  'settings_updated',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
