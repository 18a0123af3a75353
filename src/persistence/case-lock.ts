import { CaseStateConflict, nextStatus, type CaseAction } from '../domain/lifecycle.js';
import type { CaseStatus } from '../domain/types.js';
import type { Tx } from './prisma-client.js';

/** Locks a case's row until the transaction ends (numbering within a case), and refuses a case that is not this guild's. */
export async function lockCase(tx: Tx, guildId: string, caseId: string): Promise<CaseStatus> {
  const rows = await tx.$queryRaw<{ status: CaseStatus }[]>`SELECT "status"::text AS "status" FROM "Case" WHERE "id" = ${caseId} AND "guildId" = ${guildId} FOR UPDATE`;
  const row = rows[0];
  if (row === undefined) throw new Error(`case ${caseId} is not a case of guild ${guildId}`);
  return row.status;
}

/**
 * Locks the case and checks, on the status it now holds, that `action` is
 * still allowed: the check and the write share one transaction, so a
 * concurrent close cannot slip between them. Returns the status the action
 * leads to; throws CaseStateConflict (the transaction rolls back) otherwise.
 */
export async function lockCaseFor(tx: Tx, guildId: string, caseId: string, action: CaseAction): Promise<CaseStatus> {
  const decision = nextStatus(await lockCase(tx, guildId, caseId), action);
  if (!decision.ok) throw new CaseStateConflict(decision.reason);
  return decision.value.next;
}
