import type { Tx } from './prisma-client.js';

/** Locks a case's row until the transaction ends (numbering within a case), and refuses a case that is not this guild's. */
export async function lockCase(tx: Tx, guildId: string, caseId: string): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Case" WHERE "id" = ${caseId} AND "guildId" = ${guildId} FOR UPDATE`;
  if (rows.length === 0) throw new Error(`case ${caseId} is not a case of guild ${guildId}`);
}
