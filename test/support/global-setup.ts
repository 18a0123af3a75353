import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { applyMigrations } from '../../src/db/migrator.js';
import { adminUrl, databaseUrl, runPrefix } from './pg-names.js';

/**
 * Real PostgreSQL for the test run: one scratch template database, migrated
 * once; each test file clones it (CREATE DATABASE ... TEMPLATE) so files run
 * in parallel without sharing rows. Only databases whose names start with
 * this run's prefix are created or dropped; nothing else is touched.
 *
 * TEST_PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
 * names the server. When it cannot be reached, the real-PostgreSQL suites are
 * skipped with a warning, except under CI, where that is an error.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = runPrefix();
  const template = `${prefix}_tpl`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    const message = `PostgreSQL is not reachable at ${adminUrl()} (${(error as Error).message}).`;
    if (process.env.CI) throw new Error(`${message} CI needs it.`, { cause: error });
    console.warn(`${message} Real-PostgreSQL tests are skipped; the embedded database is still tested.`);
    project.provide('pgTemplate', null);
    return async () => {};
  }
  await admin.query(`CREATE DATABASE "${template}"`);
  await applyMigrations(databaseUrl(template));
  project.provide('pgTemplate', template);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}\\_%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.end();
  };
}
