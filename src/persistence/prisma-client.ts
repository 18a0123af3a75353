import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import { releaseOnFailedCommit } from './release-on-failed-commit.js';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export type PrismaOptions = {
  /** Connections in the pool. The embedded database takes exactly one. */
  readonly poolSize: number;
  /** Optional PostgreSQL schema (tests use one per worker where needed). */
  readonly schema?: string;
  /** Called after every SQL statement Prisma sends (the benchmark counts them). */
  readonly onQuery?: QueryListener;
};

/** The client's type only declares `$on('query')` when `log` is given literally; this is that overload. */
type QueryEvents = { $on(event: 'query', listener: (e: { query: string; duration: number }) => void): void };

export type QueryListener = (query: { readonly sql: string; readonly durationMs: number }) => void;

/**
 * Prisma 6.19 client (no Rust engine: engineType "client") over the
 * @prisma/adapter-pg 7.10.1 driver adapter. The 7.x adapter is used because
 * 6.x cannot read PostgreSQL's `name` type (prisma/orm#27403); see README.
 */
export function createPrismaClient(connectionString: string, options: PrismaOptions): PrismaClient {
  // Our own pool, so its use can be read (poolUse); the adapter ends it on $disconnect.
  const pool = new pg.Pool({ connectionString, max: options.poolSize });
  const adapter = releaseOnFailedCommit(new PrismaPg(pool, { ...(options.schema === undefined ? {} : { schema: options.schema }), disposeExternalPool: true }));
  const client = new PrismaClient({
    // The 7.x adapter implements the same driver-adapter contract the 6.19
    // client calls; only the declared package versions differ.
    adapter: adapter as unknown as NonNullable<Prisma.PrismaClientOptions['adapter']>,
    // maxWait: how long a transaction may wait for a pooled connection. In a burst (hundreds of commands at once on a
    // busy machine) a command waits its turn rather than being told the database is unreachable: its reply is
    // deferred, and Discord keeps it open for 15 minutes. timeout: how long one transaction may run once started.
    transactionOptions: { maxWait: 60_000, timeout: 15_000 },
    ...(options.onQuery ? { log: [{ emit: 'event', level: 'query' }] } : {}),
  });
  const onQuery = options.onQuery;
  if (onQuery) {
    (client as unknown as QueryEvents).$on('query', (e) => onQuery({ sql: e.query, durationMs: e.duration }));
  }
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** The client's connections now: open, of those idle, and requests waiting for one (the metrics read it). */
export function poolUse(client: PrismaClient): { readonly total: number; readonly idle: number; readonly waiting: number } | null {
  const pool = pools.get(client);
  return pool === undefined ? null : { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}
