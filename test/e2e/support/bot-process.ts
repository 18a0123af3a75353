import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { registry } from '../../../commands/registry.js';
import { commandPayloads } from '../../../src/discord/command-payloads.js';
import { createPrismaClient, type PrismaClient } from '../../../src/persistence/prisma-client.js';
import { createScratchPostgres } from '../../support/test-databases.js';
import { FakeDiscord, type FakeDiscordOptions } from '../fake-discord/index.js';
import { seedCommunity, type Community } from './community.js';

const require = createRequire(import.meta.url);
// The tsx loader in this very process: `tsx/cli` would run the bot in a child of its own, which a SIGKILL of the
// process we started would leave running.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const main = resolve(import.meta.dirname, '../../../src/main.ts');

export type BotProcess = {
  /** `npm start`'s process: the sharding manager (or, with SHARDING=off, the whole bot). */
  readonly child: ChildProcess;
  output(): string;
  /** Signals its whole process group (the manager and its shard processes alike) and resolves with the manager's exit. */
  kill(signal: NodeJS.Signals): Promise<[number | null, NodeJS.Signals | null]>;
  /** The process id each shard logged when it came online, by shard (the latest, after a respawn). */
  shardPids(): Map<number, number>;
};

/**
 * The bot as `npm start` runs it, in a process of its own, against the local
 * Discord API and `databaseUrl`; resolves once it says it is online.
 * `cwd` holds no .env, so only what is given here configures it.
 */
export async function startBotProcess(opts: {
  readonly fake: FakeDiscord;
  readonly databaseUrl: string;
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** Another entry point than `npm start`'s (src/desk-main.ts for `npm run desk`), and the line it logs once up. */
  readonly entry?: { readonly file: string; readonly ready: string };
}): Promise<BotProcess> {
  let output = '';
  const file = opts.entry ? resolve(import.meta.dirname, '../../..', opts.entry.file) : main;
  const ready = opts.entry?.ready ?? 'Bothsides is online';
  const child = spawn(process.execPath, ['--import', tsxLoader, file], {
    cwd: opts.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: opts.fake.token,
      DISCORD_CLIENT_ID: opts.fake.applicationId,
      DISCORD_API_URL: opts.fake.apiUrl,
      DATABASE_URL: opts.databaseUrl,
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own, so that a kill reaches the shard processes too, as a service manager's would.
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A manager starts its shards one after another: on a slow machine that takes a while, which is no failure.
  await until(() => output.includes(ready) || child.exitCode !== null, 120_000).catch(() => undefined);
  if (!output.includes(ready)) {
    child.kill('SIGKILL');
    throw new Error(`the process did not say "${ready}":\n${output}`);
  }
  return {
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return [child.exitCode, child.signalCode];
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        child.kill(signal);
      }
      return exited;
    },
    shardPids: () => shardPidsOf(output),
  };
}

/** The process id each shard logged in its "shard is online" line (JSON logs), by shard: the latest after a respawn. */
export function shardPidsOf(output: string): Map<number, number> {
  const pids = new Map<number, number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"shard is online"')) continue;
    const { shard, pid } = JSON.parse(line) as { shard: number; pid: number };
    pids.set(shard, pid);
  }
  return pids;
}

export async function untilAsync(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The local Discord API with one server, a scratch PostgreSQL database and a folder without .env: where bot processes are started. */
export type ProcessWorld = {
  readonly fake: FakeDiscord;
  readonly community: Community;
  readonly databaseUrl: string;
  /** A client of the scratch database for the test's own reads. */
  readonly db: PrismaClient;
  /** Starts a bot process there (each is stopped by `close`); `entry`: another entry point, such as the desk's. */
  start(env?: Record<string, string>, entry?: { readonly file: string; readonly ready: string }): Promise<BotProcess>;
  /** Stops every bot process (with `signal`), the local Discord API and the database. */
  close(signal: NodeJS.Signals): Promise<void>;
};

export async function openProcessWorld(name: string, o: { readonly fake?: FakeDiscordOptions; readonly shard?: [number, number] } = {}): Promise<ProcessWorld> {
  const fake = await FakeDiscord.start(o.fake);
  const community = seedCommunity(fake, name, o.shard);
  const scratch = await createScratchPostgres();
  const db = createPrismaClient(scratch.url, { poolSize: 2 });
  const cwd = await mkdtemp(join(tmpdir(), 'bothsides-processes-'));
  // What `npm run deploy-commands` does.
  await new REST({ api: fake.apiUrl }).setToken(fake.token).put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });
  const bots: BotProcess[] = [];
  return {
    fake,
    community,
    databaseUrl: scratch.url,
    db,
    async start(env = {}, entry) {
      const bot = await startBotProcess({ fake, databaseUrl: scratch.url, cwd, env, ...(entry ? { entry } : {}) });
      bots.push(bot);
      return bot;
    },
    async close(signal) {
      await Promise.all(bots.map((bot) => bot.kill(signal)));
      await fake.stop();
      await db.$disconnect();
      await scratch.drop();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}
