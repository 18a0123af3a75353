/**
 * The Discord work a change owes, as data. A use case writes these in the
 * same transaction as its change (see src/persistence/owed-actions.ts); the
 * runner (./runner.ts) carries them out after the commit. Types (and one
 * typed lookup): the services, the repositories and the runner all speak
 * this vocabulary.
 */
import type { CheckInTrigger, SafeChatTopic } from '../domain/types.js';
import type { DeliveryRecord, DiscordFailureReason, EscalationNotice, EventInput } from '../ports.js';
import type { Language } from '../i18n/languages.js';

/** Every kind of owed work, with what it needs to be carried out later by any process. */
export type OwedPayloads = {
  /** Post the escalation in the escalation channel, pinging the admin role. */
  'escalation.post': { readonly escalationId: string; readonly channelId: string; readonly adminRoleId: string; readonly notice: EscalationNotice };
  /** Open a party's private interview thread, add exactly its members, post the introduction. */
  'thread.open': {
    readonly partyId: string;
    readonly parentChannelId: string;
    readonly name: string;
    readonly memberIds: readonly string[];
    readonly addresseeId: string;
    readonly intro: string;
  };
  /** Post the closing message in every party thread, archive and lock them, then take the transcript. */
  'case.close': { readonly threadIds: readonly string[]; readonly closingMessage: string };
  /** DM the safe-chat advice; if the member takes no DMs, post it in their interview thread; record the delivery. */
  'safechat.send': {
    readonly userId: string;
    readonly requestedById: string;
    readonly topics: readonly SafeChatTopic[];
    readonly content: string;
    /** The case the advice is about, if any (its thread is where the advice goes when DMs are closed). */
    readonly caseId: string | null;
  };
  /**
   * Show a report to staff in their channel: replace its post, or post it
   * (again, when the post was deleted by hand) in `channelId`. Built from
   * the report as it is when carried out.
   */
  'report.queue': { readonly reportId: string; readonly number: number; readonly channelId: string | null; readonly caseNumber: number | null };
  /** DM a reporter that staff looked at their report (dismissed), in neutral words. */
  'report.notice': { readonly reportId: string; readonly number: number; readonly userId: string; readonly content: string };
  /**
   * Scheduled (`delayMs`): once the reminder time has come, ping the admin
   * role once more, replying to the escalation post, unless an admin has
   * acknowledged it by then.
   */
  'escalation.remind': {
    readonly escalationId: string;
    readonly channelId: string;
    readonly adminRoleId: string;
    readonly caseNumber: number;
    readonly hours: number;
    readonly language: Language;
  };
  /** Post the day's list of idle open cases in the case-log channel, pinging nobody. */
  'stale.digest': { readonly channelId: string; readonly content: string; readonly day: string };
  /**
   * Scheduled (`delayMs`): ask a party how things are now, by DM (else in
   * their interview thread), with the three answer buttons. Owing one makes
   * it the party's pending check-in: one owed before it sends nothing. Not
   * sent when the case is closed by then or the member has left.
   */
  'checkin.send': { readonly partyId: string; readonly userId: string; readonly trigger: CheckInTrigger; readonly requestedById: string };
  /** An escalation acknowledged from the desk: its post in Discord shows it, as when the button is pressed. */
  'escalation.acknowledged': { readonly escalationId: string; readonly channelId: string; readonly messageId: string; readonly adminId: string; readonly at: string; readonly language: Language };
  /** Tell staff in the case-log channel how a party answered a check-in, pinging nobody. */
  'checkin.notice': { readonly channelId: string; readonly content: string };
};

export type OwedKind = keyof OwedPayloads;

/** What each kind of owed work came to when done: kept on the action, and given to the reply that waited for it. */
export type OwedResults = {
  'escalation.post': { readonly channelId: string; readonly messageId: string };
  'thread.open': { readonly partyId: string; readonly threadId: string };
  'case.close': CloseResult;
  'safechat.send': { readonly delivery: Omit<DeliveryRecord, 'createdAt'> & { readonly requestedById: string }; readonly caseNumber: number | null };
  /** Shown: the post is up to date (false when the report was gone). */
  'report.queue': { readonly shown: boolean; readonly channelId?: string; readonly messageId?: string };
  'report.notice': { readonly messageId: string };
  /** Reminded: false when it was acknowledged (or gone) in time and nobody was pinged. */
  'escalation.remind': { readonly reminded: boolean; readonly messageId?: string };
  'stale.digest': { readonly messageId: string };
  /** Sent (by DM or in the thread), or why not: replaced by a later check-in, the case closed, the member gone, or undeliverable. */
  'checkin.send':
    | { readonly sent: true; readonly checkInId: string; readonly channel: 'dm' | 'interview_thread'; readonly messageId: string }
    | { readonly sent: false; readonly reason: 'replaced' | 'case-closed' | 'left' | 'not-delivered'; readonly checkInId?: string };
  'checkin.notice': { readonly messageId: string };
  'escalation.acknowledged': { readonly marked: boolean };
};

/** One owed action, as a use case writes it. The id is made by the use case, so its reply can wait for it. */
export type NewOwedAction = {
  readonly [K in OwedKind]: {
    readonly id: string;
    readonly kind: K;
    readonly payload: OwedPayloads[K];
    readonly caseId: string | null;
    readonly actorId: string;
    /** Not to be tried before this long after it is recorded (by the database's clock): scheduled work. */
    readonly delayMs?: number;
  };
}[OwedKind];

/** An owed action as stored, taken by one process for one try. */
export type OwedActionRecord = NewOwedAction & {
  readonly guildId: string;
  /** Tries so far, this one included. */
  readonly attempts: number;
  /** Steps already carried out in earlier tries, by key. */
  readonly progress: Readonly<Record<string, unknown>>;
};

