import type { ShardingConfig } from '../config/config.js';

/** What GET /gateway/bot tells about sharding. */
export type GatewayBotInfo = {
  /** Discord's recommended number of shards. */
  readonly shards: number;
  /** IDENTIFYs allowed per 5 s (shards in different buckets of shard_id % max_concurrency may identify at once). */
  readonly maxConcurrency: number;
  /** Session starts left today. */
  readonly remaining: number;
};

export type ShardPlan = {
  readonly count: number;
  /** The shards this machine runs. */
  readonly list: readonly number[];
  /** Between two shards' spawns: 5.5 s shared by max_concurrency buckets (discord.js's own default is 5.5 s). */
  readonly spawnDelayMs: number;
};

export const IDENTIFY_WINDOW_MS = 5_500;

/** How many shards, which ones here, and how fast to start them. Pure: the numbers come from the config and Discord. */
export function planShards(config: Pick<ShardingConfig, 'count' | 'list'>, info: GatewayBotInfo): { ok: true; plan: ShardPlan } | { ok: false; problem: string } {
  const count = config.count === 'auto' ? Math.max(1, info.shards) : config.count;
  const list = config.list === 'all' ? Array.from({ length: count }, (_, i) => i) : [...config.list];
  const outside = list.filter((n) => n >= count);
  if (outside.length > 0) {
    return { ok: false, problem: `SHARD_LIST names shard ${outside.join(', ')}, but the bot has ${count} shard${count === 1 ? '' : 's'} (0 to ${count - 1}${config.count === 'auto' ? ", Discord's recommendation; set SHARD_COUNT to fix the number" : ''})` };
  }
  if (list.length > info.remaining) {
    return { ok: false, problem: `Discord allows ${info.remaining} more session starts today and this machine would start ${list.length}; wait for the daily reset or run fewer shards here` };
  }
  return { ok: true, plan: { count, list, spawnDelayMs: Math.ceil(IDENTIFY_WINDOW_MS / Math.max(1, info.maxConcurrency)) } };
}
