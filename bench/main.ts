/**
 * `npm run bench [-- --concurrency 50 --duration 20 --smoke]`: see README "Benchmark".
 * Writes bench/results/latest.json, latest.md and latency.svg (or under --out).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
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
    out: { type: 'string', default: 'bench/results' },
  },
});

const number = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${value}"`);
  return n;
};

const smoke = values.smoke;
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
