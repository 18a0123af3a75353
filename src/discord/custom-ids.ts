import { SNOWFLAKE } from '../domain/snowflake.js';
import { CASE_STATUSES, CHECK_IN_ANSWERS, PARTY_ROLES } from '../domain/types.js';

/**
 * Custom ids of buttons and modals: `prefix:arg:arg`. Parsing is strict: a
 * custom id that does not match exactly (stale, forged, truncated) is
 * rejected and the interaction gets a polite "this is no longer valid".
 */
/** Every kind of argument a custom id holds, with its pattern: the statuses and roles are the domain's own. */
export const ARG_PATTERNS = {
  snowflake: SNOWFLAKE,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  caseNumber: /^[1-9]\d{0,8}$/,
  page: /^(0|[1-9]\d{0,5})$/,
  /** A case status, or `all`. */
  status: new RegExp(`^(all|${CASE_STATUSES.join('|')})$`),
  /** A party role, or `-` for none given. */
  role: new RegExp(`^(${PARTY_ROLES.join('|')}|-)$`),
  /** A check-in answer. */
  answer: new RegExp(`^(${CHECK_IN_ANSWERS.join('|')})$`),
} as const;
export type ArgShape = keyof typeof ARG_PATTERNS;

/** One kind of custom id: its prefix, the shape of each argument, and both directions. */
export type Codec<A extends readonly string[] = readonly string[]> = {
  readonly prefix: string;
  readonly shapes: readonly ArgShape[];
  build(...args: A): string;
  parse(customId: string): A | null;
};

function codec<A extends readonly string[]>(prefix: string, shapes: { readonly [K in keyof A]: ArgShape }): Codec<A> {
  const patterns = (shapes as readonly ArgShape[]).map((shape) => ARG_PATTERNS[shape]);
  return {
    prefix,
    shapes: shapes,
    build: (...args: A): string => [prefix, ...args].join(':'),
    parse: (customId: string): A | null => {
      const [head, ...args] = customId.split(':');
      if (head !== prefix || args.length !== patterns.length) return null;
      return args.every((a, i) => patterns[i]?.test(a)) ? (args as unknown as A) : null;
    },
  };
}

/** Every custom id the bot makes, declared once: the handlers, the renderers and the fuzz tests all use these. */
export const customIds = {
  acknowledge: codec<[escalationId: string]>('esc-ack', ['uuid']),
  /** The report form of "Report user": who is reported. */
  reportUserForm: codec<[userId: string]>('rep-u', ['snowflake']),
  /** The report form of "Report message": which message, its author and channel. */
  reportMessageForm: codec<[messageId: string, authorId: string, channelId: string]>('rep-m', ['snowflake', 'snowflake', 'snowflake']),
  /** On a queued report: the "open a case as…" menu, the merge and dismiss buttons, and their forms. */
  reportOpen: codec<[reportId: string]>('rep-open', ['uuid']),
  reportMerge: codec<[reportId: string]>('rep-merge', ['uuid']),
  reportMergeForm: codec<[reportId: string]>('rep-merge-form', ['uuid']),
  reportDismiss: codec<[reportId: string]>('rep-dismiss', ['uuid']),
  reportDismissForm: codec<[reportId: string]>('rep-dismiss-form', ['uuid']),
  listPage: codec<[status: string, page: string]>('case-list', ['status', 'page']),
  addSideModal: codec<[caseNumber: string, userId: string, role: string]>('addside', ['caseNumber', 'snowflake', 'role']),
  /** The form of "Remove and keep": which message (its channel, id and author: the accused of a new case). */
  removeKeepForm: codec<[channelId: string, messageId: string, authorId: string]>('rm-keep', ['snowflake', 'snowflake', 'snowflake']),
  /** A check-in's answer buttons (pressed in a DM, so the guild is named). */
  checkInAnswer: codec<[guildId: string, checkInId: string, answer: string]>('checkin', ['snowflake', 'uuid', 'answer']),
  /** After "Still happening": the self-help advice again, if the member wants it. */
  checkInAdvice: codec<[guildId: string, checkInId: string]>('checkin-advice', ['snowflake', 'uuid']),
};

export const ADDSIDE_STATEMENT_FIELD = 'statement';

/** The text inputs of the report form. */
export const REPORT_FIELDS = { what: 'what', since: 'since', elsewhere: 'elsewhere', realLife: 'real_life', other: 'other' } as const;
export const REPORT_MERGE_FIELD = 'case';
export const REPORT_DISMISS_FIELD = 'reason';
/** The fields of the "Remove and keep" form: an existing case, or who complained and a summary for a new one. */
export const REMOVE_KEEP_FIELDS = { case: 'case', complainant: 'complainant', summary: 'summary' } as const;
