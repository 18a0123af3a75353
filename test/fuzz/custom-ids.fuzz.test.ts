/**
 * Property-based fuzz of the custom-id codecs (src/discord/custom-ids.ts),
 * for every kind.
 *
 * The codecs are checked against an oracle written from the documented
 * format (`prefix:arg:arg`, strict, each argument of a known shape) in plain
 * code rather than with the codecs' regular expressions
 * (test/fuzz/custom-id-shapes.ts), so a mistake in either shows up as a
 * disagreement.
 *
 * Every property runs NUM_RUNS (10,000) generated cases per custom-id kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customIds } from '../../src/discord/custom-ids.js';
import { registry } from '../../commands/registry.js';
import { KINDS, SHAPE_CHECKS, WEIRD, mutatedIdArb, nearArgsIdArb, oracle, validArgsArb, validIdArb, type Kind } from './custom-id-shapes.js';
import { runs } from './fuzz-runs.js';

const NUM_RUNS = runs(10_000);
/** Discord's limit for a component or modal custom_id. */
const DISCORD_CUSTOM_ID_MAX = 100;

const allPrefixes = KINDS.map((k) => k.prefix);

const segmentArb = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constantFrom(...allPrefixes, ...allPrefixes.map((p) => p.toUpperCase()), 'esc', 'rep', 'rep-', 'case', 'add', 'addside ', ' addside') },
  { weight: 2, arbitrary: fc.constantFrom(...WEIRD) },
  { weight: 3, arbitrary: fc.oneof(...KINDS.map((k) => validArgsArb(k).map((a) => a.join(':')))) },
);
const colonJoinedArb = fc.array(segmentArb, { minLength: 0, maxLength: 6 }).map((s) => s.join(':'));

const longArb = fc.oneof(
  fc.string({ minLength: 101, maxLength: 3_000 }),
  fc.tuple(fc.constantFrom(...allPrefixes), fc.integer({ min: 1, max: 5_000 }), fc.constantFrom('0', ':', 'a', '1:', '-')).map(([p, n, c]) => `${p}:${c.repeat(n)}`),
  fc.constantFrom(...allPrefixes).map((p) => `${p}:${'1'.repeat(100_000)}`),
);

/** Any string, weighted towards the ones close to `kind`'s ids. */
const anyCustomIdArb = (kind: Kind): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.string() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii' }) },
    { weight: 1, arbitrary: longArb },
    { weight: 4, arbitrary: colonJoinedArb },
    { weight: 2, arbitrary: validIdArb(kind) },
    { weight: 4, arbitrary: mutatedIdArb(validIdArb(kind)) },
    { weight: 3, arbitrary: nearArgsIdArb(kind) },
    { weight: 1, arbitrary: fc.oneof(...KINDS.map((k) => mutatedIdArb(validIdArb(k)))) },
  );

describe('custom id kinds', () => {
  it('every kind in src/discord/custom-ids.ts is answered by exactly one registered component, and fuzzed here', () => {
    expect(KINDS.map((k) => k.name).sort()).toEqual(Object.keys(customIds).sort());
    expect(new Set(allPrefixes).size).toBe(allPrefixes.length);
    expect(registry.components.map((c) => c.customId.prefix).sort()).toEqual([...allPrefixes].sort());
  });
});

describe.each(KINDS.map((k) => [k.name, k] as const))('custom id %s', (_name, kind) => {
  it('parse never throws on any string (unicode, very long, with colons) and returns null or valid arguments', () => {
    fc.assert(
      fc.property(anyCustomIdArb(kind), (customId) => {
        let parsed: readonly string[] | null = null;
        expect(() => {
          parsed = kind.parse(customId);
        }).not.toThrow();
        expect(parsed).toEqual(oracle(kind, customId));
        if (parsed !== null) {
          const args: readonly string[] = parsed;
          expect(args).toHaveLength(kind.shapes.length);
          args.forEach((a, i) => expect(SHAPE_CHECKS[kind.shapes[i]!](a)).toBe(true));
          // A parsed id is exactly what build gives for its arguments, and the router's prefix split finds this kind.
          expect(kind.build(args)).toBe(customId);
          expect(customId.split(':')[0]).toBe(kind.prefix);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("build then parse gives back the arguments, within Discord's 100-character custom_id limit", () => {
    fc.assert(
      fc.property(validArgsArb(kind), (args) => {
        const id = kind.build(args);
        expect(id.length).toBeLessThanOrEqual(DISCORD_CUSTOM_ID_MAX);
        expect(kind.parse(id)).toEqual([...args]);
        expect(id.split(':')[0]).toBe(kind.prefix);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("ids of another kind, or with another kind's prefix, never parse as this kind", () => {
    const others = KINDS.filter((k) => k !== kind);
    const otherPrefix = fc.constantFrom(...others.map((k) => k.prefix));
    const foreignIdArb = fc.oneof(
      // Another kind's valid ids and near-valid ids.
      fc.oneof(...others.map((k) => validIdArb(k))),
      fc.oneof(...others.map((k) => mutatedIdArb(validIdArb(k)))).filter((id) => id.split(':')[0] !== kind.prefix),
      // Another kind's prefix with this kind's valid arguments, or anything else.
      fc.tuple(otherPrefix, validArgsArb(kind)).map(([p, a]) => [p, ...a].join(':')),
      fc.tuple(otherPrefix, fc.array(segmentArb, { maxLength: 4 })).map(([p, a]) => [p, ...a].join(':')),
      // Prefixes that only look like this kind's.
      fc
        .tuple(
          fc.constantFrom(kind.prefix.toUpperCase(), `${kind.prefix} `, ` ${kind.prefix}`, `${kind.prefix}s`, `${kind.prefix}-form`, kind.prefix.slice(0, -1), `${kind.prefix}\u200b`, `x${kind.prefix}`),
          validArgsArb(kind),
        )
        .filter(([p]) => p !== kind.prefix)
        .map(([p, a]) => [p, ...a].join(':')),
    );
    fc.assert(
      fc.property(foreignIdArb, (customId) => {
        expect(kind.parse(customId)).toBeNull();
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
