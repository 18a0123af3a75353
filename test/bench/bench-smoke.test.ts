import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReports } from '../../bench/report.js';
import { runBench } from '../../bench/run-bench.js';
import { COMMANDS } from '../../bench/workload.js';
import { runShardBench, shardReport } from '../../bench/shards.js';
import { adminUrl } from '../support/pg-names.js';
import { hasRealPostgres } from '../support/test-databases.js';

/** CI runs the benchmark with tiny figures: it must run end to end and write its reports. The figures are not checked. */
describe('npm run bench -- --smoke', () => {
  it('drives the bot process through every phase and writes the JSON, the Markdown table and the chart', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bothsides-bench-'));
    try {
      const results = await runBench({
        concurrency: 2,
        durationMs: 500,
        casesForMemory: 10,
        casesForView: 50,
        viewSamples: 5,
        settleMs: 200,
        members: 6,
        burst: 8,
        databaseUrl: undefined,
        log: () => undefined,
      });
      const { files } = await writeReports(results, out);

      expect(results.database.kind).toBe('embedded');
      for (const c of COMMANDS) expect(results.queriesPerCommand[c].queries).toBeGreaterThan(0);
      expect(results.mixed.failures + results.openOnly.failures + results.floor.mixed.failures + results.floor.openOnly.failures).toBe(0);
      expect(results.burst).toMatchObject({ commands: 8, failures: 0 });
      expect(results.burst.ack.n).toBe(8);
      expect(results.floor.burst).toMatchObject({ commands: 8, failures: 0 });
      expect(results.rssMb.casesInDatabase).toBeGreaterThanOrEqual(10);
      expect(results.viewAtScale.cases).toBe(50);
      expect(results.deskAtScale).toMatchObject({ cases: 50, boardMs: { n: 5 }, caseMs: { n: 5 }, heavyCase: { statements: 50 } });
      expect(results.deskAtScale.heavyCase.htmlBytes).toBeGreaterThan(50 * 300);
      const saved = JSON.parse(await readFile(files[0]!, 'utf8')) as { ratio: unknown };
      expect(saved.ratio).toEqual(results.ratio);
      expect(await readFile(files[1]!, 'utf8')).toContain('| target | wanted | measured |');
      expect(await readFile(files[2]!, 'utf8')).toMatch(/^<svg /);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 300_000); // a smoke of the whole benchmark: how long it takes on a busy machine is no failure

  it.runIf(hasRealPostgres())('runs the shard benchmark: a manager with two shard processes, every phase, the report', async () => {
    const runs = await runShardBench({ shardCounts: [2], guilds: 4, membersPerGuild: 10, concurrency: 2, durationMs: 500, soakMs: 500, settleMs: 100, databaseUrl: adminUrl(), log: () => undefined });
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run).toMatchObject({ shards: 2, guilds: 4, ratio: 1, mixed: { failures: 0 } });
    expect(run!.rssAtReadyMb).toHaveLength(2);
    expect(run!.rssAtReadyMb.every((mb) => mb > 0)).toBe(true);
    expect(run!.mixed.ops).toBeGreaterThan(0);
    expect(run!.soak?.settledRssMb).toHaveLength(2);
    expect(shardReport(runs, { concurrency: 2, durationMs: 500, membersPerGuild: 10 })).toContain('| 2 |');
  }, 300_000);
});
