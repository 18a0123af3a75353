/**
 * `npm run bench:sizes [-- --cases 1000000 --guilds 1000]`: the figures of
 * docs/scaling.md. (1) One whole case through the real bot against the local
 * Discord API (open, both sides, escalate, close): its rows and bytes per
 * table. (2) `--cases` cases of that shape generated in bulk over `--guilds`
 * servers: table and index sizes, and the time of the lookups the commands
 * and the desk make, at that size. Needs DATABASE_URL (a scratch database
 * beside it, dropped at the end).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrator.js';
import { createPrismaClient } from '../src/persistence/prisma-client.js';
import { PrismaCaseRepository } from '../src/persistence/case-repository.js';
import { startWorld } from '../test/e2e/support/world.js';
import { openBenchDatabase } from './bench-database.js';
import { round, summarize } from './stats.js';

const TABLES = ['Case', 'Party', 'Statement', 'Escalation', 'CaseEvent', 'OwedAction', 'CheckIn', 'GuildCaseCounter'] as const;
const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, guilds: { type: 'string', default: '1000' }, samples: { type: 'string', default: '300' } } });
const log = (line: string) => console.log(`bench:sizes: ${line}`);

/** (1) Rows and bytes of one whole case, as the bot writes them. */
async function wholeCase(): Promise<Record<string, { rows: number; bytes: number }>> {
  // The embedded database (PGlite is PostgreSQL): the same rows and column sizes, and no vitest needed.
  const world = await startWorld({ database: 'embedded' });
  try {
    const c = world.community;
    const { mod, alex, sam } = c.people;
    await world.setUp(c, { case_log_channel: c.channels.staffRoom.id });
    await world.run(c, mod.id, 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'stalking', summary: 'Keeps following them from channel to channel and into their DMs.' });
    await world.run(c, mod.id, 'case', 'addside', { case: 1, party: alex.id, statement: 'They follow me into every channel I join and comment on everything I post, for three weeks now.' });
    await world.run(c, mod.id, 'case', 'addside', { case: 1, party: sam.id, statement: 'We share the same interests; I did not mean to follow anyone and will keep away.' });
    await world.run(c, mod.id, 'case', 'escalate', { case: 1, reason: 'Repeated, three weeks', urgency: 'normal' });
    await world.run(c, mod.id, 'case', 'close', { case: 1, outcome: 'advised_self_help', reason: 'Both advised; the accused agreed to keep away.' });
    await world.fake.idle(300, 10_000);
    const prisma = world.bot.database.prisma;
    const out: Record<string, { rows: number; bytes: number }> = {};
    for (const table of TABLES) {
      const rows = await prisma.$queryRawUnsafe<{ rows: bigint; bytes: bigint | null }[]>(
        `SELECT count(*) AS rows, sum(pg_column_size(t.*)) AS bytes FROM "${table}" t WHERE t."guildId" = $1`,
        c.guild.id,
      );
      out[table] = { rows: Number(rows[0]?.rows ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
    }
    return out;
  } finally {
    await world.stop();
  }
}

/** (2) `cases` cases of the measured shape over `guilds` servers, in bulk. */
async function generate(client: pg.Client, cases: number, guilds: number, shape: Record<string, { rows: number }>): Promise<void> {
  const perGuild = Math.ceil(cases / guilds);
  const events = shape.CaseEvent!.rows;
  const owed = shape.OwedAction!.rows;
  const statements = shape.Statement!.rows;
  await client.query(`
    INSERT INTO "Case" ("id", "guildId", "number", "category", "status", "summary", "openedById", "outcome", "closeReason", "closedById", "updatedAt", "createdAt", "closedAt")
    SELECT gen_random_uuid()::text, (100000000000000000 + (n % ${guilds}))::text, 1 + n / ${guilds}, 'stalking', 'closed',
           'Keeps following them from channel to channel and into their DMs.', '200000000000000001', 'advised_self_help',
           'Both advised; the accused agreed to keep away.', '200000000000000001', now(), now() - (n % 730) * interval '1 day', now() - (n % 730) * interval '1 day' + interval '3 days'
    FROM generate_series(0, ${cases - 1}) AS n`);
  log('cases written');
  await client.query(`
    INSERT INTO "GuildCaseCounter" ("guildId", "lastNumber")
    SELECT "guildId", max("number") FROM "Case" GROUP BY "guildId"`);
  await client.query(`
    INSERT INTO "Party" ("id", "guildId", "caseId", "userId", "role", "position", "threadId")
    SELECT gen_random_uuid()::text, c."guildId", c."id", (300000000000000000 + ((c."number" * 7 + r.position) % 5000))::text, r.role::"PartyRole", r.position,
           (400000000000000000 + c."number" * 2 + r.position)::text
    FROM "Case" c CROSS JOIN (VALUES ('complainant', 1), ('accused', 2)) AS r(role, position)`);
  log('parties written');
  await client.query(`
    INSERT INTO "Statement" ("id", "guildId", "caseId", "partyId", "recordedById", "text", "source")
    SELECT gen_random_uuid()::text, p."guildId", p."caseId", p."id", '200000000000000001',
           'They follow me into every channel I join and comment on everything I post, for three weeks now.', 'moderator_entry'
    FROM "Party" p WHERE p."position" <= ${statements}`);
  log('statements written');
  await client.query(`
    INSERT INTO "Escalation" ("id", "guildId", "caseId", "urgency", "reason", "escalatedById")
    SELECT gen_random_uuid()::text, c."guildId", c."id", 'normal', 'Repeated, three weeks', '200000000000000001' FROM "Case" c`);
  await client.query(`
    INSERT INTO "CaseEvent" ("guildId", "caseId", "actorId", "type", "data", "createdAt")
    SELECT c."guildId", c."id", '200000000000000001', 'event_' || e, jsonb_build_object('number', c."number", 'partyId', gen_random_uuid()::text), c."createdAt" + e * interval '1 minute'
    FROM "Case" c CROSS JOIN generate_series(1, ${events}) AS e`);
  log('events written');
  await client.query(`
    INSERT INTO "OwedAction" ("id", "guildId", "caseId", "kind", "payload", "status", "actorId", "runAt", "createdAt", "finishedAt", "attempts", "result")
    SELECT gen_random_uuid()::text, c."guildId", c."id", 'thread.open', jsonb_build_object('caseNumber', c."number", 'partyId', gen_random_uuid()::text, 'position', k),
           'done', '200000000000000001', c."createdAt", c."createdAt", c."createdAt" + interval '1 second', 1, jsonb_build_object('threadId', '400000000000000000')
    FROM "Case" c CROSS JOIN generate_series(1, ${owed}) AS k`);
  log('owed actions written');
  await client.query('VACUUM ANALYZE');
  void perGuild;
}

async function tableSizes(client: pg.Client): Promise<{ table: string; rows: number; tableMb: number; indexMb: number; indexes: { name: string; mb: number }[] }[]> {
  const out = [];
  for (const table of TABLES) {
    const { rows } = await client.query<{ rows: string; table_mb: number; index_mb: number }>(
      `SELECT (SELECT count(*) FROM "${table}") AS rows, pg_table_size('"${table}"') / 1048576.0 AS table_mb, pg_indexes_size('"${table}"') / 1048576.0 AS index_mb`,
    );
    const idx = await client.query<{ name: string; mb: number }>(
      `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) / 1048576.0 AS mb FROM pg_index WHERE indrelid = '"${table}"'::regclass ORDER BY 2 DESC`,
    );
    out.push({ table, rows: Number(rows[0]!.rows), tableMb: round(Number(rows[0]!.table_mb), 1), indexMb: round(Number(rows[0]!.index_mb), 1), indexes: idx.rows.map((r) => ({ name: r.name, mb: round(Number(r.mb), 1) })) });
  }
  return out;
}

/** The lookups the commands and the desk make, timed by the driver's SQL time. */
async function lookups(url: string, guilds: number, casesPerGuild: number, samples: number): Promise<Record<string, ReturnType<typeof summarize>>> {
  let sqlMs = 0;
  const prisma = createPrismaClient(url, { poolSize: 2, onQuery: (q) => (sqlMs += q.durationMs) });
  const repo = new PrismaCaseRepository(prisma);
  const timings: Record<string, number[]> = { 'case by number (/case view, every case command)': [], 'case detail (/case view)': [], "a member's cases (related cases)": [], 'owed work due (the runner, each poll)': [] };
  try {
    const time = async (name: string, fn: () => Promise<unknown>) => {
      sqlMs = 0;
      await fn();
      timings[name]!.push(sqlMs);
    };
    await repo.forGuild('100000000000000000').find(1);
    for (let i = 0; i < samples; i++) {
      const guildId = String(100000000000000000n + BigInt(i % guilds));
      const number = 1 + ((i * 7919) % casesPerGuild);
      const cases = repo.forGuild(guildId);
      await time('case by number (/case view, every case command)', () => cases.find(number));
      await time('case detail (/case view)', () => cases.detail(number, 10));
      const userId = String(300000000000000000n + BigInt((i * 31) % 5000));
      await time("a member's cases (related cases)", () => prisma.party.findMany({ where: { guildId, userId }, select: { caseId: true }, take: 20 }));
      await time('owed work due (the runner, each poll)', () => prisma.$queryRaw`SELECT "id" FROM "OwedAction" WHERE "status" = 'pending' AND "runAt" <= now() ORDER BY "runAt", "createdAt" LIMIT 20`);
    }
    return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, summarize(v)]));
  } finally {
    await prisma.$disconnect();
  }
}

