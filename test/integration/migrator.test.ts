import { cp, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../../src/db/migrator.js';

describe('migrator', () => {
  let pg: EmbeddedPostgres;
  let dir: string;
  beforeAll(async () => {
    pg = await startEmbeddedPostgres(undefined);
    dir = await mkdtemp(join(tmpdir(), 'bothsides-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  });
  afterAll(async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every committed migration once, then nothing on the next start', async () => {
    const all = (await readMigrations(dir)).map((m) => m.name);
    expect(await applyMigrations(pg.url, dir)).toEqual(all);
    expect(await applyMigrations(pg.url, dir)).toEqual([]);
  });

  it('applies a new migration added later, and only that one', async () => {
    const name = '29991231000000_later';
    await cp(join(dir, (await readMigrations(dir))[0]!.name), join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'migration.sql'), 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);\n');
    expect(await applyMigrations(pg.url, dir)).toEqual([name]);
  });

  it('rolls back a failing migration completely and reports it', async () => {
    const name = '29991231000001_broken';
    await cp(join(dir, '29991231000000_later'), join(dir, name), { recursive: true });
    await writeFile(join(dir, name, 'migration.sql'), 'CREATE TABLE "Half" ("id" INTEGER);\nSELECT no_such_function();\n');
    await expect(applyMigrations(pg.url, dir)).rejects.toThrow(/no_such_function/);
    await rm(join(dir, name), { recursive: true });
    expect(await applyMigrations(pg.url, dir)).toEqual([]); // "Half" was rolled back with it
  });

  it('refuses to start when an applied migration was edited afterwards', async () => {
    await appendFile(join(dir, '29991231000000_later', 'migration.sql'), '-- edited\n');
    await expect(applyMigrations(pg.url, dir)).rejects.toThrow(/29991231000000_later was changed after it was applied/);
  });
});
