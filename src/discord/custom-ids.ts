/**
 * Custom ids of buttons and modals: `prefix:arg:arg`. Parsing is strict: a
 * custom id that does not match exactly (stale, forged, truncated) is
 * rejected and the interaction gets a polite "this is no longer valid".
 */
const SNOWFLAKE = /^\d{17,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CASE_NUMBER = /^[1-9]\d{0,8}$/;
const PAGE = /^(0|[1-9]\d{0,5})$/;
const STATUS = /^(all|open|interviewing|escalated|closed)$/;
const ROLE = /^(complainant|accused|witness|-)$/;

function codec<A extends readonly string[]>(prefix: string, patterns: { [K in keyof A]: RegExp }) {
  return {
    prefix,
    build: (...args: A): string => [prefix, ...args].join(':'),
    parse: (customId: string): A | null => {
      const [head, ...args] = customId.split(':');
      if (head !== prefix || args.length !== patterns.length) return null;
      return args.every((a, i) => patterns[i]?.test(a)) ? (args as unknown as A) : null;
    },
  };
}

export const customIds = {
  acknowledge: codec<[escalationId: string]>('esc-ack', [UUID]),
  /** The report form of "Report user": who is reported. */
  reportUserForm: codec<[userId: string]>('rep-u', [SNOWFLAKE]),
  /** The report form of "Report message": which message, its author and channel. */
  reportMessageForm: codec<[messageId: string, authorId: string, channelId: string]>('rep-m', [SNOWFLAKE, SNOWFLAKE, SNOWFLAKE]),
  /** On a queued report: the "open a case as…" menu, the merge and dismiss buttons, and their forms. */
  reportOpen: codec<[reportId: string]>('rep-open', [UUID]),
  reportMerge: codec<[reportId: string]>('rep-merge', [UUID]),
  reportMergeForm: codec<[reportId: string]>('rep-merge-form', [UUID]),
  reportDismiss: codec<[reportId: string]>('rep-dismiss', [UUID]),
  reportDismissForm: codec<[reportId: string]>('rep-dismiss-form', [UUID]),
  listPage: codec<[status: string, page: string]>('case-list', [STATUS, PAGE]),
  addSideModal: codec<[caseNumber: string, userId: string, role: string]>('addside', [CASE_NUMBER, SNOWFLAKE, ROLE]),
};

export const ADDSIDE_STATEMENT_FIELD = 'statement';

/** The text inputs of the report form. */
export const REPORT_FIELDS = { what: 'what', since: 'since', elsewhere: 'elsewhere', realLife: 'real_life', other: 'other' } as const;
export const REPORT_MERGE_FIELD = 'case';
export const REPORT_DISMISS_FIELD = 'reason';