const shape = await wholeCase();
log(`one whole case: ${Object.entries(shape).map(([t, v]) => `${t} ${v.rows} rows ${v.bytes} B`).join('; ')}`);
const perCase = Object.entries(shape).filter(([t]) => t !== 'GuildCaseCounter').reduce((n, [, v]) => n + v.bytes, 0);
log(`row bytes per whole case (pg_column_size, before indexes and page overhead): ${perCase} B`);
const cases = Number(values.cases);
const guilds = Number(values.guilds);
const db = await openBenchDatabase(process.env.DATABASE_URL || undefined);
const client = new pg.Client({ connectionString: db.url });
try {
  await applyMigrations(db.url);
  await client.connect();
  const started = performance.now();
  await generate(client, cases, guilds, shape);
  log(`${cases} cases over ${guilds} servers generated in ${round((performance.now() - started) / 1000, 1)} s (${db.description})`);
  const sizes = await tableSizes(client);
  for (const s of sizes) log(`${s.table}: ${s.rows} rows, table ${s.tableMb} MB, indexes ${s.indexMb} MB (${s.indexes.map((i) => `${i.name} ${i.mb}`).join(', ')})`);
  const total = sizes.reduce((n, s) => n + s.tableMb + s.indexMb, 0);
  log(`in all: ${round(total, 0)} MB for ${cases} cases = ${round((total * 1048576) / cases, 0)} B per case on disk, indexes included`);
  const t = await lookups(db.url, guilds, Math.floor(cases / guilds), Number(values.samples));
  for (const [name, s] of Object.entries(t)) log(`${name}: SQL p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms`);
} finally {
  await client.end().catch(() => undefined);
  await db.drop();
}
