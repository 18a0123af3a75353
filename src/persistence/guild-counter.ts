import { Prisma } from '../generated/prisma/client.js';
import type { Tx } from './prisma-client.js';

/** The per-guild counters: one row per guild, the last number handed out. */
export type GuildCounter = 'GuildCaseCounter' | 'GuildReportCounter';

/**
 * Hands out the guild's next number (case #N, report R-N). The upsert takes
 * a row lock on the guild's counter that is held until the surrounding
 * transaction ends, so concurrent callers queue here; a rolled-back
 * transaction gives its number back, so numbers stay gapless.
 */
export async function nextNumber(tx: Tx, counter: GuildCounter, guildId: string): Promise<number> {
  const table = Prisma.raw(`"${counter}"`);
  const rows = await tx.$queryRaw<{ lastNumber: number }[]>`
    INSERT INTO ${table} ("guildId", "lastNumber") VALUES (${guildId}, 1)
    ON CONFLICT ("guildId") DO UPDATE SET "lastNumber" = ${table}."lastNumber" + 1
    RETURNING "lastNumber"`;
  const row = rows[0];
  if (!row) throw new Error(`${counter} upsert returned no row`);
  return row.lastNumber;
}
