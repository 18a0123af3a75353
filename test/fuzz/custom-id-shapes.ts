/**
 * What each custom-id kind of src/discord/custom-ids.ts holds, written down
 * independently of its regular expressions: an oracle for the custom-id
 * fuzz, and generators of valid and near-valid ids for the command fuzz.
 *
 * The kinds and their argument shapes come from the one declaration in
 * src/discord/custom-ids.ts (a new kind is fuzzed as soon as it is
 * declared); what each shape accepts is written here again, in plain code,
 * as the oracle.
 */
import fc from 'fast-check';
import { customIds, type ArgShape } from '../../src/discord/custom-ids.js';
import { CASE_STATUSES, CHECK_IN_ANSWERS, PARTY_ROLES } from '../../src/domain/types.js';

export type Shape = ArgShape;

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const allIn = (s: string, alphabet: string): boolean => [...s].every((c) => alphabet.includes(c));

export const STATUSES = ['all', ...CASE_STATUSES] as const;
export const ROLES = [...PARTY_ROLES, '-'] as const;

/** The documented shape of each argument, as plain code (not the codecs' regular expressions). */
export const SHAPE_CHECKS: Readonly<Record<Shape, (s: string) => boolean>> = {
  /** 17 to 20 ASCII digits. */
  snowflake: (s) => s.length >= 17 && s.length <= 20 && allIn(s, DIGITS),
  /** Lower-case hex, 8-4-4-4-12. */
  uuid: (s) => s.length === 36 && [...s].every((c, i) => ([8, 13, 18, 23].includes(i) ? c === '-' : HEX.includes(c))),
  /** 1..999,999,999 without leading zeros. */
  caseNumber: (s) => s.length >= 1 && s.length <= 9 && allIn(s, DIGITS) && s[0] !== '0',
  /** 0..999,999 without leading zeros. */
  page: (s) => s === '0' || (s.length >= 1 && s.length <= 6 && allIn(s, DIGITS) && s[0] !== '0'),
  status: (s) => (STATUSES as readonly string[]).includes(s),
  role: (s) => (ROLES as readonly string[]).includes(s),
  answer: (s) => (CHECK_IN_ANSWERS as readonly string[]).includes(s),
};

