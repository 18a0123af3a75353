/**
 * Property-based fuzz of the command path: raw INTERACTION_CREATE payloads
 * go through a real discord.js Client (offline: REST answered from memory,
 * test/support/offline-discord.ts) to the real router and commands
 * (commands/registry.ts), with the services on in-memory fakes
 * (test/support/fakes/service-harness.ts) seeded with cases
 * (test/fuzz/interaction-world.ts).
 *
 * For every interaction (test/fuzz/fuzz-checks.ts):
 * - no exception escapes the router, and no promise rejection goes unhandled;
 * - exactly one initial response (one callback POST); a deferred one is
 *   edited exactly once; no follow-ups;
 * - every message sent sets allowed_mentions so that nobody is pinged;
 *   replies are ephemeral; nothing is over Discord's limits;
 * - never the generic "Something went wrong on our side" text, nothing
 *   reaches the error boundary, and no "undefined"/"NaN" in an answer.
 *
 * Generated cases per property are in NUM_RUNS (13,600 in all). Known bugs,
 * found by this fuzz and reported, are tolerated only where they occur, see
 * KNOWN_BUGS; remove an entry once it is fixed.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../commands/registry.js';
import { createRouter } from '../../src/discord/router.js';
import { createHarness } from '../support/fakes/service-harness.js';
import { OfflineDiscord, type Json } from '../support/offline-discord.js';
import { capturingLogger, problemsOf, type LoggedError, type Problem } from './fuzz-checks.js';
import * as world from './interaction-world.js';
import { runs } from './fuzz-runs.js';

const NUM_RUNS = {
  validOptions: runs(4_000),
  outOfRangeOptions: runs(3_000),
  staleRegistration: runs(1_500),
  buttons: runs(2_000),
  modals: runs(1_500),
  messageMenus: runs(800),
  autocomplete: runs(800),
} as const;

// ---------------------------------------------------------------------------
// Known bugs: what each looks like, and for which inputs it is tolerated.

type Case = {
  readonly property: keyof typeof NUM_RUNS;
  readonly label: string;
  readonly payload: Json;
  readonly deviations: readonly world.GeneratedCommand['deviations'][number][];
  readonly brokenForm?: boolean;
};


type KnownBug = { readonly id: string; readonly what: string; readonly tolerates: (p: Problem, c: Case) => boolean };

// None open: BUG-1 to BUG-7 found by this fuzz were fixed (see the git log). Add an entry here only with a bug report.
export const KNOWN_BUGS: readonly KnownBug[] = [];

/** The problems no known bug explains. The generic text is explained when every error behind it is a known bug. */
function unexplained(problems: readonly Problem[], c: Case): Problem[] {
  const known = (p: Problem): boolean => KNOWN_BUGS.some((b) => b.tolerates(p, c));
  const boundary = problems.filter((p) => p.kind === 'error boundary caught');
  const causesKnown = boundary.length > 0 && boundary.every(known);
  return problems.filter((p) => !(known(p) || (p.kind === 'generic error text' && causesKnown)));
}

// ---------------------------------------------------------------------------
// One offline Discord for the whole file; a fresh seeded world per run.

const offline = new OfflineDiscord({ botUser: world.BOT_USER, users: world.KNOWN_USERS, guilds: world.CACHED_GUILDS });
const { logger, lines } = capturingLogger();
let route: ReturnType<typeof createRouter> = () => Promise.resolve();
offline.serve((interaction) => route(interaction));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  expect(unhandled, 'unhandled promise rejections').toEqual([]);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await offline.destroy();
});

async function freshWorld(spec: world.SeedSpec): Promise<void> {
  const h = createHarness();
  await world.seed(h, spec);
  route = createRouter(registry, { deps: h.deps }, logger);
}

/** Sends one interaction and asserts every property of its answer. */
async function expectPoliteAnswer(c: Case, seen: Map<string, number>): Promise<void> {
  seen.set(c.label, (seen.get(c.label) ?? 0) + 1);
  lines.length = 0;
  const outcome = await offline.dispatch(c.payload);
  const logged: readonly LoggedError[] = [...lines];
  const problems = unexplained(problemsOf(outcome, c.payload, logged), c);
  expect(problems, `${c.label}: ${JSON.stringify(c.payload.data).slice(0, 1_500)}`).toEqual([]);
  await new Promise<void>((resolve) => setImmediate(resolve));
  expect(unhandled, 'unhandled promise rejections').toEqual([]);
}

