/**
 * Whether an error means the database could not be reached or dropped the
 * connection (an outage worth telling the moderator about, and worth a
 * retry later), as opposed to a bug or a refused query.
 *
 * Told by codes, looked for on the error, its `cause` chain and Prisma's
 * `meta`: Node's socket codes, PostgreSQL's SQLSTATEs for a lost or refused
 * connection, Prisma's connection error codes, and the kinds the Prisma
 * driver adapter gives them. A few errors of the pg driver carry no code at
 * all ("Connection terminated unexpectedly" when the server goes away
 * mid-query, "Server has closed the connection", a pool wait that timed
 * out); those alone are told by their message.
 */

/** Node's socket errors (syscall codes). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03
 * (administrator or crash shutdown, cannot connect now), 53300 (too many
 * connections).
 */
const isPostgresOutage = (code: string): boolean => /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300';

/**
 * Prisma: P1001 can't reach the server, P1002 timed out, P1008 operation
 * timed out, P1017 server closed the connection, P2024 timed out waiting for
 * a pooled connection, P2028 transaction API error (its transaction's
 * connection is gone), P2037 too many connections.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);

/** The Prisma driver adapter's error kinds for the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** The pg driver's errors that come with no code. */
const UNCODED = /Connection terminated|Connection ended unexpectedly|Server has closed the connection|timeout exceeded when trying to connect|Timed out fetching a new connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; kind?: unknown; meta?: unknown; cause?: unknown; message?: unknown };
    for (const code of [e.code, metaCode(e.meta)]) {
      if (typeof code === 'string' && (SOCKET_CODES.has(code) || isPostgresOutage(code) || PRISMA_CODES.has(code))) return true;
    }
    if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
    if (typeof e.kind === 'string' && e.kind === 'postgres' && typeof e.code === 'string' && isPostgresOutage(e.code)) return true;
    if (typeof e.message === 'string' && UNCODED.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

/** The SQLSTATE Prisma keeps in `meta` for a raw query that failed (P2010), under either spelling it uses. */
function metaCode(meta: unknown): unknown {
  if (meta === null || typeof meta !== 'object') return undefined;
  const m = meta as { code?: unknown; driverAdapterError?: { cause?: { code?: unknown; kind?: unknown } } };
  return m.code ?? m.driverAdapterError?.cause?.code ?? m.driverAdapterError?.cause?.kind;
}
