/** Latency summaries: nearest-rank percentiles over the recorded samples (ms). */
export type Summary = { readonly n: number; readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number; readonly mean: number };

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { n: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1] ?? 0), mean: round(mean) };
}

export const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Runs `worker(i)` on `concurrency` lanes until `shouldStop()`; returns completed operations per second. */
export async function runLanes(concurrency: number, worker: (lane: number) => Promise<void>, shouldStop: () => boolean): Promise<{ ops: number; seconds: number }> {
  let ops = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (!shouldStop()) {
        await worker(lane);
        ops += 1;
      }
    }),
  );
  return { ops, seconds: (performance.now() - started) / 1000 };
}