/** A second delivery of the same INTERACTION_CREATE: no request at all, nothing escapes. */
async function expectIgnoredRedelivery(payload: Json): Promise<void> {
  const again = await offline.dispatch(payload);
  expect(again.escaped).toBeNull();
  expect(again.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

/** Every label of `expected` was generated at least once. */
function expectCovered(seen: ReadonlyMap<string, number>, expected: readonly string[]): void {
  expect(expected.filter((l) => !seen.has(l))).toEqual([]);
}

const subcommandLabels = (): string[] =>
  world.SLASH_DEFS.flatMap((d) => {
    const subs = (d.options ?? []).filter((o) => o.type === world.OptionType.Subcommand);
    return subs.length > 0 ? subs.map((s) => `${d.name} ${s.name}`) : [d.name];
  });

// ---------------------------------------------------------------------------

describe('fuzz: slash commands through the real router', () => {
  it(`options drawn from the registered definitions, valid values (${NUM_RUNS.validOptions} runs of 1-3 interactions)`, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        world.seedSpecArb,
        fc.array(fc.tuple(world.slashCommandArb('valid'), world.whereArb, world.whoArb, fc.boolean()), { minLength: 1, maxLength: 3 }),
        async (spec, steps) => {
          await freshWorld(spec);
          for (const [cmd, where, who, redeliver] of steps) {
            const payload = world.commandPayload(cmd, where, who);
            await expectPoliteAnswer({ property: 'validOptions', label: cmd.label, payload, deviations: cmd.deviations }, seen);
            // The gateway may deliver the same event again (after a resume): it must not be answered (or run) twice.
            if (redeliver) await expectIgnoredRedelivery(payload);
          }
        },
      ),
      { numRuns: NUM_RUNS.validOptions },
    );
    expectCovered(seen, subcommandLabels());
  });

  it(`out-of-range values: negative, zero and huge integers, empty and over-long strings, other channel types (${NUM_RUNS.outOfRangeOptions} runs)`, async () => {
    const seen = new Map<string, number>();
    let deviating = 0;
    await fc.assert(
      fc.asyncProperty(world.seedSpecArb, world.slashCommandArb('range'), world.whereArb, world.whoArb, async (spec, cmd, where, who) => {
        await freshWorld(spec);
        if (cmd.deviations.length > 0) deviating += 1;
        await expectPoliteAnswer({ property: 'outOfRangeOptions', label: cmd.label, payload: world.commandPayload(cmd, where, who), deviations: cmd.deviations }, seen);
      }),
      { numRuns: NUM_RUNS.outOfRangeOptions },
    );
    expectCovered(seen, subcommandLabels());
    expect(deviating).toBeGreaterThan(NUM_RUNS.outOfRangeOptions / 4);
  });

  it(`a registration out of date with the code: wrong option types, missing required options, unresolved users/roles/channels, values outside the choices, unknown subcommands and commands (${NUM_RUNS.staleRegistration} runs)`, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(world.seedSpecArb, world.slashCommandArb('schema'), world.whereArb, world.whoArb, async (spec, cmd, where, who) => {
        await freshWorld(spec);
        await expectPoliteAnswer({ property: 'staleRegistration', label: cmd.label, payload: world.commandPayload(cmd, where, who), deviations: cmd.deviations }, seen);
      }),
      { numRuns: NUM_RUNS.staleRegistration },
    );
    expectCovered(seen, subcommandLabels());
  });
});

