import type { CaseCategory, CaseOutcome, CaseStatus, PartyRole, SafeChatTopic, Urgency } from '../domain/types.js';

/** Shown in the /case open choice list: short, so staff pick the right one. */
export const CATEGORY_CHOICES: Record<CaseCategory, string> = {
  stalking: 'Stalking: follows them around repeatedly after being told to stop',
  harassment: 'Harassment: repeated unwanted messages, insults or threats',
  personal_info_exposed: 'Personal info exposed: phone, address or pictures shared',
  other: 'Other: anything else (describe it in the summary)',
};

export const CATEGORY_LABELS: Record<CaseCategory, string> = {
  stalking: 'Stalking',
  harassment: 'Harassment',
  personal_info_exposed: 'Personal info exposed',
  other: 'Other',
};

export const STATUS_LABELS: Record<CaseStatus, string> = {
  open: 'Open',
  interviewing: 'Interviewing',
  escalated: 'Escalated',
  closed: 'Closed',
};

export const OUTCOME_LABELS: Record<CaseOutcome, string> = {
  advised_self_help: 'Advised self-help',
  content_removed: 'Content removed',
  referred_to_authorities: 'Referred to the authorities',
  action_taken: 'Action taken',
  no_action: 'No action',
  unfounded: 'Unfounded',
};

export const ROLE_LABELS: Record<PartyRole, string> = {
  complainant: 'Complainant',
  accused: 'Accused',
  witness: 'Witness',
};

export const TOPIC_LABELS: Record<SafeChatTopic, string> = {
  self_help: 'Self-help',
  off_platform: 'Other apps',
  real_life: 'Real life',
  personal_info: 'Personal info',
};

export const URGENCY_LABELS: Record<Urgency, string> = { normal: 'Normal', urgent: 'Urgent' };

export const ESCALATION_PRESET_TEXT = {
  legitimate_complaint: 'The complaint looks legitimate',
  real_life_contact: 'It has reached real life (mail, phone, address)',
  moderator_uncomfortable: 'I am uncomfortable handling this alone',
} as const;

/** How another case relates to the one shown (staff only). */
export const RELATION_LABELS: Record<'same-pair-reversed' | 'same-pair' | 'same-accused' | 'same-complainant', string> = {
  'same-pair-reversed': 'the same two people, roles reversed',
  'same-pair': 'the same two people',
  'same-accused': 'the same accused',
  'same-complainant': 'the same complainant',
};
