const DISCORD_EPOCH = 1420070400000n;

/** Increasing snowflakes (as strings) derived from the current time. */
export class SnowflakeGenerator {
  private last = 0n;

  next(): string {
    let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    if (id <= this.last) id = this.last + 1n;
    this.last = id;
    return id.toString();
  }

  /** The next snowflake whose guild events go to `shard` of `count` ((id >> 22) % count): a later millisecond if need be. */
  nextOnShard(shard: number, count: number): string {
    let id = BigInt(this.next());
    const n = BigInt(count);
    let ms = id >> 22n;
    while (ms % n !== BigInt(shard)) ms++;
    if (ms !== id >> 22n) id = ms << 22n;
    this.last = id;
    return id.toString();
  }
}

export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