describe('fuzz: components and menus through the real router', () => {
  it(`buttons and select menus with random and near-valid custom ids of every kind (${NUM_RUNS.buttons} runs)`, async () => {
    const seen = new Map<string, number>();
    const componentArb = fc.oneof(
      { weight: 3, arbitrary: world.componentIdArb.map((customId) => ({ customId, values: null })) },
      { weight: 1, arbitrary: fc.tuple(world.componentIdArb, world.selectValuesArb).map(([customId, values]) => ({ customId, values })) },
    );
    await fc.assert(
      fc.asyncProperty(world.seedSpecArb, componentArb, world.whereArb, world.whoArb, async (spec, component, where, who) => {
        await freshWorld(spec);
        const { customId, values } = component;
        const payload = values === null ? world.buttonPayload(customId, where, who) : world.selectPayload(customId, values, where, who);
        const label = `${values === null ? 'button' : 'select'} ${customId.split(':')[0] ?? ''}`;
        await expectPoliteAnswer({ property: 'buttons', label, payload, deviations: [] }, seen);
      }),
      { numRuns: NUM_RUNS.buttons },
    );
    expectCovered(
      seen,
      registry.components.filter((c) => c.kind === 'button' || c.kind === 'select').map((c) => `${c.kind} ${c.customId.prefix}`),
    );
  });

  it(`modal submissions with random and near-valid custom ids of every kind (${NUM_RUNS.modals} runs)`, async () => {
    const seen = new Map<string, number>();
    const formArb = fc.oneof(
      { weight: 4, arbitrary: world.modalFieldsArb.map((fields) => ({ fields, broken: false })) },
      { weight: 1, arbitrary: world.brokenModalFieldsArb.map((fields) => ({ fields, broken: true })) },
    );
    await fc.assert(
      fc.asyncProperty(world.seedSpecArb, world.componentIdArb, formArb, world.whereArb, world.whoArb, async (spec, customId, form, where, who) => {
        await freshWorld(spec);
        const payload = world.modalPayload(customId, form.fields, where, who);
        await expectPoliteAnswer({ property: 'modals', label: `modal ${customId.split(':')[0] ?? ''}`, payload, deviations: [], brokenForm: form.broken }, seen);
      }),
      { numRuns: NUM_RUNS.modals },
    );
    expectCovered(seen, registry.components.filter((c) => c.kind === 'modal').map((c) => `modal ${c.customId.prefix}`));
  });

  it(`message (and user) context menus on any message, in interview threads and elsewhere (${NUM_RUNS.messageMenus} runs)`, async () => {
    const seen = new Map<string, number>();
    const userMenu = world.userMenuArb;
    // Also menus carrying another command's name (a registration out of date), of either type.
    const anyName = fc.constantFrom(...world.COMMAND_DEFS.map((d) => d.name), 'Report', 'record as statement');
    const menuArb = fc.oneof(
      { weight: 3, arbitrary: world.menuTargetArb.map((t) => ({ kind: 'message' as const, t })) },
      ...(userMenu ? [{ weight: 2, arbitrary: userMenu.map((u) => ({ kind: 'user' as const, u })) }] : []),
      { weight: 1, arbitrary: fc.tuple(world.menuTargetArb, anyName).map(([t, command]) => ({ kind: 'message' as const, t: { ...t, command } })) },
      { weight: 1, arbitrary: fc.tuple(anyName, fc.constantFrom(world.W.ALEX, world.W.BOT, world.W.NON_MEMBER)).map(([command, targetId]) => ({ kind: 'user' as const, u: { command, targetId } })) },
    );
    await fc.assert(
      fc.asyncProperty(world.seedSpecArb, menuArb, world.whereArb, world.whoArb, async (spec, menu, where, who) => {
        await freshWorld(spec);
        const payload = menu.kind === 'message' ? world.messageMenuPayload(menu.t, where, who) : world.userMenuPayload(menu.u.command, menu.u.targetId, where, who);
        const label = menu.kind === 'message' ? `menu ${menu.t.command}` : `user menu ${menu.u.command}`;
        await expectPoliteAnswer({ property: 'messageMenus', label, payload, deviations: [] }, seen);
      }),
      { numRuns: NUM_RUNS.messageMenus },
    );
    expectCovered(seen, [...world.MESSAGE_MENU_DEFS.map((d) => `menu ${d.name}`), ...world.USER_MENU_DEFS.map((d) => `user menu ${d.name}`)]);
  });

  it(`autocomplete of any option with any typed text (${NUM_RUNS.autocomplete} runs)`, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(world.seedSpecArb, world.autocompleteArb, world.whereArb, world.whoArb, async (spec, auto, where, who) => {
        await freshWorld(spec);
        const payload = { ...world.basePayload(4, where, who), data: auto.data };
        await expectPoliteAnswer({ property: 'autocomplete', label: auto.label, payload, deviations: [] }, seen);
      }),
      { numRuns: NUM_RUNS.autocomplete },
    );
    expect([...seen.keys()].some((l) => l.startsWith('case escalate reason'))).toBe(true);
  });
});
