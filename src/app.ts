import type { Client } from 'discord.js';
import type { Logger } from './logging/logger.js';
import type { PrismaClient } from './persistence/prisma-client.js';
import { PrismaCaseRepository } from './persistence/case-repository.js';
import { CachedSettingsRepository } from './persistence/cached-settings-repository.js';
import { PrismaReportRepository } from './persistence/report-repository.js';
import { PrismaSettingsRepository } from './persistence/settings-repository.js';
import { DiscordReportQueue } from './discord/report-queue.js';
import { DiscordDirectMessages } from './discord/direct-messages.js';
import { DiscordEscalationNotifier } from './discord/escalation-notifier.js';
import { DiscordInterviewThreads } from './discord/interview-threads.js';
import type { ServiceDeps } from './services/deps.js';

/** Wires the repositories and Discord adapters into what the services need. */
export function createServiceDeps(prisma: PrismaClient, client: Client, logger: Logger): ServiceDeps {
  return {
    settings: new CachedSettingsRepository(new PrismaSettingsRepository(prisma)),
    cases: new PrismaCaseRepository(prisma),
    threads: new DiscordInterviewThreads(client.rest),
    dms: new DiscordDirectMessages(client.rest),
    escalations: new DiscordEscalationNotifier(client.rest),
    reports: new PrismaReportRepository(prisma),
    reportQueue: new DiscordReportQueue(client.rest),
    clock: { now: () => new Date() },
    logger,
  };
}
