/**
 * The benchmark, phase by phase. `npm run bench` (bench/main.ts) calls it
 * with the defaults; the CI smoke test calls it with tiny figures.
 */
import pg from 'pg';
import { createPrismaClient } from '../src/persistence/prisma-client.js';
import { PrismaCaseRepository } from '../src/persistence/case-repository.js';
import { openBenchDatabase, seedCases } from './bench-database.js';
import { deskAtScale, type DeskAtScale } from './desk-at-scale.js';
import { startBenchWorld } from './bench-world.js';
import { BotExecutor, type Sample } from './bot-executor.js';
import { buildBot, startBotProcess } from './bot-process.js';
import { FloorExecutor } from './floor-executor.js';
import { BENCH_GLOBAL_RATE_LIMIT, DISCORD_DEFAULT_GLOBAL_RATE_LIMIT, probeCommands, type Probe } from './probe.js';
import { round, summarize, type Summary } from './stats.js';
import { COMMANDS, prng, runWorkload, totalOps, type CommandName, type WorkloadResult } from './workload.js';

export type BenchOptions = {
  readonly concurrency: number;
  /** Length of the mixed-load phase and of each floor phase. */
  readonly durationMs: number;
  /** Cases in the database (opened through the bot) when the memory is read. */
  readonly casesForMemory: number;
  /** Cases in the guild (the rest seeded in bulk) for the /case view measurement. */
  readonly casesForView: number;
  /** How many /case view lookups to time at that size. */
  readonly viewSamples: number;
  /** How long the bot idles before the settled memory reading (V8 gives memory back once allocation stops). */
  readonly settleMs: number;
  readonly members: number;
  /** How many /case open are sent at the same instant in the burst phase (Discord wants each acknowledged within 3 s). */
  readonly burst: number;
  readonly databaseUrl: string | undefined;
  readonly log: (line: string) => void;
};

export type BurstResult = { readonly commands: number; readonly seconds: number; readonly failures: number };

export type PhaseThroughput = { readonly seconds: number; readonly ops: number; readonly perSecond: number; readonly failures: number };

export type BenchResults = {
  readonly startedAt: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly database: { readonly kind: 'postgresql' | 'embedded'; readonly description: string };
  readonly options: Omit<BenchOptions, 'log' | 'databaseUrl'>;
  readonly queriesPerCommand: Readonly<Record<CommandName, { queries: number; sqlMs: number; restRequests: number; globallyLimitedRequests: number }>>;
  /** What Discord's default global limit (50 requests/s) allows of each command, on its own. */
  readonly discordGlobalCap: Readonly<Record<CommandName, number>>;
  readonly startToReadyMs: number;
  readonly mixed: PhaseThroughput & {
    readonly perCommand: Readonly<Record<CommandName, { ack: Summary; final: Summary; perSecond: number }>>;
    readonly ackAll: Summary;
    /** From the commit that recorded an owed Discord action (thread, escalation post, closing) to the action done. */
    readonly owedActionLag: { readonly actions: number; readonly p50Ms: number; readonly p95Ms: number };
  };
  readonly openOnly: PhaseThroughput & { readonly ack: Summary; readonly final: Summary };
  /** `burst` /case open sent at once: how fast each is acknowledged, and how many within Discord's 3 s. */
  readonly burst: BurstResult & { readonly ack: Summary; readonly final: Summary; readonly ackedWithin3s: number };
  readonly floor: { readonly mixed: PhaseThroughput; readonly openOnly: PhaseThroughput; readonly burst: BurstResult };
  readonly ratio: { readonly mixed: number; readonly openOnly: number; readonly burst: number };
  readonly rssMb: {
    readonly atReady: number;
    readonly afterLoad: number;
    /** Right after the last /case open of the fill, still at full load. */
    readonly afterCasesUnderLoad: number;
    /** The same process after idling `settleMs`. */
    readonly afterCases: number;
    readonly casesInDatabase: number;
  };
  readonly viewAtScale: {
    readonly cases: number;
    readonly databaseMs: Summary;
    readonly repositoryMs: Summary;
    readonly throughBot: { readonly ack: Summary; readonly final: Summary };
  };
  readonly deskAtScale: DeskAtScale;
};

