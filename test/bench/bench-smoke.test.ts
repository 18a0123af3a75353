import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReports } from '../../bench/report.js';
import { runBench } from '../../bench/run-bench.js';
import { COMMANDS } from '../../bench/workload.js';

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
  });
});
