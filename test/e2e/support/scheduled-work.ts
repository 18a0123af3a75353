import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '../../../src/persistence/prisma-client.js';

/** Makes the guild's pending owed actions of `kind` due now, by the database's clock: scheduled work brought forward instead of waited for. */
export async function bringForward(prisma: PrismaClient, guildId: string, kind: string): Promise<void> {
  await prisma.$executeRaw`UPDATE "OwedAction" SET "runAt" = now() WHERE "kind" = ${kind} AND "status" = 'pending' AND "guildId" = ${guildId}`;
}

/** Waits until none of the guild's owed actions of `kind` is pending (the runner has carried them out). */
export async function untilCarriedOut(prisma: PrismaClient, guildId: string, kind: string, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await prisma.owedAction.count({ where: { guildId, kind, status: 'pending' } })) === 0) return;
    await sleep(50);
  }
  throw new Error(`${what} was never carried out`);
}
