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
 */
/**
 * PGlite's own start flags run PostgreSQL with fsync off (`-F`): a commit
 * survives the bot's process being killed (the operating system still has
 * the written pages) but not a power cut or an operating-system crash.
 * `fsync: true` drops that flag (EMBEDDED_FSYNC=on; see docs/reliability.md
 * for what it costs).
 */
export function embeddedStartParams(fsync: boolean): string[] {
  return fsync ? PGlite.defaultStartParams.filter((p) => p !== '-F') : [...PGlite.defaultStartParams];
}

export async function startEmbeddedPostgres(dataDir: string | undefined, options: { fsync?: boolean } = {}): Promise<EmbeddedPostgres> {
  let pgDir: string | undefined;
  if (dataDir !== undefined) {
    pgDir = join(dataDir, 'pgdata');
    await mkdir(pgDir, { recursive: true });
  }
  const startParams = embeddedStartParams(options.fsync ?? false);
  const db = pgDir === undefined ? await PGlite.create({ startParams }) : await PGlite.create({ dataDir: pgDir, startParams });
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
