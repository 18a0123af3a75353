#!/usr/bin/env node
// Runs the Prisma CLI offline.
//
// Prisma's CLI downloads native engines from its own binary host before any
// command. That host is unreachable on our machines, and we do not need those
// engines: the client is generated with engineType "client" (no Rust query
// engine) and the CLI uses its bundled Wasm schema engine through the
// driver adapter configured in prisma.config.ts. Pointing the two engine
// variables at an existing placeholder file makes the CLI skip the download.
// See README "Developer notes" (Prisma offline).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const placeholderDir = join(root, 'node_modules', '.cache', 'bothsides');
const placeholder = join(placeholderDir, 'prisma-engine-placeholder');
if (!existsSync(placeholder)) {
  mkdirSync(placeholderDir, { recursive: true });
  writeFileSync(placeholder, 'not an engine: see scripts/prisma.mjs\n');
}

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
