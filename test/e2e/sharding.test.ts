import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/persistence/prisma-client.js';
import { hasRealPostgres } from '../support/test-databases.js';
import type { FakeDiscord, InteractionHandle } from './fake-discord/index.js';
import type { OptionValue } from './fake-discord/interactions.js';
import { openProcessWorld, until, untilAsync, type BotProcess, type ProcessWorld } from './support/bot-process.js';
import { configureCommunity, seedCommunity, type Community } from './support/community.js';

const SHARDS = 2;
const THREADS_ROUTE = '/channels/{channel_id}/threads';
const CALLBACK = /^\/interactions\/([^/]+)\/[^/]+\/callback$/;
/** Scheduled days ahead: not what "nothing owed" waits for. */
const LATER = ['escalation.remind', 'checkin.send'];

/**
 * `npm start` with sharding on, against a local Discord API that shards as
 * Discord does (it recommends 2 shards, refuses a second IDENTIFY within 5 s):
 * discord.js's ShardingManager runs shard 0 and shard 1 in processes of their
 * own, 10 servers split between them; one PostgreSQL database.
 */
describe.runIf(hasRealPostgres())('two shard processes under the sharding manager', () => {
  let w: ProcessWorld;
  let fake: FakeDiscord;
  let db: PrismaClient;
  let bot: BotProcess;
  const communities: Community[] = [];
  const handles: InteractionHandle[] = [];
  const shardOf = (c: Community) => fake.shardOf(c.guild.id, SHARDS);
  const onShard = (shard: number) => communities.filter((c) => shardOf(c) === shard);
  const run = (c: Community, userId: string, subcommand: string, options: Record<string, OptionValue>) => {
    const h = fake.slash(userId, c.guild.id, 'case', { subcommand, channelId: c.channels.staffRoom.id, options });
    handles.push(h);
    return h.settled({ timeoutMs: 15_000 });
  };
  /** The shard a request came from, as its User-Agent names it. */
  const shardOfRequest = (userAgent: string) => Number(/bothsides-shard\/(\d+)/.exec(userAgent)?.[1] ?? NaN);

  beforeAll(async () => {
    w = await openProcessWorld('shard-town-0', { fake: { sharding: { shards: SHARDS, maxConcurrency: 1, enforceIdentifyRate: true } }, shard: [0, SHARDS] });
    ({ fake, db } = w);
    communities.push(w.community);
    for (let i = 1; i < 10; i++) communities.push(seedCommunity(fake, `shard-town-${i}`, [i % SHARDS, SHARDS]));
    // A killed shard's leases run out after 5 s (longer than Discord holds a request here, as 30 s is longer than discord.js's 15 s timeout).
    bot = await w.start({ ACTION_LEASE_SECONDS: '5' });
  }, 180_000);
  afterAll(async () => {
    await w?.close('SIGTERM');
  });

  it('runs one process per shard, each with a session that holds its servers only', async () => {
    const sessions = fake.shardSessions.filter((x) => x.connected).map((x) => x.shard.join('/')).sort();
    expect(sessions).toEqual(['0/2', '1/2']);
    // Each shard logs its line just after it tells the manager it is ready.
    await until(() => bot.shardPids().size === 2, 30_000);
    const pids = bot.shardPids();
    expect([...pids.keys()].sort()).toEqual([0, 1]);
    expect(new Set([...pids.values(), bot.child.pid]).size).toBe(3);
    expect(onShard(0)).toHaveLength(5);
    expect(onShard(1)).toHaveLength(5);
    const online = bot.output().split('\n').filter((l) => l.includes('"shard is online"')).map((l) => JSON.parse(l) as { shard: number; guilds: number });
    for (const line of online) expect(line.guilds).toBe(5);
  });

  it('serves a whole case in a server of each shard, every request from the shard that holds the server', async () => {
    for (const c of communities) await configureCommunity(fake, c, {}, 15_000);
    for (const shard of [0, 1]) {
      const c = onShard(shard)[0]!;
      const { mod, alex, sam } = c.people;
      const opened = await run(c, mod.id, 'open', { complainant: alex.id, accused: sam.id, category: 'stalking', summary: `Shard ${shard}: keeps following them.` });
      expect(opened.reply?.content).toContain('Case #1 opened');
      const escalated = await run(c, mod.id, 'escalate', { case: 1, reason: 'Looks legitimate', urgency: 'urgent' });
      expect(escalated.reply?.content).toContain('Case #1 is escalated');
      const closed = await run(c, mod.id, 'close', { case: 1, outcome: 'advised_self_help', reason: 'Both advised.', one_sided_reason: 'The accused did not answer.' });
      expect(closed.reply?.content).toContain('Case #1');
      const theCase = await db.case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 1 }, include: { parties: true } });
      expect(theCase.status).toBe('closed');
      for (const p of theCase.parties) expect(p.threadId).not.toBeNull();
      expect(fake.messagesIn(c.channels.escalations.id).filter((m) => m.authorId === fake.botUser.id)).toHaveLength(1);
    }
    // Every answer to an interaction came from the shard that holds its server.
    const guildOfInteraction = new Map(handles.map((h) => [h.id, String(h.payload.guild_id)]));
    const callbacks = fake.requests.filter((q) => CALLBACK.test(q.path));
    expect(callbacks.length).toBeGreaterThanOrEqual(10 + 6);
    for (const q of callbacks) {
      const guildId = guildOfInteraction.get(CALLBACK.exec(q.path)![1]!);
      if (guildId === undefined) continue; // /setup's, sent by configureCommunity
      expect(shardOfRequest(q.userAgent)).toBe(fake.shardOf(guildId, SHARDS));
    }
    // Per shard: its interactions (10 /setup and 3 case commands in 5 servers) and its requests.
    const perShard = [0, 1].map((shard) => fake.requests.filter((q) => shardOfRequest(q.userAgent) === shard).length);
    const setupCallbacks = callbacks.filter((q) => !guildOfInteraction.has(CALLBACK.exec(q.path)![1]!));
    for (const shard of [0, 1]) expect(setupCallbacks.filter((q) => shardOfRequest(q.userAgent) === shard)).toHaveLength(5);
    console.info(`REST requests per shard process: ${perShard.join(' + ')} (manager: ${fake.requests.filter((q) => Number.isNaN(shardOfRequest(q.userAgent))).length})`);
    expect(perShard[0]).toBeGreaterThan(0);
    expect(perShard[1]).toBeGreaterThan(0);
    fake.assertNoViolations();
  }, 120_000);

  it('respawns a shard killed mid-case; the case is whole and each owed action carried out once', async () => {
    const c = onShard(1)[1]!;
    const { mod, alex, sam } = c.people;
    const before = bot.shardPids().get(1)!;
    const fault = fake.faults.add({ method: 'POST', route: THREADS_ROUTE, kind: 'delay', ms: 2500 });
    const threadPosts = () => fake.requests.filter((q) => q.method === 'POST' && q.route === THREADS_ROUTE && q.params.channel_id === c.channels.interviews.id);
    fake.slash(mod.id, c.guild.id, 'case', { subcommand: 'open', channelId: c.channels.staffRoom.id, options: { complainant: alex.id, accused: sam.id, category: 'harassment', summary: 'Messages at night.' } });
    await until(() => threadPosts().some((q) => q.fault === 'delay'), 10_000);
    process.kill(before, 'SIGKILL');
    fake.faults.remove(fault);

    // The manager starts shard 1 again; the new process identifies (or resumes) and serves its servers.
    await until(() => (bot.shardPids().get(1) ?? before) !== before, 60_000);
    expect(bot.child.exitCode).toBeNull();
    await until(() => fake.shardSessions.some((x) => x.shard.join('/') === '1/2' && x.connected), 60_000);
    const stored = await db.case.findMany({ where: { guildId: c.guild.id }, include: { parties: true } });
    expect(stored.length).toBeLessThanOrEqual(1);
    if (stored.length === 1) {
      const theCase = stored[0]!;
      await untilAsync(async () => (await db.owedAction.count({ where: { caseId: theCase.id, status: 'pending', kind: { notIn: LATER } } })) === 0, 60_000);
      for (const party of [alex, sam]) {
        const p = await db.party.findFirstOrThrow({ where: { caseId: theCase.id, userId: party.id } });
        expect(p.threadId).not.toBeNull();
        const thread = fake.channel(p.threadId!);
        expect(fake.threadsUnder(c.channels.interviews.id).filter((t) => t.name === thread.name)).toHaveLength(1);
        expect(fake.messagesIn(thread.id).filter((m) => m.authorId === fake.botUser.id)).toHaveLength(1);
      }
      expect(await db.caseEvent.count({ where: { caseId: theCase.id, type: 'thread_created' } })).toBe(2);
    }
    // The respawned shard serves the next case in that server.
    const next = await run(c, mod.id, 'open', { complainant: alex.id, accused: c.people.robin.id, category: 'other', summary: 'After the respawn.' });
    expect(next.reply?.content).toContain(`Case #${stored.length + 1} opened`);
    // The other shard was not touched.
    expect(bot.shardPids().get(0)).toBeDefined();
    expect(fake.shardSessions.filter((x) => x.shard.join('/') === '0/2' && x.connected)).toHaveLength(1);
    fake.assertNoViolations();
  }, 120_000);
});
