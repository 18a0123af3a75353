/**
 * `npm run bench -- --shards 1,2,4 --guilds G`: the bot as `npm start` runs
 * it with sharding on, against a local Discord API holding G servers (each
 * with its channels, roles and 50 members in GUILD_CREATE). For each shard
 * count: time from start to every shard ready, RSS of each shard process at
 * ready, the mixed load's throughput over the servers, RSS after it, and
 * optionally after a soak (`--soak` minutes at load). Ratios are against the
 * first shard count of the same run.
 */
import { REST, Routes } from 'discord.js';
import { registry } from '../commands/registry.js';
import { commandPayloads } from '../src/discord/command-payloads.js';
import { FakeDiscord } from '../test/e2e/fake-discord/index.js';
import { shardPidsOf } from '../test/e2e/support/bot-process.js';
import { configureCommunity, seedCommunity, type Community } from '../test/e2e/support/community.js';
import { openBenchDatabase } from './bench-database.js';
import type { BenchWorld } from './bench-world.js';
import { BotExecutor } from './bot-executor.js';
import { buildBot, rssOf, startBotProcess } from './bot-process.js';
import { BENCH_GLOBAL_RATE_LIMIT } from './probe.js';
import { round, summarize, type Summary } from './stats.js';
import { runWorkload, totalOps, type WorkloadResult } from './workload.js';

export type ShardBenchOptions = {
  readonly shardCounts: readonly number[];
  readonly guilds: number;
  /** Members of each server, in its GUILD_CREATE. */
  readonly membersPerGuild: number;
  /** Moderator lanes of the mixed load, spread over the first servers of each shard. */
  readonly concurrency: number;
  readonly durationMs: number;
  /** After the mixed load, this much more of it (0: none), for the RSS after compressed traffic. */
  readonly soakMs: number;
  /** Idle time after the soak before the settled RSS reading (V8 gives memory back once allocation stops). */
  readonly settleMs: number;
  readonly databaseUrl: string | undefined;
  readonly log: (line: string) => void;
};

export type ShardRun = {
  readonly shards: number;
  readonly guilds: number;
  readonly startToReadyMs: number;
  readonly rssAtReadyMb: readonly number[];
  readonly managerRssMb: number;
  readonly mixed: { readonly seconds: number; readonly ops: number; readonly perSecond: number; readonly failures: number; readonly ack: Summary };
  readonly rssAfterLoadMb: readonly number[];
  readonly soak: { readonly minutes: number; readonly ops: number; readonly rssMb: readonly number[]; readonly settledRssMb: readonly number[] } | null;
  /** Throughput against the first shard count of the run. */
  readonly ratio: number;
};


/** `count` servers spread round-robin over `shards` shards, each a community with `members` members in all. */
function seedGuilds(fake: FakeDiscord, count: number, shards: number, members: number): Community[] {
  return Array.from({ length: count }, (_, i) => {
    const c = seedCommunity(fake, `bench-${i}`, [i % shards, shards]);
    // seedCommunity adds 8 people; the rest are members with no role.
    for (let m = 8; m < members; m++) fake.addMember(c.guild.id, fake.addUser({ username: `bench-${i}-m${m}` }).id);
    return c;
  });
}