/** Valid values of each shape, edges included. */
export const SHAPE_VALUES: Readonly<Record<Shape, fc.Arbitrary<string>>> = {
  snowflake: fc.oneof(
    fc.bigInt({ min: 10n ** 16n, max: 10n ** 20n - 1n }).map(String),
    fc.stringMatching(/^[0-9]{17,20}$/),
    fc.constantFrom('00000000000000000', '99999999999999999999', '10000000000000000'),
  ),
  uuid: fc.oneof(
    fc.uuid(),
    fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    fc.constantFrom('00000000-0000-4000-8000-000000000001', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  ),
  caseNumber: fc.oneof(fc.integer({ min: 1, max: 999_999_999 }), fc.constantFrom(1, 9, 10, 999_999_999)).map(String),
  page: fc.oneof(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom(0, 1, 999_999)).map(String),
  status: fc.constantFrom(...STATUSES),
  role: fc.constantFrom(...ROLES),
  answer: fc.constantFrom(...CHECK_IN_ANSWERS),
};

/** Values in the right place but of the wrong shape. */
export const SHAPE_NEAR_MISSES: Readonly<Record<Shape, fc.Arbitrary<string>>> = {
  snowflake: fc.constantFrom('1234567890123456', '123456789012345678901', '12345678901234567a', '<@123456789012345678>', '-12345678901234567', '１２３４５６７８９０１２３４５６７８', '١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨'),
  uuid: fc.oneof(
    fc.uuid().map((u) => u.toUpperCase()),
    fc.uuid().map((u) => `{${u}}`),
    fc.uuid().map((u) => u.replace(/-/g, '')),
    fc.uuid().map((u) => u.slice(0, 35)),
    fc.uuid().map((u) => `${u}0`),
  ),
  caseNumber: fc.constantFrom('0', '-1', '1000000000', '01', '1e3', '+1', 'NaN', 'Infinity', '1.5', '１２', '١٢', ' 1', '1 '),
  page: fc.constantFrom('-1', '1000000', '01', '00', '1e3', '0x10', '1.0', ' 1', '١', 'NaN'),
  status: fc.constantFrom('Open', 'opened', 'ALL', 'null', 'undefined', '', 'open ', 'closed\n'),
  role: fc.constantFrom('Witness', 'WITNESS', 'member', '', '--', 'null', 'witness '),
  answer: fc.constantFrom('Better', 'real-life', 'reallife', 'worse', '', 'still ', 'null'),
};

export type KindName = keyof typeof customIds;

export type Kind = {
  readonly name: KindName;
  readonly prefix: string;
  readonly shapes: readonly Shape[];
  readonly build: (args: readonly string[]) => string;
  readonly parse: (customId: string) => readonly string[] | null;
};

type AnyCodec = { readonly prefix: string; readonly build: (...args: never[]) => string; readonly parse: (customId: string) => readonly string[] | null };

/** Every custom-id kind, with the argument shapes its one declaration names (src/discord/custom-ids.ts). */
export const KINDS: readonly Kind[] = (Object.keys(customIds) as KindName[]).map((name) => {
  const codec: AnyCodec & { readonly shapes: readonly Shape[] } = customIds[name];
  const build = codec.build as unknown as (...args: readonly string[]) => string;
  return { name, prefix: codec.prefix, shapes: codec.shapes, build: (args) => build(...args), parse: (s) => codec.parse(s) };
});

/** What the documented format says `customId` means for `kind`: its arguments, or null. */
export function oracle(kind: Kind, customId: string): string[] | null {
  const parts = customId.split(':');
  if (parts[0] !== kind.prefix) return null;
  const args = parts.slice(1);
  if (args.length !== kind.shapes.length) return null;
  return args.every((a, i) => kind.shapes[i] !== undefined && SHAPE_CHECKS[kind.shapes[i]](a)) ? args : null;
}

/** Valid arguments for `kind`; `override` replaces the generator of some shapes (e.g. ids that exist in a seeded world). */
export function validArgsArb(kind: Kind, override: Partial<Record<Shape, fc.Arbitrary<string>>> = {}): fc.Arbitrary<readonly string[]> {
  return fc.tuple(...kind.shapes.map((s) => override[s] ?? SHAPE_VALUES[s]));
}

export const validIdArb = (kind: Kind, override: Partial<Record<Shape, fc.Arbitrary<string>>> = {}): fc.Arbitrary<string> =>
  validArgsArb(kind, override).map((a) => kind.build(a));

/** A valid id with one argument replaced by a near miss of its shape. */
export function nearArgsIdArb(kind: Kind): fc.Arbitrary<string> {
  return fc
    .tuple(validArgsArb(kind), fc.nat({ max: kind.shapes.length - 1 }), fc.oneof(...kind.shapes.map((s) => SHAPE_NEAR_MISSES[s])))
    .map(([args, i, bad]) => kind.build(args.map((a, j) => (j === i ? bad : a))));
}

export const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
/** Odd pieces for ids: separators that look like ':', whitespace, control, lone surrogates. */
export const WEIRD = [':', '::', '', ' ', '\n', '\t', '\0', '%3A', '：', '\u2236', ...ZERO_WIDTH, '👩‍👩‍👧‍👦', '\ud800', '\udfff', 'é', 'e\u0301'];

type Mutation = (id: string, i: number, c: string) => string;
const MUTATIONS: readonly Mutation[] = [
  (id, i, c) => id.slice(0, i) + c + id.slice(i), // insert
  (id, i) => id.slice(0, i) + id.slice(i + 1), // delete
  (id, i, c) => id.slice(0, i) + c + id.slice(i + 1), // replace
  (id) => `${id}:`,
  (id) => `:${id}`,
  (id) => `${id}\n`,
  (id) => ` ${id}`,
  (id) => `${id} `,
  (id) => id.toUpperCase(),
  (id, _i, c) => `${id}:${c}`,
  (id) => id.split(':').slice(0, -1).join(':'),
  (id) => id.replace(/:/, '::'),
  (id) => id.replace(/:/g, '\uff1a'),
  (id, _i, c) => `${id.split(':')[0] ?? ''}${c}:${id.split(':').slice(1).join(':')}`,
  (id, i) => id.slice(0, i), // truncated
  (id, i) => id + '9'.repeat(i), // an argument grown
];

/** `ids`, each changed in one small way (which may or may not keep it valid). */
export function mutatedIdArb(ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      ids,
      fc.nat({ max: MUTATIONS.length - 1 }),
      fc.nat({ max: 80 }),
      fc.oneof(fc.constantFrom(...WEIRD, '0', '9', 'a', 'f', 'g', 'A', '-', '1'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    )
    .map(([id, m, i, c]) => (MUTATIONS[m] ?? MUTATIONS[0]!)(id, i % (id.length + 1), c));
}
