/**
 * `npm run bench:desk [-- --cases 100000 --samples 300]`: the case desk alone
 * at scale (the same measurement `npm run bench` makes after its load
 * phases, without them): board and case page server time, and a heavy
 * case's page weight. Real PostgreSQL with DATABASE_URL (a scratch
 * database beside it), the embedded one otherwise. Prints the figures.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrator.js';
import { openBenchDatabase, seedCases } from './bench-database.js';
import { deskAtScale } from './desk-at-scale.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, samples: { type: 'string', default: '300' } } });
const GUILD = '100000000000000001';
const db = await openBenchDatabase(process.env.DATABASE_URL || undefined);
try {
  await applyMigrations(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `INSERT INTO "GuildSettings" ("guildId", "staffRoleId", "adminRoleId", "escalationChannelId", "interviewChannelId", "communityName", "standardsUrl", "updatedAt")
     VALUES ($1, '11', '12', '13', '14', 'Bench', 'https://example.org', now())`,
    [GUILD],
  );
  await client.end();
  const users = Array.from({ length: 500 }, (_, i) => String(300000000000000000n + BigInt(i)));
  const started = performance.now();
  await seedCases(db.url, GUILD, { count: Number(values.cases), openedById: '200000000000000001', userIds: users });
  console.log(`bench:desk: ${values.cases} cases seeded in ${Math.round(performance.now() - started)} ms (${db.description})`);
  const r = await deskAtScale(db.url, GUILD, Number(values.cases), Number(values.samples));
  console.log(`bench:desk: board p50 ${r.boardMs.p50} ms, p95 ${r.boardMs.p95} ms, max ${r.boardMs.max} ms (target p95 < 50 ms)`);
  console.log(`bench:desk: case page p50 ${r.caseMs.p50} ms, p95 ${r.caseMs.p95} ms, max ${r.caseMs.max} ms (target p95 < 50 ms)`);
  console.log(`bench:desk: a case with ${r.heavyCase.statements} statements: ${r.heavyCase.htmlBytes} B HTML + ${r.heavyCase.cssBytes} B CSS = ${Math.round((r.heavyCase.htmlBytes + r.heavyCase.cssBytes) / 1024)} KB (target < 100 KB)`);
} finally {
  await db.drop();
}
