import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const main = resolve(import.meta.dirname, '../../src/main.ts');
const cwd = mkdtempSync(join(tmpdir(), 'bothsides-entry-')); // no .env here

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [tsx, main], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('npm start', () => {
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('exits non-zero without DISCORD_TOKEN and explains how to get one, without a stack trace', () => {
    const run = start({ DISCORD_CLIENT_ID: '123456789012345678' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DISCORD_TOKEN is required');
    expect(run.stderr).toContain('https://discord.com/developers/applications');
    expect(run.stderr).toContain('Reset Token');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('`npm start` names a missing token before compiling anything', () => {
    const root = resolve(import.meta.dirname, '../..');
    const built = join(root, 'dist/src/main.js');
    const before = existsSync(built) ? statSync(built).mtimeMs : null;
    const run = spawnSync('npm', ['start'], {
      cwd: root,
      // No token, and no .env of the developer's either.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DOTENV_CONFIG_PATH: join(cwd, 'none.env'), DISCORD_CLIENT_ID: '123456789012345678' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DISCORD_TOKEN is required');
    expect(existsSync(built) ? statSync(built).mtimeMs : null).toBe(before); // nothing was built
  });

  it('exits non-zero naming a malformed DATABASE_URL', () => {
    const run = start({ DISCORD_TOKEN: 'aaaa.bbbb.cccc', DISCORD_CLIENT_ID: '123456789012345678', DATABASE_URL: 'not-a-url' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL must be a PostgreSQL URL');
    expect(run.stderr).not.toContain('DISCORD_TOKEN');
  });
});
