import type { Logger } from '../logging/logger.js';
import { createPrismaClient, type PrismaClient, type QueryListener } from '../persistence/prisma-client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { applyMigrations } from './migrator.js';
import { redactUrl } from './redact-url.js';

export type Database = {
  readonly prisma: PrismaClient;
  readonly kind: 'postgresql' | 'embedded';
  /** Where the data lives, safe to log (no password). */
  readonly description: string;
  close(): Promise<void>;
};

export type DatabaseSettings = {
  readonly url: string | undefined;
  readonly dataDir: string | undefined;
  /** Connections to `url`'s server (default 10); the embedded database takes one. */
  readonly poolSize?: number;
};

/**
 * DATABASE_URL set: that PostgreSQL. Unset: the embedded one under DATA_DIR.
 * Either way the committed migrations are applied before this returns.
 */
export async function openDatabase(settings: DatabaseSettings, logger: Logger, onQuery?: QueryListener): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url: string;
  let description: string;
  if (settings.url !== undefined) {
    url = settings.url;
    description = `PostgreSQL at ${redactUrl(url)}`;
  } else {
    embedded = await startEmbeddedPostgres(settings.dataDir);
    url = embedded.url;
    description = `embedded PostgreSQL (PGlite) in ${embedded.dataDir ?? 'memory'}`;
  }
  try {
    const applied = await applyMigrations(url);
    logger.info({ database: description, migrationsApplied: applied }, `Using ${description}`);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const prisma = createPrismaClient(url, { poolSize: embedded ? 1 : (settings.poolSize ?? 10), ...(onQuery ? { onQuery } : {}) });
  return {
    prisma,
    kind: embedded ? 'embedded' : 'postgresql',
    description,
    async close() {
      await prisma.$disconnect();
      await embedded?.stop();
    },
  };
}
