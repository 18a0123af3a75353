/**
 * The moderators' workload, the same for the bot and for the floor: each
 * lane is one moderator who opens cases and works on them with a fixed mix
 * of commands, drawn from a seeded generator so that runs are comparable.
 */

export const COMMANDS = ['open', 'addside', 'escalate', 'view', 'safechat'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Share of each command in the mixed workload. */
export const MIX: Readonly<Record<CommandName, number>> = { open: 0.3, addside: 0.25, escalate: 0.1, view: 0.2, safechat: 0.15 };

export type LaneCase = { readonly number: number; readonly parties: readonly [string, string] };

/** What a workload needs done; the bot and the floor each implement it. */
export interface Executor {
  open(lane: number, complainant: string, accused: string): Promise<LaneCase>;
  addside(lane: number, c: LaneCase, party: string, statement: string): Promise<void>;
  escalate(lane: number, c: LaneCase): Promise<void>;
  view(lane: number, c: LaneCase): Promise<void>;
  safechat(lane: number, c: LaneCase, user: string): Promise<void>;
}

export type WorkloadOptions = {
  readonly concurrency: number;
  /** Stop after this long ... */
  readonly durationMs?: number;
  /** ... or once this returns true. */
  readonly until?: () => boolean;
  /** Only this command (after each lane's first open); default: the mix. */
  readonly only?: CommandName;
  readonly members: readonly string[];
  readonly seed: number;
};

export type WorkloadResult = { readonly seconds: number; readonly counts: Readonly<Record<CommandName, number>>; readonly failures: number };

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runWorkload(executor: Executor, opts: WorkloadOptions): Promise<WorkloadResult> {
  const counts: Record<CommandName, number> = { open: 0, addside: 0, escalate: 0, view: 0, safechat: 0 };
  let failures = 0;
  const started = performance.now();
  const deadline = opts.durationMs === undefined ? Infinity : started + opts.durationMs;
  const done = () => performance.now() >= deadline || (opts.until?.() ?? false);

  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, lane) => {
      const random = prng(opts.seed * 1000 + lane);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const cases: LaneCase[] = [];
      while (!done()) {
        const command = cases.length === 0 ? 'open' : (opts.only ?? chooseCommand(random()));
        const c = cases.length > 0 ? pick(cases) : undefined;
        try {
          if (command === 'open' || !c) {
            const complainant = pick(opts.members);
            let accused = pick(opts.members);
            while (accused === complainant) accused = pick(opts.members);
            cases.push(await executor.open(lane, complainant, accused));
            if (cases.length > 5) cases.shift();
          } else if (command === 'addside') {
            await executor.addside(lane, c, pick(c.parties), `Statement ${counts.addside} of lane ${lane}: what happened, in their words.`);
          } else if (command === 'escalate') {
            await executor.escalate(lane, c);
          } else if (command === 'view') {
            await executor.view(lane, c);
          } else {
            await executor.safechat(lane, c, pick(c.parties));
          }
          counts[command] += 1;
        } catch (error) {
          failures += 1;
          if (failures <= 5) console.error(`bench: ${command} failed on lane ${lane}:`, error instanceof Error ? error.message : error);
        }
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, counts, failures };
}

function chooseCommand(r: number): CommandName {
  let acc = 0;
  for (const command of COMMANDS) {
    acc += MIX[command];
    if (r < acc) return command;
  }
  return 'view';
}

export const totalOps = (r: WorkloadResult): number => COMMANDS.reduce((sum, c) => sum + r.counts[c], 0);
