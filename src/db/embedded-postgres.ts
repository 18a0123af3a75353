import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedPostgres = {
  /** A postgresql:// URL on 127.0.0.1 that any PostgreSQL client can use. */
  readonly url: string;
  /** Where the data lives; undefined for an in-memory database. */
  readonly dataDir: string | undefined;
  stop(): Promise<void>;
};

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) in this process and
 * serves it on a loopback port, so Prisma and `pg` connect to it exactly as
 * they would to a PostgreSQL server.
 *
 * PGlite is a single-session database. Its socket server multiplexes
 * connections onto that session, but statements of concurrent connections
 * can interleave between protocol messages, so the bot talks to it through
 * ONE connection (see `poolSize` in open-database.ts). A few spare
 * connection slots remain for tools such as psql or a migration run.
 *
 * Never block the event loop of this process (no execSync): the database
 * answers from it.
 *
 * Durability: PGlite starts PostgreSQL with fsync off (`-F` in its default
 * start flags), and its Node file system issues no fsync to the operating
 * system even without that flag (measured with strace: none either way).
 * A commit survives the bot's process being killed, since the kernel holds
 * the written pages, but not a power cut or a kernel crash. For that, use a
 * PostgreSQL server (DATABASE_URL). See docs/reliability.md.
 */
export async function startEmbeddedPostgres(dataDir: string | undefined): Promise<EmbeddedPostgres> {
  let pgDir: string | undefined;
  if (dataDir !== undefined) {
    pgDir = join(dataDir, 'pgdata');
    await mkdir(pgDir, { recursive: true });
  }
  const db = pgDir === undefined ? await PGlite.create() : await PGlite.create({ dataDir: pgDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const address = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgresql://postgres@${address}/postgres`,
    dataDir: pgDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
