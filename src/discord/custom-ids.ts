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
  listPage: codec<[status: string, page: string]>('case-list', [STATUS, PAGE]),
  addSideModal: codec<[caseNumber: string, userId: string, role: string]>('addside', [CASE_NUMBER, SNOWFLAKE, ROLE]),
};

export const ADDSIDE_STATEMENT_FIELD = 'statement';
