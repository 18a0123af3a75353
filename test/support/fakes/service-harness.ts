/**
 * Wires the services to in-memory repositories and recording Discord fakes,
 * with a settable clock and a silent logger.
 */
import { createLogger } from '../../../src/logging/logger.js';
import type { Clock, GuildSettings } from '../../../src/ports.js';
import { openCase, type OpenCaseInput, type OpenCaseOutcome } from '../../../src/services/case-opening.js';
import type { Actor, ServiceDeps } from '../../../src/services/deps.js';
import { FakeCheckInMessages, FakeDirectMessages, FakeEscalationNotifier, FakeReportQueue, FakeThreads, SnowflakeSequence } from './fake-discord-ports.js';
import { InMemoryReportRepository } from './in-memory-report-repository.js';
import { FakeRecordDiscord, InMemoryCaseRecords, InMemoryEvidenceFiles } from './in-memory-case-records.js';
import { InMemoryCaseRepository, InMemoryEventLog, InMemorySettingsRepository, UuidSequence, type RepositoryCounts } from './in-memory-case-repository.js';
import { InMemoryActionStore } from './in-memory-action-store.js';
import { ActionRunner } from '../../../src/actions/runner.js';
import { createActionHandlers } from '../../../src/actions/handlers.js';

export const IDS = {
  GUILD: '100000000000000001',
  OTHER_GUILD: '100000000000000002',
  MOD: '200000000000000001',
  MOD2: '200000000000000002',
  ADMIN: '200000000000000003',
  MEMBER: '200000000000000004',
  ALEX: '300000000000000001',
  SAM: '300000000000000002',
  ROBIN: '300000000000000003',
  BOT: '300000000000000099',
  STAFF_ROLE: '400000000000000001',
  ADMIN_ROLE: '400000000000000002',
  OTHER_ROLE: '400000000000000003',
  ESCALATION_CHANNEL: '500000000000000001',
  INTERVIEW_CHANNEL: '500000000000000002',
  CASE_LOG_CHANNEL: '500000000000000003',
} as const;

export const COMMUNITY_NAME = 'Example Town';
export const STANDARDS_URL = 'https://example.org/community-standards';

export const ACTORS = {
  /** A moderator: staff role. */
  mod: { id: IDS.MOD, roleIds: [IDS.STAFF_ROLE] },
  /** Another moderator. */
  mod2: { id: IDS.MOD2, roleIds: [IDS.STAFF_ROLE] },
  /** An admin: admin role only (which outranks staff). */
  admin: { id: IDS.ADMIN, roleIds: [IDS.ADMIN_ROLE] },
  /** A member with some role, but neither staff nor admin. */
  member: { id: IDS.MEMBER, roleIds: [IDS.OTHER_ROLE] },
} as const satisfies Record<string, Actor>;

/** A moderator who also is the given member (e.g. Alex holding the staff role). */
export const staffActor = (id: string): Actor => ({ id, roleIds: [IDS.STAFF_ROLE] });
export const adminActor = (id: string): Actor => ({ id, roleIds: [IDS.ADMIN_ROLE] });

export class FakeClock implements Clock {
  private current: Date;

