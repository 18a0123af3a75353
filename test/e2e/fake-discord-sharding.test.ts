import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord } from './fake-discord/index.js';

/** A raw gateway connection: HELLO, then one IDENTIFY; resolves with the first thing the gateway answers. */
async function identifyRaw(fake: FakeDiscord, shard: unknown): Promise<{ close?: number; op?: number; t?: string; d?: unknown }> {
  const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const answer = new Promise<{ close?: number; op?: number; t?: string; d?: unknown }>((resolve) => {
    ws.on('message', (raw: Buffer) => {
      const p = JSON.parse(raw.toString()) as { op: number; t?: string; d?: unknown };
      if (p.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } }));
      else resolve({ op: p.op, t: p.t, d: p.d });
    });
    ws.on('close', (code) => resolve({ close: code }));
  });
  const first = await answer;
  ws.terminate();
  return first;
}

/** `count` guilds spread round-robin over `shards` shards. */
function seedGuilds(fake: FakeDiscord, count: number, shards = 2): string[] {
  const owner = fake.addUser({ username: 'owner' });
  return Array.from({ length: count }, (_, i) => fake.addGuild({ name: `G${i}`, ownerId: owner.id, shard: [i % shards, shards] }).id);
}

describe('the local Discord API shards like Discord', () => {
  let fake: FakeDiscord | undefined;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.destroy();
    await fake?.stop();
  });

  it('GET /gateway/bot recommends its shards and max_concurrency', async () => {
    fake = await FakeDiscord.start({ sharding: { shards: 4, maxConcurrency: 2 } });
    const res = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    const body = (await res.json()) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(body.shards).toBe(4);
    expect(body.session_start_limit.max_concurrency).toBe(2);
  });

  it('each shard gets only its guilds ((id >> 22) % count), and DMs go to shard 0', async () => {
    fake = await FakeDiscord.start();
    const guilds = seedGuilds(fake, 10);
    const ready: Record<number, string[]> = {};
    for (const shard of [0, 1]) {
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, shards: [shard], shardCount: 2 });
      clients.push(client);
      const isReady = once(client, Events.ClientReady);
      await client.login(fake.token);
      await isReady;
      ready[shard] = [...client.guilds.cache.keys()].sort();
    }
    for (const shard of [0, 1]) expect(ready[shard]).toEqual(guilds.filter((g) => fake!.shardOf(g, 2) === shard).sort());
    expect(ready[0]).toHaveLength(5);
    expect(ready[1]).toHaveLength(5);

    // A slash command in a guild of shard 1 reaches only the client of shard 1; a DM's button reaches shard 0.
    const seen: number[] = [];
    clients.forEach((c, shard) => c.on(Events.InteractionCreate, (i) => {
      seen.push(shard);
      if (i.isRepliable()) void i.reply({ content: 'ok' });
    }));
    const user = fake.addUser({ username: 'member' });
    const onOne = ready[1]![0]!;
    fake.addMember(onOne, user.id);
    fake.addTextChannel(onOne, { name: 'general' });
    await fake.slash(user.id, onOne, 'anything').settled();
    expect(seen).toEqual([1]);
    const events = () => Object.fromEntries(fake!.shardSessions.map((x) => [x.shard.join('/'), x.events]));
    const before = events();
    fake.dispatch('CHANNEL_PINS_UPDATE', { channel_id: '1', last_pin_timestamp: null });
    const after = events();
    expect(after['0/2']).toBe(before['0/2']! + 1);
    expect(after['1/2']).toBe(before['1/2']);
    expect(Object.keys(after).sort()).toEqual(['0/2', '1/2']);
  });

  it('refuses a shard that does not exist (4010) and a session with too many guilds (4011)', async () => {
    fake = await FakeDiscord.start({ sharding: { maxGuildsPerShard: 3 } });
    seedGuilds(fake, 8, 4);
    expect((await identifyRaw(fake, [2, 2])).close).toBe(4010);
    expect((await identifyRaw(fake, [0, 0])).close).toBe(4010);
    expect((await identifyRaw(fake, 'x')).close).toBe(4010);
    // 8 guilds on one session, or 4 on each of 2: too many.
    expect((await identifyRaw(fake, undefined)).close).toBe(4011);
    expect((await identifyRaw(fake, [0, 2])).close).toBe(4011);
    // 2 on each of 4 shards is within the limit.
    expect((await identifyRaw(fake, [3, 4])).t).toBe('READY');
  });

  it('refuses a second IDENTIFY in the same bucket within 5 s (op 9), and allows another bucket', async () => {
    fake = await FakeDiscord.start({ sharding: { shards: 2, maxConcurrency: 2, enforceIdentifyRate: true } });
    seedGuilds(fake, 2);
    expect((await identifyRaw(fake, [0, 4])).t).toBe('READY');
    expect((await identifyRaw(fake, [1, 4])).t).toBe('READY');
    // Shard 2 shares bucket 0 (2 % 2) with shard 0, which identified a moment ago.
    const refused = await identifyRaw(fake, [2, 4]);
    expect(refused.op).toBe(9);
    expect(refused.d).toBe(false);
  });
});