export async function runBench(opts: BenchOptions): Promise<BenchResults> {
  const log = opts.log;
  const startedAt = new Date().toISOString();
  buildBot();
  const db = await openBenchDatabase(opts.databaseUrl);
  log(`database: ${db.description}`);
  const world = await startBenchWorld({ moderators: opts.concurrency, members: opts.members });
  const guildId = world.community.guild.id;
  let bot: Awaited<ReturnType<typeof startBotProcess>> | undefined;
  try {
    // 1. Queries and REST requests per command (a bot in this process, with a query listener).
    const probe = await probeCommands(world, db);
    const queriesPerCommand = Object.fromEntries(
      COMMANDS.map((c) => [
        c,
        { queries: probe[c].queries, sqlMs: probe[c].sqlMs, restRequests: probe[c].requests.length, globallyLimitedRequests: globallyLimited(probe, c) },
      ]),
    ) as BenchResults['queriesPerCommand'];
    log(`probe: ${COMMANDS.map((c) => `${c} ${probe[c].queries} queries/${probe[c].requests.length} requests`).join(', ')}`);

    // 2. The bot as `npm start` runs it, in its own process.
    bot = await startBotProcess({
      DISCORD_TOKEN: world.fake.token,
      DISCORD_CLIENT_ID: world.fake.applicationId,
      DISCORD_API_URL: world.fake.apiUrl,
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: String(db.poolSize),
      DISCORD_GLOBAL_RATE_LIMIT: String(BENCH_GLOBAL_RATE_LIMIT),
      // One process, so that its RSS is the bot's (the shard benchmark measures the sharded runs: bench/shards.ts).
      SHARDING: 'off',
      LOG_LEVEL: 'info',
    });
    const startToReadyMs = bot.readyMs;
    log(`start to ready: ${round(startToReadyMs, 0)} ms`);
    await sleep(1000);
    const rssAtReady = await bot.rssMb();

    // 3. Mixed load: N moderators, the command mix, for the set duration.
    const executor = new BotExecutor(world);
    const mixed = await runWorkload(executor, { concurrency: opts.concurrency, durationMs: opts.durationMs, members: world.members, seed: 1 });
    const mixedSamples = executor.samples.splice(0);
    const rssAfterLoad = await bot.rssMb();
    const owedLag = await owedActionLag(db.url, guildId);
    log(`owed Discord actions under the mixed load: ${owedLag.actions} done, commit to done p50 ${owedLag.p50Ms} ms, p95 ${owedLag.p95Ms} ms`);
    log(`mixed load: ${totalOps(mixed)} commands in ${round(mixed.seconds, 1)} s (${round(totalOps(mixed) / mixed.seconds, 1)}/s), ${mixed.failures} failed`);

    // 3b. A burst: many /case open at the same instant (moderators reacting to one raid, say).
    const burstExecutor = new BotExecutor(world, 240_000);
    const burst = await runBurst(burstExecutor, opts.burst, opts.concurrency, world.members);
    const burstSamples = burstExecutor.samples.splice(0);
    const burstAck = summarize(burstSamples.map((s) => s.ackMs));
    const ackedWithin3s = burstSamples.filter((s) => s.ackMs <= 3000).length;
    log(`burst of ${opts.burst} /case open: acknowledged p50 ${burstAck.p50} ms, p95 ${burstAck.p95} ms, max ${burstAck.max} ms; ${ackedWithin3s} of ${opts.burst} within 3 s; all done in ${round(burst.seconds, 1)} s, ${burst.failures} failed`);

    // 4. Only /case open, until the database holds the cases for the memory reading.
    const casesNow = () => countCases(db.url, guildId);
    let cases = await casesNow();
    const target = opts.casesForMemory;
    let openedSinceCheck = 0;
    const openOnly = await runWorkload(
      {
        ...bind(executor),
        open: async (lane, a, b) => {
          const c = await executor.open(lane, a, b);
          openedSinceCheck += 1;
          return c;
        },
      },
      { concurrency: opts.concurrency, only: 'open', members: world.members, seed: 2, until: () => cases + openedSinceCheck >= target },
    );
    cases = await casesNow();
    const openSamples = executor.samples.splice(0);
    const rssAfterCasesUnderLoad = await bot.rssMb();
    await sleep(opts.settleMs);
    const rssAfterCases = await bot.rssMb();
    log(`open only: ${openOnly.counts.open} cases in ${round(openOnly.seconds, 1)} s (${round(openOnly.counts.open / openOnly.seconds, 1)}/s); ${cases} cases; RSS ${rssAfterCasesUnderLoad} MB under load, ${rssAfterCases} MB after ${opts.settleMs / 1000} s idle`);

    // 5. /case view at scale: the rest of the cases in bulk, then views through the bot.
    if (opts.casesForView > cases) {
      await seedCases(db.url, guildId, { count: opts.casesForView - cases, openedById: world.moderators[0]!, userIds: world.members });
    }
    const random = prng(3);
    const total = await casesNow();
    const viewExecutor = new BotExecutor(world);
    await runWorkload(
      { ...bind(viewExecutor), open: (_lane, a, b) => Promise.resolve({ number: 1 + Math.floor(random() * total), parties: [a, b] as const }) },
      { concurrency: opts.concurrency, only: 'view', members: world.members, seed: 4, durationMs: Math.min(opts.durationMs, 10_000) },
    );
    const viewSamples = viewExecutor.samples.filter((s) => s.command === 'view');
    const databaseAtScale = await timeCaseView(db.url, guildId, total, opts.viewSamples);
    log(`/case view at ${total} cases: database p95 ${databaseAtScale.databaseMs.p95} ms, through the bot p95 ${summarize(viewSamples.map((s) => s.finalMs)).p95} ms`);
    const desk = await deskAtScale(db.url, guildId, total, opts.viewSamples);
    log(`desk at ${total} cases: board p95 ${desk.boardMs.p95} ms, case page p95 ${desk.caseMs.p95} ms; a case with 50 statements ${desk.heavyCase.htmlBytes} B of HTML + ${desk.heavyCase.cssBytes} B of CSS`);

    const rssMb = { atReady: rssAtReady, afterLoad: rssAfterLoad, afterCasesUnderLoad: rssAfterCasesUnderLoad, afterCases: rssAfterCases, casesInDatabase: cases };
    const code = await bot.stop();
    bot = undefined;
    if (code !== 0) log(`warning: the bot exited with ${code}`);

    // 6. The floor, same concurrency and workloads, nothing of the bot running.
    const floor = new FloorExecutor(world, db, probe);
    let floorMixed: WorkloadResult;
    let floorOpen: WorkloadResult;
    let floorBurst: BurstResult;
    try {
      floorMixed = await runWorkload(floor, { concurrency: opts.concurrency, durationMs: opts.durationMs, members: world.members, seed: 1 });
      floorOpen = await runWorkload(floor, { concurrency: opts.concurrency, only: 'open', durationMs: opts.durationMs, members: world.members, seed: 2 });
      floorBurst = await runBurst(floor, opts.burst, opts.concurrency, world.members);
    } finally {
      await floor.close();
    }
    log(`floor: mixed ${round(totalOps(floorMixed) / floorMixed.seconds, 1)}/s, open only ${round(floorOpen.counts.open / floorOpen.seconds, 1)}/s, burst of ${opts.burst} done in ${round(floorBurst.seconds, 1)} s`);

    const throughput = (r: WorkloadResult, ops = totalOps(r)): PhaseThroughput => ({ seconds: round(r.seconds), ops, perSecond: round(ops / r.seconds), failures: r.failures });
    const mixedThroughput = throughput(mixed);
    const openThroughput = throughput(openOnly, openOnly.counts.open);
    const floorMixedThroughput = throughput(floorMixed);
    const floorOpenThroughput = throughput(floorOpen, floorOpen.counts.open);
    return {
      startedAt,
      machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version },
      database: { kind: db.kind, description: db.description },
      options: {
        concurrency: opts.concurrency,
        durationMs: opts.durationMs,
        casesForMemory: opts.casesForMemory,
        casesForView: opts.casesForView,
        viewSamples: opts.viewSamples,
        settleMs: opts.settleMs,
        members: opts.members,
        burst: opts.burst,
      },
      queriesPerCommand,
      discordGlobalCap: Object.fromEntries(
        COMMANDS.map((c) => [c, round(DISCORD_DEFAULT_GLOBAL_RATE_LIMIT / Math.max(1, queriesPerCommand[c].globallyLimitedRequests))]),
      ) as BenchResults['discordGlobalCap'],
      startToReadyMs: round(startToReadyMs, 0),
      mixed: {
        ...mixedThroughput,
        perCommand: perCommand(mixedSamples, mixed),
        ackAll: summarize(mixedSamples.map((s) => s.ackMs)),
        owedActionLag: owedLag,
      },
      openOnly: { ...openThroughput, ack: summarize(openSamples.map((s) => s.ackMs)), final: summarize(openSamples.map((s) => s.finalMs)) },
      burst: { ...burst, ack: burstAck, final: summarize(burstSamples.map((s) => s.finalMs)), ackedWithin3s },
      floor: { mixed: floorMixedThroughput, openOnly: floorOpenThroughput, burst: floorBurst },
      ratio: {
        mixed: round(mixedThroughput.perSecond / floorMixedThroughput.perSecond, 3),
        openOnly: round(openThroughput.perSecond / floorOpenThroughput.perSecond, 3),
        // The floor's time for the same burst over the bot's: 1 would be the hardware's pace.
        burst: round(floorBurst.seconds / burst.seconds, 3),
      },
      rssMb,
      deskAtScale: desk,
      viewAtScale: {
        cases: total,
        ...databaseAtScale,
        throughBot: { ack: summarize(viewSamples.map((s) => s.ackMs)), final: summarize(viewSamples.map((s) => s.finalMs)) },
      },
    };
  } finally {
    await bot?.stop();
    await world.fake.stop();
    await db.drop();
  }
}

