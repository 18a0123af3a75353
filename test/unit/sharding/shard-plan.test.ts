import { describe, expect, it } from 'vitest';
import { planShards } from '../../../src/sharding/shard-plan.js';

const discord = { shards: 4, maxConcurrency: 1, remaining: 1000 };

describe('the shard plan', () => {
  it("takes Discord's recommendation with SHARD_COUNT=auto, and all of them here by default", () => {
    expect(planShards({ count: 'auto', list: 'all' }, discord)).toEqual({ ok: true, plan: { count: 4, list: [0, 1, 2, 3], spawnDelayMs: 5500 } });
  });

  it('runs only SHARD_LIST here (another machine runs the rest)', () => {
    expect(planShards({ count: 8, list: [2, 3] }, discord)).toMatchObject({ ok: true, plan: { count: 8, list: [2, 3] } });
  });

  it('starts shards faster when Discord allows more IDENTIFYs at once (max_concurrency buckets)', () => {
    expect(planShards({ count: 'auto', list: 'all' }, { ...discord, maxConcurrency: 16 })).toMatchObject({ ok: true, plan: { spawnDelayMs: 344 } });
  });

  it('refuses a shard the count does not have, saying where the count came from', () => {
    const r = planShards({ count: 'auto', list: [0, 5] }, discord);
    expect(r).toEqual({ ok: false, problem: "SHARD_LIST names shard 5, but the bot has 4 shards (0 to 3, Discord's recommendation; set SHARD_COUNT to fix the number)" });
  });

  it('refuses to start more sessions than Discord has left today', () => {
    const r = planShards({ count: 4, list: 'all' }, { ...discord, remaining: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain('2 more session starts today');
  });
});
