import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord/index.js';
import { seedCommunity } from './support/community.js';

const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const main = resolve(import.meta.dirname, '../../src/main.ts');

/**
 * `npm start` as a user runs it on a machine with no database server: the
 * real entry point in its own process, configured only through the
 * environment, with the embedded PostgreSQL under DATA_DIR and Discord
 * replaced by the local Discord API.
 */
describe('npm start with no DATABASE_URL', () => {
  let fake: FakeDiscord;
  let dataDir: string;
  let bot: ChildProcess;
  let output = '';

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    seedCommunity(fake, 'start-town');
    dataDir = await mkdtemp(join(tmpdir(), 'bothsides-start-'));
  });
  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded database under DATA_DIR, logs in, answers a command, and stops cleanly on SIGTERM', async () => {
    bot = spawn(process.execPath, [tsx, main], {
      cwd: dataDir, // no .env here
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DATA_DIR: join(dataDir, 'data'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    await fake.waitForBot({ timeoutMs: 20_000 });
    const deadline = Date.now() + 10_000;
    while (!output.includes('Bothsides is online') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain('Bothsides is online');
    expect(output).toContain(`embedded PostgreSQL (PGlite) in ${join(dataDir, 'data')}`);
    expect(output).not.toContain(fake.token);

    // A command reaches it: /setup show before any setup.
    const guild = [...fake.state.guilds.values()][0]!;
    const r = await fake.slash(guild.ownerId, guild.id, 'setup', { subcommand: 'show' }).settled({ timeoutMs: 10_000 });
    expect(r.reply?.content).toContain('not set up');

    bot.kill('SIGTERM');
    const [code] = (await once(bot, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output).toContain('shutting down');
  });
});