async function runOne(shards: number, o: ShardBenchOptions): Promise<Omit<ShardRun, 'ratio'>> {
  const fake = await FakeDiscord.start({ ackDeadlineMs: 0, gatewayMembers: 'all', sharding: { shards, maxConcurrency: Math.max(1, shards) } });
  const db = await openBenchDatabase(o.databaseUrl);
  try {
    const seeded = performance.now();
    const communities = seedGuilds(fake, o.guilds, shards, o.membersPerGuild);
    o.log(`${shards} shard(s): ${o.guilds} servers seeded in ${round((performance.now() - seeded) / 1000, 1)} s`);
    await new REST({ api: fake.apiUrl }).setToken(fake.token).put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });
    const bot = await startBotProcess(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: String(db.poolSize),
        DISCORD_GLOBAL_RATE_LIMIT: String(BENCH_GLOBAL_RATE_LIMIT),
        SHARD_COUNT: String(shards),
        LOG_LEVEL: 'info',
      },
      { timeoutMs: 300_000 },
    );
    try {
      // Each shard logs its pid just after telling the manager it is ready.
      for (let waited = 0; shardPids(bot.output()).length < shards && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const pids = shardPids(bot.output());
      const rssAtReady = await Promise.all(pids.map(rssOf));
      const managerRss = await bot.rssMb();
      o.log(`${shards} shard(s): start to ready ${round(bot.readyMs, 0)} ms; RSS per shard at ready ${rssAtReady.join(', ')} MB (manager ${managerRss} MB)`);

      // The mixed load over as many servers as there are lanes (a lane per server, servers of every shard).
      const lanes = Math.min(o.concurrency, communities.length);
      const active = communities.slice(0, lanes);
      for (const c of active) await configureCommunity(fake, c, { community_name: 'Bench Town' }, 60_000);
      const staff = (c: Community) => new Set([c.people.owner.id, c.people.mod.id, c.people.mod2.id, c.people.admin.id, fake.botUser.id]);
      const worlds: BenchWorld[] = active.map((c) => ({
        fake,
        community: c,
        moderators: [c.people.mod.id],
        // The parties are drawn from the server's members, as in the main benchmark.
        members: fake.state.guildMembers(c.guild.id).map((m) => m.userId).filter((id) => !staff(c).has(id)),
      }));
      const perLane = Math.max(1, Math.floor(o.concurrency / lanes));
      const executors = worlds.map((w) => new BotExecutor({ ...w, moderators: Array.from({ length: perLane }, () => w.moderators[0]!) }));
      const load = async (durationMs: number, seed: number): Promise<WorkloadResult[]> =>
        Promise.all(worlds.map((w, i) => runWorkload(executors[i]!, { concurrency: perLane, durationMs, members: w.members, seed: seed + i })));
      const results = await load(o.durationMs, 10);
      const ops = results.reduce((n, r) => n + totalOps(r), 0);
      const seconds = Math.max(...results.map((r) => r.seconds));
      const failures = results.reduce((n, r) => n + r.failures, 0);
      const ack = summarize(executors.flatMap((e) => e.samples.splice(0).map((s) => s.ackMs)));
      const rssAfterLoad = await Promise.all(shardPids(bot.output()).map(rssOf));
      o.log(`${shards} shard(s): mixed load ${ops} commands in ${round(seconds, 1)} s (${round(ops / seconds, 1)}/s), ${failures} failed; RSS per shard after ${rssAfterLoad.join(', ')} MB`);
      let soak: ShardRun['soak'] = null;
      if (o.soakMs > 0) {
        const soaked = await load(o.soakMs, 100);
        executors.forEach((e) => e.samples.splice(0));
        const underLoad = await Promise.all(shardPids(bot.output()).map(rssOf));
        await new Promise((r) => setTimeout(r, o.settleMs));
        soak = { minutes: round(o.soakMs / 60_000, 1), ops: soaked.reduce((n, r) => n + totalOps(r), 0), rssMb: underLoad, settledRssMb: await Promise.all(shardPids(bot.output()).map(rssOf)) };
        o.log(`${shards} shard(s): after ${soak.minutes} min more at load (${soak.ops} commands): RSS per shard ${soak.rssMb.join(', ')} MB at load, ${soak.settledRssMb.join(', ')} MB after ${o.settleMs / 1000} s idle`);
      }
      return {
        shards,
        guilds: o.guilds,
        startToReadyMs: round(bot.readyMs, 0),
        rssAtReadyMb: rssAtReady,
        managerRssMb: managerRss,
        mixed: { seconds: round(seconds), ops, perSecond: round(ops / seconds), failures, ack },
        rssAfterLoadMb: rssAfterLoad,
        soak,
      };
    } finally {
      await bot.stop();
    }
  } finally {
    await fake.stop();
    await db.drop();
  }
}

/** The pid of each shard process, in shard order (the latest after a respawn). */
const shardPids = (output: string): number[] => [...shardPidsOf(output).entries()].sort(([a], [b]) => a - b).map(([, pid]) => pid);

export async function runShardBench(o: ShardBenchOptions): Promise<ShardRun[]> {
  buildBot();
  const runs: ShardRun[] = [];
  for (const shards of o.shardCounts) {
    const run = await runOne(shards, o);
    const base = runs[0]?.mixed.perSecond ?? run.mixed.perSecond;
    runs.push({ ...run, ratio: round(run.mixed.perSecond / base, 3) });
  }
  return runs;
}

export function shardReport(runs: readonly ShardRun[], o: Pick<ShardBenchOptions, 'concurrency' | 'durationMs' | 'membersPerGuild'>): string {
  const lines = [
    `# Bothsides shard benchmark`,
    '',
    `${runs[0]?.guilds ?? 0} servers with ${o.membersPerGuild} members each in GUILD_CREATE; mixed load of ${o.concurrency} lanes for ${o.durationMs / 1000} s. Ratio: throughput against the first shard count of this run.`,
    '',
    '| shards | start to ready | RSS per shard at ready (MB) | manager RSS (MB) | mixed load /s | ratio | ack p95 (ms) | failed | RSS per shard after load (MB) | after soak (MB) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...runs.map((r) =>
      `| ${r.shards} | ${r.startToReadyMs} ms | ${r.rssAtReadyMb.join(', ')} | ${r.managerRssMb} | ${r.mixed.perSecond} | ${r.ratio} | ${r.mixed.ack.p95} | ${r.mixed.failures} | ${r.rssAfterLoadMb.join(', ')} | ${r.soak ? `${r.soak.rssMb.join(', ')} at load, ${r.soak.settledRssMb.join(', ')} settled (${r.soak.minutes} min, ${r.soak.ops} commands)` : '-'} |`,
    ),
    '',
    'Targets (2,500 servers on one shard): ready in under 10 s, under 200 MB per shard.',
  ];
  return lines.join('\n');
}