  constructor(start: Date = new Date('2025-03-01T12:00:00.000Z')) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date): void {
    this.current = new Date(date);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function typicalSettings(guildId: string = IDS.GUILD): GuildSettings {
  return {
    guildId,
    staffRoleId: IDS.STAFF_ROLE,
    adminRoleId: IDS.ADMIN_ROLE,
    escalationChannelId: IDS.ESCALATION_CHANNEL,
    interviewChannelId: IDS.INTERVIEW_CHANNEL,
    caseLogChannelId: null,
    reportsChannelId: null,
    retentionDays: null,
    communityName: COMMUNITY_NAME,
    standardsUrl: STANDARDS_URL,
    language: 'en-US',
    escalationReminderHours: 12,
    staleDays: 7,
    followupDays: 3,
  };
}

/** Everything that could change: rows, events and Discord calls. */
export type Snapshot = RepositoryCounts & {
  readonly settingsRows: number;
  readonly threadCalls: number;
  readonly dmCalls: number;
  readonly notifyCalls: number;
  readonly reports: number;
  readonly reportSubmissions: number;
  readonly queueCalls: number;
};

export type Harness = ReturnType<typeof createHarness>;

export function createHarness() {
  const clock = new FakeClock();
  const log = new InMemoryEventLog(clock);
  const uuids = new UuidSequence();
  const snowflakes = new SnowflakeSequence();
  const cases = new InMemoryCaseRepository(clock, { log, ids: uuids });
  const settings = new InMemorySettingsRepository(clock, { log });
  const threads = new FakeThreads(snowflakes);
  const dms = new FakeDirectMessages(snowflakes);
  const checkIns = new FakeCheckInMessages(dms, threads);
  const notifier = new FakeEscalationNotifier(snowflakes);
  const reportQueue = new FakeReportQueue(snowflakes);
  const caseRecords = new InMemoryCaseRecords(clock, cases, settings, uuids);
  const recordDiscord = new FakeRecordDiscord();
  const evidenceFiles = new InMemoryEvidenceFiles();
  const actions = new InMemoryActionStore(clock, cases, log);
  cases.onOwed = (guildId, owed) => actions.addNow(guildId, owed);
  const reports = new InMemoryReportRepository(clock, { log, ids: uuids, cases, actions });
  actions.reports = reports;
  const work: { runner?: ActionRunner } = {};
  const deps: ServiceDeps = {
    settings,
    cases,
    threads,
    dms,
    checkIns,
    escalations: notifier,
    reports,
    reportQueue,
    caseRecords,
    recordDiscord,
    evidenceFiles,
    evidencePolicy: { store: 'database', maxBytes: 1024 * 1024 },
    work: { record: (guildId, actions) => work.runner!.record(guildId, actions), runNow: (ids) => work.runner!.runNow(ids) },
    clock,
    logger: createLogger('silent'),
  };
  // The real runner over the in-memory store: tests drive retries with runner.drain() and the clock.
  const runner = new ActionRunner(actions, createActionHandlers(deps), deps.logger, { leaseMs: 30_000, pollMs: 60_000, batch: 20 });
  work.runner = runner;

  /** Saves the typical settings for the guild (by an admin) and returns them. */
  async function configure(guildId: string = IDS.GUILD, overrides: Partial<GuildSettings> = {}): Promise<GuildSettings> {
    return settings.forGuild(guildId).save({ ...typicalSettings(guildId), ...overrides }, IDS.ADMIN);
  }

  /** Opens a case through the service (Alex complains about Sam, by MOD, in GUILD unless told otherwise); throws if refused. */
  async function open(overrides: Partial<OpenCaseInput> = {}): Promise<OpenCaseOutcome> {
    const result = await openCase(deps, {
      guildId: IDS.GUILD,
      actor: ACTORS.mod,
      complainant: { id: IDS.ALEX, isBot: false },
      accused: { id: IDS.SAM, isBot: false },
      category: 'harassment',
      summary: 'Sam keeps joining every channel Alex is in and DMs after being blocked',
      realLife: false,
      offPlatform: false,
      exposureLocation: null,
      ...overrides,
    });
    if (!result.ok) throw new Error(`test setup: openCase refused with ${result.reason}`);
    return result.value;
  }

  function snapshot(): Snapshot {
    return {
      ...cases.counts(),
      settingsRows: settings.size,
      threadCalls: threads.callCount,
      dmCalls: dms.callCount,
      notifyCalls: notifier.callCount,
      reports: reports.size,
      reportSubmissions: reports.submissionCount,
      queueCalls: reportQueue.callCount,
    };
  }

  return {
    deps,
    actions,
    runner,
    cases,
    settings,
    threads,
    dms,
    checkIns,
    notifier,
    reports,
    reportQueue,
    caseRecords,
    recordDiscord,
    evidenceFiles,
    clock,
    configure,
    open,
    snapshot,
    ids: IDS,
    actors: ACTORS,
  };
}
