/**
 * The case desk at scale: board and case page server time (Fastify's own
 * handling, through `inject`: routing, the session, access, the queries and
 * the rendering; no network) on the benchmark's database, and the weight of
 * a case page (HTML + CSS) for a case with 50 statements.
 */
import pg from 'pg';
import type { Registry } from 'prom-client';
import { createLogger } from '../src/logging/logger.js';
import { PrismaCaseRecordRepository } from '../src/persistence/case-record-repository.js';
import { PrismaCaseRepository } from '../src/persistence/case-repository.js';
import { DeskStore } from '../src/persistence/desk-store.js';
import { createPrismaClient } from '../src/persistence/prisma-client.js';
import { PrismaReportRepository } from '../src/persistence/report-repository.js';
import { PrismaSettingsRepository } from '../src/persistence/settings-repository.js';
import type { ServiceDeps } from '../src/services/deps.js';
import { createDesk } from '../src/web/desk.js';
import { summarize, type Summary } from './stats.js';
import { prng } from './workload.js';

export type DeskAtScale = {
  readonly cases: number;
  readonly boardMs: Summary;
  readonly caseMs: Summary;
  /** The case page of the case with 50 statements, and the stylesheet it loads. */
  readonly heavyCase: { readonly statements: number; readonly htmlBytes: number; readonly cssBytes: number };
};

const STATEMENT = 'He keeps joining every voice channel I am in within a minute, and messages me after I blocked him. '.repeat(3);

export async function deskAtScale(url: string, guildId: string, cases: number, samples: number): Promise<DeskAtScale> {
  const prisma = createPrismaClient(url, { poolSize: 2 });
  const settings = new PrismaSettingsRepository(prisma);
  const stored = await settings.forGuild(guildId).get();
  if (!stored) throw new Error('bench: the guild has no settings');
  // Fifty statements on case #1, its first party's: the heavy case of the page-weight target.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Statement" ("id", "guildId", "caseId", "partyId", "recordedById", "text", "source")
       SELECT gen_random_uuid()::text, p."guildId", p."caseId", p."id", $3, $4 || ' #' || n, 'moderator_entry'
       FROM "Party" p JOIN "Case" c ON c."id" = p."caseId", generate_series(1, 25) AS n
       WHERE c."guildId" = $1 AND c."number" = $2`,
      [guildId, 1, '200000000000000001', STATEMENT],
    );
    // The steady state autovacuum keeps a live database in (the bulk seed has just written every row):
    // visibility maps for index-only counts, and statistics for the planner.
    await client.query('VACUUM ANALYZE "Case", "Party", "Statement", "CaseEvent"');
  } finally {
    await client.end();
  }
  const deps = {
    settings,
    cases: new PrismaCaseRepository(prisma),
    caseRecords: new PrismaCaseRecordRepository(prisma),
    reports: new PrismaReportRepository(prisma),
    clock: { now: () => new Date() },
    logger: createLogger('silent'),
  } as unknown as ServiceDeps;
  const store = new DeskStore(prisma);
  const viewer = '200000000000000099';
  const app = await createDesk({
    deps,
    store,
    // Staff right now, as Discord would say (the roles are cached a minute anyway).
    memberRoles: { rolesOf: () => Promise.resolve({ ok: true, value: [stored.staffRoleId] }) },
    login: { clientId: '1', clientSecret: 'x', oauthUrl: 'http://127.0.0.1:1/oauth2/authorize', apiUrl: 'http://127.0.0.1:1/api', publicUrl: 'http://127.0.0.1:1' },
    sessionSecret: 'bench-secret-bench-secret-bench-secret',
    health: () => Promise.resolve({ database: true, gateway: true }),
    logger: createLogger('silent'),
    metrics: undefined as Registry | undefined,
  });
  try {
    const cookie = `bs_session=${app.signCookie(await store.createSession(viewer))}`;
    const get = async (url: string): Promise<{ ms: number; bytes: number }> => {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`bench: ${url} answered ${res.statusCode}`);
      return { ms, bytes: Buffer.byteLength(res.body) };
    };
    await get(`/g/${guildId}/cases`); // warm up
    const random = prng(7);
    const board: number[] = [];
    const page: number[] = [];
    for (let i = 0; i < samples; i++) {
      board.push((await get(`/g/${guildId}/cases?before=${1 + Math.floor(random() * cases)}`)).ms);
      page.push((await get(`/g/${guildId}/cases/${1 + Math.floor(random() * cases)}`)).ms);
    }
    const heavy = await get(`/g/${guildId}/cases/1`);
    const css = await app.inject({ method: 'GET', url: '/assets/desk.css' });
    return {
      cases,
      boardMs: summarize(board),
      caseMs: summarize(page),
      heavyCase: { statements: 50, htmlBytes: heavy.bytes, cssBytes: Buffer.byteLength(css.body) },
    };
  } finally {
    await app.close();
    await prisma.$disconnect();
  }
}
