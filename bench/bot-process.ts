/**
 * The bot as `npm start` runs it (src/main.ts through tsx), in its own
 * process, so that its start-up time and memory are its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export type BotProcess = {
  readonly pid: number;
  /** ms from spawn to the log line the bot writes once the gateway is ready and its guilds arrived. */
  readonly readyMs: number;
  /** Resident memory of the bot process now, in MB (Linux /proc). */
  rssMb(): Promise<number>;
  /** Everything it printed. */
  output(): string;
  stop(): Promise<number | null>;
};

export async function startBotProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<BotProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let readyMs: number | null = null;
  const ready = new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyMs === null && output.includes('Bothsides is online')) {
        readyMs = performance.now() - started;
        resolveReady();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code} before it was ready:\n${output}`)));
    setTimeout(() => reject(new Error(`the bot was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs).unref();
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('the bot process has no pid');
  return {
    pid,
    readyMs: readyMs ?? 0,
    rssMb: async () => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
      return Math.round((kb / 1024) * 10) / 10;
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
