/**
 * The benchmark's database. With DATABASE_URL: a scratch database created
 * beside it on the same server (bothsides_bench_<random>), dropped at the
 * end; the database DATABASE_URL names is never written to. Without it: an
 * in-memory embedded PostgreSQL (PGlite) hosted by the benchmark process.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { redactUrl } from '../src/db/redact-url.js';

export type BenchDatabase = {
  readonly kind: 'postgresql' | 'embedded';
  readonly url: string;
  /** Connections the bot and the floor may open (PGlite serves one session). */
  readonly poolSize: number;
  readonly description: string;
  drop(): Promise<void>;
};

export async function openBenchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (databaseUrl === undefined) {
    const embedded = await startEmbeddedPostgres(undefined);
    return { kind: 'embedded', url: embedded.url, poolSize: 1, description: 'embedded PostgreSQL (PGlite, in memory)', drop: () => embedded.stop() };
  }
  const name = `bothsides_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgresql',
    url: url.toString(),
    poolSize: 10,
    description: `PostgreSQL, scratch database ${name} on ${redactUrl(databaseUrl).replace(/\/[^/]*$/, '')}`,
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * Adds `count` open cases to the guild in bulk (each with a complainant, an
 * accused and its case_opened event), numbered after the existing ones.
 */
export async function seedCases(url: string, guildId: string, opts: { count: number; openedById: string; userIds: readonly string[] }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ last: number }>(
      `INSERT INTO "GuildCaseCounter" ("guildId", "lastNumber") VALUES ($1, $2)
       ON CONFLICT ("guildId") DO UPDATE SET "lastNumber" = "GuildCaseCounter"."lastNumber" + $2
       RETURNING "lastNumber" - $2 AS last`,
      [guildId, opts.count],
    );
    const first = (rows[0]?.last ?? 0) + 1;
    await client.query(
      `INSERT INTO "Case" ("id", "guildId", "number", "category", "summary", "openedById", "updatedAt")
       SELECT gen_random_uuid()::text, $1, n, 'harassment', 'Seeded case ' || n, $2, now()
       FROM generate_series($3::int, $3::int + $4::int - 1) AS n`,
      [guildId, opts.openedById, first, opts.count],
    );
    // Complainant users[n % len], accused the next one: always two different people.
    await client.query(
      `INSERT INTO "Party" ("id", "guildId", "caseId", "userId", "role", "position")
       SELECT gen_random_uuid()::text, c."guildId", c."id", ($4::text[])[1 + ((c."number" + r.position - 1) % $5::int)], r.role::"PartyRole", r.position
       FROM "Case" c CROSS JOIN (VALUES ('complainant', 1), ('accused', 2)) AS r(role, position)
       WHERE c."guildId" = $1 AND c."number" BETWEEN $2 AND $3`,
      [guildId, first, first + opts.count - 1, opts.userIds, opts.userIds.length],
    );
    await client.query(
      `INSERT INTO "CaseEvent" ("guildId", "caseId", "actorId", "type", "data")
       SELECT c."guildId", c."id", $4, 'case_opened', jsonb_build_object('number', c."number")
       FROM "Case" c WHERE c."guildId" = $1 AND c."number" BETWEEN $2 AND $3`,
      [guildId, first, first + opts.count - 1, opts.openedById],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}
