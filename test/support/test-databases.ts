import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { applyMigrations } from '../../src/db/migrator.js';
import { createPrismaClient, type PrismaClient } from '../../src/persistence/prisma-client.js';
import { adminUrl, databaseUrl } from './pg-names.js';

export type TestDatabase = { readonly url: string; readonly prisma: PrismaClient; drop(): Promise<void> };

export type DatabaseKind = 'postgresql' | 'embedded';

/** True when the real PostgreSQL is available for this run. */
export const hasRealPostgres = (): boolean => inject('pgTemplate') !== null;

/** A fresh, migrated database of the given kind, with a Prisma client on it. */
export function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'postgresql' ? createPostgresDatabase() : createEmbeddedDatabase();
}

/** A scratch database cloned from this run's migrated template. */
export async function createScratchPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = inject('pgTemplate');
  if (template === null) throw new Error('no real PostgreSQL in this run');
  const name = `${template.replace(/_tpl$/, '')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    url: databaseUrl(name),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchPostgres();
  const prisma = createPrismaClient(scratch.url, { poolSize: 10 });
  return {
    url: scratch.url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await scratch.drop();
    },
  };
}

async function createEmbeddedDatabase(): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres(undefined);
  await applyMigrations(embedded.url);
  const prisma = createPrismaClient(embedded.url, { poolSize: 1 });
  return {
    url: embedded.url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await embedded.stop();
    },
  };
}
