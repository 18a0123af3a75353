import { join } from 'node:path';
import type { Client } from 'discord.js';
import { DiscordCaseRecord } from './discord/case-record-discord.js';
import { PrismaCaseRecordRepository } from './persistence/case-record-repository.js';
import { DiskEvidenceFiles } from './persistence/evidence-files.js';
import type { Config } from './config/config.js';
import type { Database } from './db/open-database.js';
import type { Logger } from './logging/logger.js';
import type { PrismaClient } from './persistence/prisma-client.js';
import { PrismaCaseRepository } from './persistence/case-repository.js';
import { CachedSettingsRepository } from './persistence/cached-settings-repository.js';
import { PrismaReportRepository } from './persistence/report-repository.js';
import { PrismaSettingsRepository } from './persistence/settings-repository.js';
import { DiscordReportQueue } from './discord/report-queue.js';
import { DiscordCheckInMessages } from './discord/check-in-messages.js';
import { DiscordDirectMessages } from './discord/direct-messages.js';
import { DiscordEscalationNotifier } from './discord/escalation-notifier.js';
import { DiscordInterviewThreads } from './discord/interview-threads.js';
import type { ServiceDeps } from './services/deps.js';
import { createActionHandlers } from './actions/handlers.js';
import { ActionRunner, DEFAULT_RUNNER_OPTIONS, type RunnerOptions } from './actions/runner.js';
import { PrismaActionStore } from './persistence/owed-actions.js';

export type AppOptions = {
  /** Evidence files live under DATA_DIR/evidence. */
  readonly dataDir: string;
  readonly evidence: { readonly store: 'database' | 'files'; readonly maxBytes: number };
  /** Leases and polling of the owed-action runner (tests shorten them). */
  readonly runner?: Partial<RunnerOptions>;
};

/** The connections this process's pool may open (the embedded database serves one). */
export function poolSizeOf(database: Database, config: Config): number {
  return database.kind === 'embedded' ? 1 : (config.database.poolSize ?? 10);
}

/** The app options a configuration gives (tests add shorter runner timings). */
export function appOptionsOf(config: Config, runner: Partial<RunnerOptions> = {}): AppOptions {
  return {
    dataDir: config.database.dataDir || './data',
    evidence: config.evidence ?? { store: 'database', maxBytes: 8 * 1024 * 1024 },
    runner: { ...(config.actionLeaseSeconds === undefined ? {} : { leaseMs: config.actionLeaseSeconds * 1000 }), ...runner },
  };
}

/**
 * Wires the repositories and Discord adapters into what the services need,
 * and the runner that carries out the Discord work the services record.
 */
export function createServiceDeps(prisma: PrismaClient, client: Client, logger: Logger, options: AppOptions): { deps: ServiceDeps; runner: ActionRunner } {
  // The handlers use the services' ports, and the services use the runner: tie the knot once.
  const work: { runner?: ActionRunner } = {};
  const deps: ServiceDeps = {
    settings: new CachedSettingsRepository(new PrismaSettingsRepository(prisma)),
    cases: new PrismaCaseRepository(prisma),
    threads: new DiscordInterviewThreads(client.rest),
    dms: new DiscordDirectMessages(client.rest),
    checkIns: new DiscordCheckInMessages(client.rest),
    escalations: new DiscordEscalationNotifier(client.rest),
    reports: new PrismaReportRepository(prisma),
    reportQueue: new DiscordReportQueue(client.rest),
    caseRecords: new PrismaCaseRecordRepository(prisma),
    recordDiscord: new DiscordCaseRecord(client.rest),
    evidenceFiles: new DiskEvidenceFiles(join(options.dataDir, 'evidence')),
    evidencePolicy: options.evidence,
    work: { record: (guildId, actions) => work.runner!.record(guildId, actions), runNow: (ids) => work.runner!.runNow(ids) },
    clock: { now: () => new Date() },
    logger,
  };
  const runner = new ActionRunner(new PrismaActionStore(prisma), createActionHandlers(deps), logger, { ...DEFAULT_RUNNER_OPTIONS, ...options.runner });
  work.runner = runner;
  return { deps, runner };
}
