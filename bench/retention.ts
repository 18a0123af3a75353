/**
 * `npm run bench:retention [-- --cases 10000]`: how long the daily
 * retention sweep takes to delete that many expired closed cases (each with
 * two parties, two statements and its events), and a typical transcript's
 * size. Real PostgreSQL with DATABASE_URL (a scratch database beside it),
 * the embedded one otherwise. Prints the figures; writes
 * bench/results/retention.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrator.js';
import { createLogger } from '../src/logging/logger.js';
import { PrismaCaseRecordRepository } from '../src/persistence/case-record-repository.js';
import { createPrismaClient } from '../src/persistence/prisma-client.js';
import { DiskEvidenceFiles } from '../src/persistence/evidence-files.js';
import { sweepRetention } from '../src/services/retention.js';
import { openBenchDatabase, seedCases } from './bench-database.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, out: { type: 'string', default: 'bench/results' } } });
const cases = Number(values.cases);
const GUILD = '100000000000000001';
const DAY = 24 * 60 * 60 * 1000;

const db = await openBenchDatabase(process.env.DATABASE_URL || undefined);
try {
  await applyMigrations(db.url);
  const users = Array.from({ length: 500 }, (_, i) => String(300000000000000000n + BigInt(i)));
  await seedCases(db.url, GUILD, { count: cases, openedById: '200000000000000001', userIds: users });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`UPDATE "Case" SET "status" = 'closed', "outcome" = 'no_action', "closeReason" = 'Seeded', "closedAt" = now() - interval '40 days' WHERE "guildId" = $1`, [GUILD]);
  await client.query(
    `INSERT INTO "Statement" ("id", "guildId", "caseId", "partyId", "recordedById", "text", "source")
     SELECT gen_random_uuid()::text, p."guildId", p."caseId", p."id", '200000000000000001', 'A statement of some length, as moderators record them.', 'moderator_entry'
     FROM "Party" p WHERE p."guildId" = $1`,
    [GUILD],
  );
  await client.query(
    `INSERT INTO "GuildSettings" ("guildId", "staffRoleId", "adminRoleId", "escalationChannelId", "interviewChannelId", "communityName", "standardsUrl", "retentionDays", "updatedAt")
     VALUES ($1, '1', '2', '3', '4', 'Bench', 'https://example.org', 30, now())`,
    [GUILD],
  );
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "CaseEvent" WHERE "guildId" = $1`, [GUILD]);
  await client.end();

  const prisma = createPrismaClient(db.url, { poolSize: db.poolSize });
  try {
    const outcome = await sweepRetention({
      caseRecords: new PrismaCaseRecordRepository(prisma),
      evidenceFiles: new DiskEvidenceFiles(resolve('data/bench-evidence')),
      clock: { now: () => new Date(Date.now() + DAY) },
      logger: createLogger('silent'),
    });
    const remaining = await prisma.case.count({ where: { guildId: GUILD } });
    const logged = await prisma.retentionLog.count({ where: { guildId: GUILD } });
    const result = {
      measuredAt: new Date().toISOString(),
      database: db.description,
      closedCases: cases,
      eventsBefore: Number(rows[0]?.n ?? 0),
      deleted: outcome.deleted,
      remaining,
      retentionLogRows: logged,
      sweepMs: outcome.milliseconds,
      casesPerSecond: Math.round((outcome.deleted / outcome.milliseconds) * 1000),
    };
    console.log(`retention sweep: deleted ${result.deleted} of ${cases} expired closed cases (with ${result.eventsBefore} events and their parties and statements) in ${result.sweepMs} ms (${result.casesPerSecond} cases/s), ${remaining} left, ${logged} retention log rows; ${db.description}`);
    await mkdir(values.out, { recursive: true });
    await writeFile(resolve(values.out, 'retention.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await prisma.$disconnect();
  }
} finally {
  await db.drop();
}
