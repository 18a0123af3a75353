import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeDiscord } from '../fake-discord/index.js';

const require = createRequire(import.meta.url);
// The tsx loader in this very process: `tsx/cli` would run the bot in a child of its own, which a SIGKILL of the
// process we started would leave running.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const main = resolve(import.meta.dirname, '../../../src/main.ts');

export type BotProcess = { readonly child: ChildProcess; output(): string };

/**
 * The bot as `npm start` runs it, in a process of its own, against the local
 * Discord API and `databaseUrl`; resolves once it says it is online.
 * `cwd` holds no .env, so only what is given here configures it.
 */
export async function startBotProcess(opts: { readonly fake: FakeDiscord; readonly databaseUrl: string; readonly cwd: string; readonly env?: Record<string, string> }): Promise<BotProcess> {
  let output = '';
  const child = spawn(process.execPath, ['--import', tsxLoader, main], {
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
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(() => output.includes('Bothsides is online') || child.exitCode !== null, 20_000);
  if (!output.includes('Bothsides is online')) throw new Error(`the bot did not start:\n${output}`);
  return { child, output: () => output };
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
