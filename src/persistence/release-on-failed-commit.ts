import type { PrismaPg } from '@prisma/adapter-pg';

/** The parts of adapter-pg's transaction this works with (see node_modules/@prisma/adapter-pg, class PgTransaction). */
type PgTransactionLike = {
  executeRaw(query: { sql: string }): Promise<number>;
  readonly client: { release(error?: Error | boolean): void };
  readonly cleanup?: () => void;
};
type AdapterLike = { startTransaction(isolationLevel?: string): Promise<PgTransactionLike> };

/**
 * Prisma 6.19's transaction manager sends COMMIT or ROLLBACK through the
 * transaction and only afterwards tells the adapter to release its pooled
 * connection, without a finally. When the connection died under the
 * transaction (PostgreSQL restarted, say), that COMMIT throws, the release
 * never happens, and the pool loses a connection for good: after as many
 * such failures as the pool is large, every query waits forever.
 *
 * This wraps the adapter so that a COMMIT or ROLLBACK that throws releases
 * the connection as broken (pg then discards it) before the error goes on.
 */
export function releaseOnFailedCommit(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const start = (adapter as unknown as AdapterLike).startTransaction.bind(adapter);
    (adapter as unknown as AdapterLike).startTransaction = async (isolationLevel) => {
      const tx = await start(isolationLevel);
      const execute = tx.executeRaw.bind(tx);
      tx.executeRaw = async (query) => {
        try {
          return await execute(query);
        } catch (error) {
          if (/^\s*(COMMIT|ROLLBACK)\s*$/i.test(query.sql)) {
            tx.cleanup?.();
            tx.client.release(error instanceof Error ? error : true);
          }
          throw error;
        }
      };
      return tx;
    };
    return adapter;
  };
  return factory;
}
