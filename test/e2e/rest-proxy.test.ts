import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startRestProxy } from '../../src/rest-proxy.js';
import { hasRealPostgres } from '../support/test-databases.js';
import type { InteractionHandle } from './fake-discord/index.js';
import { openProcessWorld, until, type ProcessWorld } from './support/bot-process.js';
import { configureCommunity, seedCommunity, type Community } from './support/community.js';

const SHARDS = 4;
const MEMBERS = 25;
const DISCORD_LIMIT = 50;

/**
 * Discord's global limit (50 requests a second) is per bot. Four shard
 * processes, each keeping its own limit, can send far more; through the
 * REST proxy (@discordjs/proxy, `npm run rest-proxy`) they share one. The
 * local Discord API measures the bot's busiest second, interaction callbacks
 * left out as Discord leaves them out.
 */
describe.runIf(hasRealPostgres())('four shard processes, with and without the REST proxy', () => {
  let w: ProcessWorld;
  const communities: Community[] = [];
  const members = new Map<string, string[]>();

  beforeAll(async () => {
    w = await openProcessWorld('proxy-town-0', { fake: { sharding: { shards: SHARDS, maxConcurrency: SHARDS }, ackDeadlineMs: 0 }, shard: [0, SHARDS] });
    communities.push(w.community);
    for (let i = 1; i < 2 * SHARDS; i++) communities.push(seedCommunity(w.fake, `proxy-town-${i}`, [i % SHARDS, SHARDS]));
    for (const c of communities) {
      members.set(c.guild.id, Array.from({ length: MEMBERS }, (_, n) => {
        const user = w.fake.addUser({ username: `${c.guild.name}-chatter-${n}` });
        w.fake.addMember(c.guild.id, user.id);
        return user.id;
      }));
    }
  }, 60_000);
  afterAll(async () => {
    await w?.close('SIGTERM');
  });

  /** 200 /safechat at once, 25 in each of 8 servers on 4 shards: about 400 DM requests besides the callbacks. */
  async function burst(): Promise<{ windowed: number; sliding: number; total: number; handles: InteractionHandle[]; since: number }> {
    const { fake } = w;
    const since = Date.now();
    const handles = communities.flatMap((c) =>
      members.get(c.guild.id)!.map((userId) => fake.slash(c.people.mod.id, c.guild.id, 'safechat', { channelId: c.channels.staffRoom.id, options: { user: userId, topic: 'self_help', force: true } })),
    );
    const results = await Promise.all(handles.map((h) => h.settled({ timeoutMs: 60_000 })));
    for (const r of results) expect(r.reply?.content ?? '').not.toBe('');
    // Every advice DM sent (the proxy holds requests back between windows, so a quiet moment proves nothing).
    await until(() => dmsSince(since).length === handles.length, 60_000);
    await fake.idle(1_500, 60_000);
    return { ...fake.peakRequestsPerSecond(since), handles, since };
  }

  const dmsSince = (since: number) => w.fake.requests.filter((q) => q.at >= since && q.method === 'POST' && q.route === '/channels/{channel_id}/messages' && q.status === 200);

  it('without the proxy the four processes together go over 50 a second; through it they stay under', async () => {
    const { fake } = w;
    // Without: each shard talks to Discord directly.
    const direct = await w.start();
    for (const c of communities) await configureCommunity(fake, c, {}, 15_000);
    const without = await burst();
    expect(dmsSince(without.since)).toHaveLength(communities.length * MEMBERS);
    await direct.kill('SIGTERM');

    // With: every shard's DISCORD_API_URL is the proxy.
    const proxy = await startRestProxy({ upstream: fake.apiUrl, port: 0, host: '127.0.0.1', globalRequestsPerSecond: 45 }, createLogger('silent'));
    try {
      await w.start({ DISCORD_API_URL: proxy.url });
      const through = await burst();
      const dms = dmsSince(through.since);
      expect(dms).toHaveLength(communities.length * MEMBERS);
      console.info(
        `busiest second, callbacks left out (fixed window / any 1,000 ms): without the proxy ${without.windowed} / ${without.sliding}, ` +
          `through it ${through.windowed} / ${through.sliding} (Discord's limit ${DISCORD_LIMIT}; ${without.total} and ${through.total} requests in all)`,
      );
      expect(without.windowed).toBeGreaterThan(DISCORD_LIMIT);
      expect(through.windowed).toBeLessThan(DISCORD_LIMIT);
      // The callbacks did not wait in the proxy's global queue: each was answered before the paced DMs were all out.
      const lastDm = Math.max(...dms.map((q) => q.at));
      const callbacks = fake.requests.filter((q) => q.at >= through.since && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(q.path));
      expect(callbacks).toHaveLength(through.handles.length);
      expect(Math.max(...callbacks.map((q) => q.at))).toBeLessThan(lastDm);
      fake.assertNoViolations();
    } finally {
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    }
  }, 400_000);
});
