import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations } from '../../src/db/migrator.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { createLogger } from '../../src/logging/logger.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';

const GUILD = '100000000000000001';
const silent = createLogger('silent');

describe('embedded database under DATA_DIR', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('starts on an empty DATA_DIR, applies the migrations, and keeps the data across a stop and a start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'bothsides-embedded-'));
    dirs.push(dataDir);

    const first = await openDatabase({ url: undefined, dataDir }, silent);
    expect(first.kind).toBe('embedded');
    expect(first.description).toContain(dataDir);
    const opened = await new PrismaCaseRepository(first.prisma).forGuild(GUILD).open({
      category: 'stalking',
      realLife: true,
      offPlatform: false,
      exposureLocation: null,
      summary: 'Persisted across restarts',
      openedById: '200000000000000001',
      parties: [
        { userId: '300000000000000001', role: 'complainant' },
        { userId: '300000000000000002', role: 'accused' },
      ],
    });
    await first.close();

    const second = await openDatabase({ url: undefined, dataDir }, silent);
    const again = await new PrismaCaseRepository(second.prisma).forGuild(GUILD).find(opened.number);
    expect(again?.summary).toBe('Persisted across restarts');
    expect(again?.parties).toHaveLength(2);
    const migrations = await second.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "_prisma_migrations"`;
    expect(Number(migrations[0]?.n)).toBe((await readMigrations()).length); // each applied once, none again
    await second.close();
  });
});
