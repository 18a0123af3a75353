import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/db/database-errors.js';
import { Prisma } from '../../../src/generated/prisma/client.js';

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect', errno: -111 });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
/** What @prisma/adapter-pg throws: a DriverAdapterError whose cause names the kind. */
const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error('driver adapter error'), { name: 'DriverAdapterError', cause });
const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '6.19.3', ...(meta ? { meta } : {}) });

describe('telling a database outage from any other error', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE'])('a socket error %s is an outage', (code) => {
    expect(isDatabaseUnavailable(socketError(code))).toBe(true);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['53300', 'sorry, too many clients already'],
  ])('PostgreSQL %s is an outage', (code, message) => {
    expect(isDatabaseUnavailable(pgError(code, message))).toBe(true);
  });

  it.each(['P1001', 'P1017', 'P2024', 'P2028'])('Prisma %s is an outage', (code) => {
    expect(isDatabaseUnavailable(prismaError(code))).toBe(true);
  });

  it("a raw query Prisma reports as failed (P2010) is an outage when PostgreSQL's code says so, and not otherwise", () => {
    expect(isDatabaseUnavailable(prismaError('P2010', { code: '57P01', message: 'terminating connection' }))).toBe(true);
    expect(isDatabaseUnavailable(prismaError('P2010', { code: '23505', message: 'duplicate key' }))).toBe(false);
  });

  it("the driver adapter's kinds are outages, found through the cause chain", () => {
    const adapter = adapterError({ kind: 'ConnectionClosed' });
    expect(isDatabaseUnavailable(new Error('query failed', { cause: adapter }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: 'postgres', code: '57P01', severity: 'FATAL', message: 'x' }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['number'] } }))).toBe(false);
  });

  it('the pg errors that carry no code are told by their message', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('a bug, a refused query or a non-error is not an outage', () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(prismaError('P2002'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});
