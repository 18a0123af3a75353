import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from './prisma-client.js';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * What the case desk keeps of its own: login sessions (by the hash of the
 * browser's token, so the table alone logs nobody in) and the secret that
 * signs its cookies, shared by every process. No server's data.
 */
export class DeskStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** A new session for the user; the token goes in the browser's cookie, only its hash here. */
  async createSession(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.prisma.webSession.create({ data: { id: hash(token), userId } });
    return token;
  }

  /** The session's user, if it was used within `idleMs` (and marks it used now); an idle one is deleted. */
  async session(token: string, idleMs: number): Promise<{ readonly userId: string } | null> {
    const id = hash(token);
    const row = await this.prisma.webSession.findUnique({ where: { id } });
    if (row === null) return null;
    if (Date.now() - row.lastSeenAt.getTime() > idleMs) {
      await this.prisma.webSession.deleteMany({ where: { id } });
      return null;
    }
    await this.prisma.webSession.updateMany({ where: { id }, data: { lastSeenAt: new Date() } });
    return { userId: row.userId };
  }

  async endSession(token: string): Promise<void> {
    await this.prisma.webSession.deleteMany({ where: { id: hash(token) } });
  }

  /** The named secret, made once (the first process to ask makes it; the others read that one). */
  async secret(name: string): Promise<string> {
    await this.prisma.webSecret.createMany({ data: [{ name, value: randomBytes(32).toString('base64url') }], skipDuplicates: true });
    return (await this.prisma.webSecret.findUniqueOrThrow({ where: { name } })).value;
  }

  /** The servers where this user has acted (their entries in the audit log): where the desk offers them to look. */
  async guildsActedIn(userId: string, limit = 100): Promise<readonly string[]> {
    const rows = await this.prisma.caseEvent.findMany({ where: { actorId: userId }, distinct: ['guildId'], select: { guildId: true }, take: limit });
    return rows.map((r) => r.guildId);
  }
}