/** Writes that belong with an action's result: applied in the transaction that marks it done. */
export type ActionEffect =
  | { readonly type: 'party-thread'; readonly partyId: string; readonly threadId: string }
  | { readonly type: 'escalation-message'; readonly escalationId: string; readonly channelId: string; readonly messageId: string }
  /** A safe-chat delivery (delivered or not), with its id made by the handler so its event can name it. */
  | { readonly type: 'safechat-delivery'; readonly delivery: Omit<DeliveryRecord, 'createdAt'> & { readonly requestedById: string } }
  | { readonly type: 'report-queue-message'; readonly reportId: string; readonly channelId: string; readonly messageId: string }
  /** A check-in delivered (or found undeliverable). */
  | {
      readonly type: 'checkin-delivery';
      readonly checkInId: string;
      readonly status: 'sent' | 'not_delivered';
      readonly channel: 'dm' | 'interview_thread' | null;
      readonly failureReason: string | null;
    };

/** What taking a case's transcript came to. */
export type TranscriptOutcome = {
  readonly caseNumber: number;
  /** Messages stored from the interview threads (all of them, copied now). */
  readonly messages: number;
  readonly failedThreads: readonly { readonly threadId: string; readonly reason: DiscordFailureReason }[];
  /** Where the files went: posted in the case-log channel, no channel set, or Discord refused. */
  readonly posted: { readonly ok: true; readonly channelId: string } | { readonly ok: false; readonly reason: 'no-case-log-channel' | DiscordFailureReason };
  readonly htmlBytes: number;
  readonly markdownBytes: number;
};

/** What the closing work came to: the threads Discord refused to close, and the transcript. */
export type CloseResult = {
  readonly threadFailures: readonly { readonly threadId: string; readonly reason: DiscordFailureReason }[];
  readonly transcript: TranscriptOutcome | null;
};

/** What one try of an action of kind K came to. */
export type TryResult<K extends OwedKind = OwedKind> =
  | {
      readonly status: 'done';
      readonly result: OwedResults[K];
      readonly events?: readonly EventInput[];
      readonly effects?: readonly ActionEffect[];
      /** The case the events belong to, when it is not the action's own (advice that reached a thread of another case). */
      readonly eventsCaseId?: string | null;
    }
  /** Retrying cannot help (a refusal): the action ends, and the events say why. */
  | { readonly status: 'failed'; readonly reason: DiscordFailureReason; readonly detail: string; readonly events?: readonly EventInput[] }
  /** Worth another try later (Discord unavailable, a timeout). */
  | { readonly status: 'retry'; readonly reason: DiscordFailureReason | 'error'; readonly detail: string };

/** A try that did not finish the work: the same for every kind. */
export type NotDone = Exclude<TryResult, { status: 'done' }>;

/** What the moderator's reply can say of an action of kind K after its first try. */
export type ActionOutcome<K extends OwedKind = OwedKind> =
  | { readonly id: string; readonly status: 'done'; readonly result: OwedResults[K] }
  | { readonly id: string; readonly status: 'failed'; readonly reason: DiscordFailureReason | 'gave-up'; readonly detail: string }
  /** Not done yet: it will be tried again (by this process or another). */
  | { readonly id: string; readonly status: 'queued'; readonly reason: DiscordFailureReason | 'error' | 'busy' };

/**
 * The outcome of this action among those `runNow` gave, typed by its kind
 * (the runner gives each action's own outcome under its id).
 */
export function outcomeOf<K extends OwedKind>(outcomes: readonly ActionOutcome[], action: { readonly id: string; readonly kind: K }): ActionOutcome<K> | undefined {
  return outcomes.find((o) => o.id === action.id) as ActionOutcome<K> | undefined;
}

/** The port the use cases use: carry these out now (first try) and say how it went. */
export interface OwedWork {
  /** Records owed work that goes with no other change (a change's own work is written by its repository call). */
  record(guildId: string, actions: readonly NewOwedAction[]): Promise<void>;
  runNow(ids: readonly string[]): Promise<readonly ActionOutcome[]>;
}

/** Where owed actions are kept. Claims and leases make each try one process's. */
export interface ActionStore {
  /** Records owed work on its own, in one transaction. */
  add(guildId: string, actions: readonly NewOwedAction[]): Promise<void>;
  /** Takes due actions (or these ones, if due) for one try: at most `limit`, leased for `leaseMs` to `holder`. */
  /**
   * Leases up to `limit` due actions (only `ids`, when given). `freshMs`: leave the ones recorded less than that ago,
   * which the process that recorded them is about to try itself (its runNow), so that another process's poller does
   * not take them from under it and its reply say "queued" for work being done.
   */
  claim(holder: string, leaseMs: number, limit: number, ids?: readonly string[], freshMs?: number): Promise<readonly OwedActionRecord[]>;
  /** Keeps the lease of actions still being tried. */
  renew(holder: string, leaseMs: number, ids: readonly string[]): Promise<void>;
  /** Records a step carried out, so a later try skips it. */
  saveProgress(holder: string, action: OwedActionRecord, progress: Readonly<Record<string, unknown>>): Promise<void>;
  /** Ends the action (done or failed) with its events and effects, in one transaction; false when the lease was lost. */
  finish(holder: string, action: OwedActionRecord, result: Exclude<TryResult, { status: 'retry' }> | { status: 'failed'; reason: 'gave-up'; detail: string; events?: readonly EventInput[] }): Promise<boolean>;
  /** Puts the action back for another try after `delayMs`. */
  reschedule(holder: string, action: OwedActionRecord, delayMs: number, error: string): Promise<void>;
}