/** `count` /case open sent at once (moderators taken in turn), until every one has its final reply. */
async function runBurst(executor: Pick<BotExecutor, 'open'>, count: number, lanes: number, members: readonly string[]): Promise<BurstResult> {
  const started = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => executor.open(i % lanes, members[i % members.length]!, members[(i + 1) % members.length]!)),
  );
  return { commands: count, seconds: round((performance.now() - started) / 1000), failures: settled.filter((r) => r.status === 'rejected').length };
}

/** Requests that count towards Discord's global limit: all but interaction callbacks and interaction webhooks. */
function globallyLimited(probe: Probe, command: CommandName): number {
  return probe[command].requests.filter((r) => !r.path.startsWith('/interactions/') && !r.path.startsWith('/webhooks/')).length;
}

function perCommand(samples: readonly Sample[], result: WorkloadResult): BenchResults['mixed']['perCommand'] {
  return Object.fromEntries(
    COMMANDS.map((c) => {
      const mine = samples.filter((s) => s.command === c);
      return [c, { ack: summarize(mine.map((s) => s.ackMs)), final: summarize(mine.map((s) => s.finalMs)), perSecond: round(result.counts[c] / result.seconds) }];
    }),
  ) as BenchResults['mixed']['perCommand'];
}

/** /case view's database work at scale: the repository call and the SQL time Prisma reports for it. */
async function timeCaseView(url: string, guildId: string, cases: number, samples: number): Promise<{ databaseMs: Summary; repositoryMs: Summary }> {
  let sqlMs = 0;
  const prisma = createPrismaClient(url, { poolSize: 1, onQuery: (q) => (sqlMs += q.durationMs) });
  try {
    const repository = new PrismaCaseRepository(prisma).forGuild(guildId);
    const random = prng(5);
    const database: number[] = [];
    const wall: number[] = [];
    await repository.detail(1, 10); // connect
    for (let i = 0; i < samples; i++) {
      const number = 1 + Math.floor(random() * cases);
      sqlMs = 0;
      const started = performance.now();
      const detail = await repository.detail(number, 10);
      wall.push(performance.now() - started);
      database.push(sqlMs);
      if (!detail) throw new Error(`bench: case #${number} not found`);
    }
    return { databaseMs: summarize(database), repositoryMs: summarize(wall) };
  } finally {
    await prisma.$disconnect();
  }
}

/** Commit-to-done lag of the owed actions finished so far (all of them from the mixed phase at this point). */
async function owedActionLag(url: string, guildId: string): Promise<{ actions: number; p50Ms: number; p95Ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string; p50: number | null; p95: number | null }>(
      `SELECT count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "finishedAt" - "createdAt") * 1000) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "finishedAt" - "createdAt") * 1000) AS p95
       FROM "OwedAction" WHERE "guildId" = $1 AND "status" = 'done'`,
      [guildId],
    );
    const row = rows[0];
    return { actions: Number(row?.n ?? 0), p50Ms: round(row?.p50 ?? 0, 1), p95Ms: round(row?.p95 ?? 0, 1) };
  } finally {
    await client.end();
  }
}

async function countCases(url: string, guildId: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Case" WHERE "guildId" = $1`, [guildId]);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

function bind(executor: BotExecutor) {
  return {
    open: executor.open.bind(executor),
    addside: executor.addside.bind(executor),
    escalate: executor.escalate.bind(executor),
    view: executor.view.bind(executor),
    safechat: executor.safechat.bind(executor),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
