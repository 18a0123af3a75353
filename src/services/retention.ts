import { retentionCutoff } from '../domain/retention.js';
import type { ServiceDeps } from './deps.js';

export const RETENTION_BATCH = 500;

export type SweepOutcome = { readonly guilds: number; readonly deleted: number; readonly filesRemoved: number; readonly milliseconds: number };

/**
 * The daily retention sweep: in every guild that keeps closed cases for a
 * limited time, deletes the cases closed longer ago than that (never one on
 * legal hold), with their statements, transcripts and evidence, writing a
 * retention log row for each (number, when closed, when deleted, policy;
 * no personal content). Evidence files go after their rows are gone.
 */
export async function sweepRetention(deps: Pick<ServiceDeps, 'caseRecords' | 'evidenceFiles' | 'clock' | 'logger'>): Promise<SweepOutcome> {
  const started = performance.now();
  const now = deps.clock.now();
  let deleted = 0;
  let filesRemoved = 0;
  const policies = await deps.caseRecords.retentionPolicies();
  for (const { guildId, retentionDays } of policies) {
    const cutoff = retentionCutoff(now, retentionDays);
    for (;;) {
      const batch = await deps.caseRecords.forGuild(guildId).expiredCases(cutoff, RETENTION_BATCH);
      if (batch.length === 0) break;
      const gone = await deps.caseRecords.forGuild(guildId).deleteExpired(batch, retentionDays, now);
      deleted += gone.length;
      // Only the files of the cases actually deleted: one put on hold a moment ago keeps its evidence.
      for (const path of gone.flatMap((c) => c.evidencePaths)) {
        await deps.evidenceFiles.remove(path);
        filesRemoved += 1;
      }
      if (gone.length === 0) break; // all held or reopened a moment ago: nothing more to do here now
    }
  }
  const outcome = { guilds: policies.length, deleted, filesRemoved, milliseconds: Math.round(performance.now() - started) };
  if (deleted > 0) deps.logger.info(outcome, 'retention sweep deleted expired closed cases');
  return outcome;
}
