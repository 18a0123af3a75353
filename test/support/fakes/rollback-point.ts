/**
 * How the in-memory fakes roll a transaction back: copies of a fake's
 * tables, put back in place on demand. (A counter kept in a Map is a table
 * too: PostgreSQL rolls the counter row back with the rest.)
 */
export type Table = unknown[] | Map<unknown, unknown>;

/** Copies the tables now; the returned function puts those copies back. */
export function rollbackPoint(tables: readonly Table[]): () => void {
  const copies = tables.map((t) => structuredClone(t));
  return () => {
    tables.forEach((table, i) => {
      const copy = copies[i]!;
      if (Array.isArray(table)) table.splice(0, table.length, ...(copy as unknown[]));
      else {
        table.clear();
        for (const [k, v] of copy as Map<unknown, unknown>) table.set(k, v);
      }
    });
  };
}
