/**
 * `npm run bench [-- --concurrency 50 --duration 20 --smoke]`: see README "Benchmark".
 * Writes bench/results/latest.json, latest.md and latency.svg (or under --out).
 * `npm run bench -- --shards 1,2,4 --guilds 8 [--soak 10]`: the shard benchmark instead (bench/shards.ts),
 * written to shards.json and shards.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { runShardBench, shardReport } from './shards.js';
import { runBench } from './run-bench.js';
import { writeReports } from './report.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '50' },
    duration: { type: 'string', default: '20' },
    cases: { type: 'string', default: '10000' },
    'view-cases': { type: 'string', default: '100000' },
    burst: { type: 'string', default: '500' },
    smoke: { type: 'boolean', default: false },
    shards: { type: 'string' },
    guilds: { type: 'string', default: '8' },
    'members-per-guild': { type: 'string', default: '50' },
    soak: { type: 'string', default: '0' },
    out: { type: 'string', default: 'bench/results' },
  },
});

const number = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${value}"`);
  return n;
};

const smoke = values.smoke;
if (values.shards !== undefined) {
  const shardCounts = values.shards.split(',').map((v) => number('shards', v.trim()));
  const options = {
    shardCounts,
    guilds: number('guilds', values.guilds),
    membersPerGuild: number('members-per-guild', values['members-per-guild']),
    concurrency: smoke ? 2 : number('concurrency', values.concurrency),
    durationMs: (smoke ? 1 : number('duration', values.duration)) * 1000,
    soakMs: Number(values.soak) * 60_000,
    settleMs: smoke ? 1000 : 30_000,
    databaseUrl: process.env.DATABASE_URL || undefined,
    log: (line: string) => console.log(`bench: ${line}`),
  };
  if (options.databaseUrl === undefined) throw new Error('bench: the shard benchmark needs DATABASE_URL (the embedded database serves one process, so it does not shard)');
  const runs = await runShardBench(options);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const markdown = shardReport(runs, options);
  await writeFile(join(out, 'shards.json'), `${JSON.stringify(runs, null, 2)}\n`);
  await writeFile(join(out, 'shards.md'), `${markdown}\n`);
  console.log(markdown);
  process.exit(0);
}
const results = await runBench({
  concurrency: smoke ? 2 : number('concurrency', values.concurrency),
  durationMs: (smoke ? 1 : number('duration', values.duration)) * 1000,
  casesForMemory: smoke ? 20 : number('cases', values.cases),
  casesForView: smoke ? 200 : number('view-cases', values['view-cases']),
  viewSamples: smoke ? 20 : 500,
  settleMs: smoke ? 1000 : 30_000,
  members: smoke ? 10 : 500,
  burst: smoke ? 20 : number('burst', values.burst),
  databaseUrl: process.env.DATABASE_URL || undefined,
  log: (line) => console.log(`bench: ${line}`),
});
const written = await writeReports(results, resolve(values.out));
console.log(written.markdown);
console.log(`bench: wrote ${written.files.join(', ')}`);
