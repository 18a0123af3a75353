// Prisma CLI configuration. The CLI talks to PostgreSQL through the same
// driver adapter as the bot (no native engines; see scripts/prisma.mjs).
import 'dotenv/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('Set DATABASE_URL to run Prisma CLI commands that touch a database.');
    }
    return Promise.resolve(new PrismaPg({ connectionString }));
  },
});
