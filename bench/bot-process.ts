/**
 * The bot as `npm start` runs it (the build under dist/, with the start
 * script's own arguments), in its own process, so that its start-up time and
 * memory are its own. `buildBot` runs `npm run build` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/** Resident memory of a process now, in MB (Linux /proc). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** `npm run build`; throws with its output when it fails. Call before anything runs in this process (it blocks). */
export function buildBot(): void {
  const run = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}${run.stderr}`);
}

/** The arguments `npm start` gives node, from package.json. */
async function startArguments(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.split(/\s+/);
  if (program !== 'node') throw new Error(`bench: the start script does not run node: ${pkg.scripts.start}`);
  return args;
}

/** `nodeArgs` go before the start script's own (e.g. --cpu-prof for a profile). */
export async function startBotProcess(env: Record<string, string>, opts: { nodeArgs?: readonly string[]; timeoutMs?: number } = {}): Promise<BotProcess> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const args = [...(opts.nodeArgs ?? []), ...(await startArguments())];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
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
    rssMb: () => rssOf(pid),
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
