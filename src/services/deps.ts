import type { OwedWork } from '../actions/types.js';
import type { Logger } from '../logging/logger.js';
import type {
  CaseRepository,
  Clock,
  DirectMessages,
  EscalationNotifier,
  InterviewThreads,
  ReportQueue,
  ReportRepository,
  SettingsRepository,
  CaseRecordRepository,
  CaseRecordDiscord,
  EvidenceFiles,
  CheckInMessages,
} from '../ports.js';

/** What the use cases need. Built once in src/app.ts; faked in unit tests. */
export type ServiceDeps = {
  readonly settings: SettingsRepository;
  readonly cases: CaseRepository;
  readonly threads: InterviewThreads;
  readonly dms: DirectMessages;
  readonly checkIns: CheckInMessages;
  readonly escalations: EscalationNotifier;
  readonly reports: ReportRepository;
  readonly reportQueue: ReportQueue;
  readonly caseRecords: CaseRecordRepository;
  readonly recordDiscord: CaseRecordDiscord;
  readonly evidenceFiles: EvidenceFiles;
  /** Where new evidence bytes go, and the largest file taken. */
  readonly evidencePolicy: { readonly store: 'database' | 'files'; readonly maxBytes: number };
  /** Carries out the Discord work a change recorded (first try now; retries later). */
  readonly work: OwedWork;
  readonly clock: Clock;
  readonly logger: Logger;
};

/** Where an action came from: Discord (a command, a button) or the case desk. Recorded in the audit log when it is the desk. */
export type Via = 'discord' | 'web';
export const viaData = (via: Via | undefined): Record<string, unknown> => (via === 'web' ? { source: 'web' } : {});

/** The member running a command, as Discord told us. */
export type Actor = { readonly id: string; readonly roleIds: readonly string[] };
