import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';

/**
 * Applies the committed Prisma migrations (prisma/migrations/*\/migration.sql)
 * at start-up, without the Prisma CLI.
 *
 * Why not `prisma migrate deploy`: the CLI needs its schema engine (native
 * download, unavailable offline, or the Wasm one through prisma.config.ts)
 * and a second process; the bot must migrate its embedded database in-process
 * before it logs in. This writes the same `_prisma_migrations` bookkeeping
 * as Prisma (same table, sha256 checksums), so `prisma migrate status` and
 * `migrate deploy` agree with it. Each migration runs in its own transaction
 * under an advisory lock, so two bots starting at once do not race.
 */
export const MIGRATIONS_DIR = findMigrationsDir(import.meta.dirname);

/** prisma/migrations of the project this file belongs to: from src/db, or from the build under dist/src/db. */
function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(from, '..', '..', 'prisma', 'migrations');
  }
}

const ADVISORY_LOCK_KEY = 72707369; // the key Prisma Migrate itself uses

export type Migration = { readonly name: string; readonly sql: string; readonly checksum: string };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export class MigrationError extends Error {}

/** Returns the names of the migrations it applied (empty when up to date). */
export async function applyMigrations(connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    for (const migration of migrations) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
        const { rows } = await client.query<{ checksum: string; finished_at: Date | null }>(
          `SELECT checksum, finished_at FROM "_prisma_migrations"
           WHERE migration_name = $1 AND rolled_back_at IS NULL`,
          [migration.name],
        );
        const done = rows.find((r) => r.finished_at !== null);
        if (done) {
          if (done.checksum !== migration.checksum) {
            throw new MigrationError(
              `Migration ${migration.name} was changed after it was applied. Restore the committed file, or add a new migration instead of editing an old one.`,
            );
          }
          await client.query('COMMIT');
          continue;
        }
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.end();
  }
  return applied;
}
