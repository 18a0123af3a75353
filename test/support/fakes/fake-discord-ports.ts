/**
 * Recording fakes of the Discord ports. Each records every call (failed
 * ones too), hands out increasing snowflake-like ids (18-digit strings), and
 * can be told to fail the way the real adapters report Discord's errors.
 */
import type {
  CheckInMessage,
  CheckInMessages,
  DirectMessages,
  DiscordFailureReason,
  DiscordOutcome,
  EscalationNotice,
  EscalationNotifier,
  InterviewThreads,
  ReportQueue,
  ReportQueueView,
} from '../../../src/ports.js';

/** Increasing snowflake-like ids: 18 digits, unique across the fakes that share one sequence. */
export class SnowflakeSequence {
  private last = 1_200_000_000_000_000_000n;

  next(): string {
    this.last += 1n;
    return this.last.toString();
  }
}

const refused = (reason: DiscordFailureReason, what: string): { ok: false; reason: DiscordFailureReason; detail: string } => ({
  ok: false,
  reason,
  detail: `fake Discord refused ${what}: ${reason}`,
});

export type ThreadOpenCall = {
  readonly guildId: string;
  readonly parentChannelId: string;
  readonly name: string;
  readonly memberIds: readonly string[];
  readonly addresseeId: string;
  readonly intro: string;
  readonly reuseExisting?: boolean;
  readonly nonce?: string;
  /** The new thread, or null when the call failed. */
  readonly threadId: string | null;
  readonly failure: DiscordFailureReason | null;
};

export type ThreadPostCall = {
  readonly threadId: string;
  readonly content: string;
  readonly messageId: string | null;
  readonly failure: DiscordFailureReason | null;
};

export type ThreadCloseCall = {
  readonly threadId: string;
  readonly closingMessage: string;
  readonly failure: DiscordFailureReason | null;
};

/** A thread as the fake Discord holds it. */
export type FakeThread = {
  readonly id: string;
  readonly guildId: string;
  readonly parentChannelId: string;
  readonly name: string;
  readonly memberIds: readonly string[];
  /** Every message posted, intro first. */
  readonly messages: string[];
  archivedAndLocked: boolean;
};

export class FakeThreads implements InterviewThreads {
  readonly opens: ThreadOpenCall[] = [];
  readonly posts: ThreadPostCall[] = [];
  readonly closes: ThreadCloseCall[] = [];
  private readonly threads = new Map<string, FakeThread>();
  private readonly openFailuresFor = new Map<string, DiscordFailureReason>();
  private readonly nextOpenFailures: DiscordFailureReason[] = [];
  private readonly postFailures = new Map<string, DiscordFailureReason>();
  private readonly closeFailures = new Map<string, DiscordFailureReason>();

  constructor(private readonly ids: SnowflakeSequence = new SnowflakeSequence()) {}

  /** Threads removed with remove(). */
  readonly removed: string[] = [];

  remove(threadId: string): Promise<DiscordOutcome<void>> {
    this.removed.push(threadId);
    this.threads.delete(threadId);
    return Promise.resolve({ ok: true, value: undefined });
  }

  // ---------- failure switches ----------

  /** Every open of a thread addressed to `userId` fails, until `clearFailures()`. */
  failOpenFor(userId: string, reason: DiscordFailureReason): this {
    this.openFailuresFor.set(userId, reason);
    return this;
  }

  /** The next open (whoever it is for) fails once. */
  failNextOpen(reason: DiscordFailureReason): this {
    this.nextOpenFailures.push(reason);
    return this;
  }

  /** Posting in this thread fails, until `clearFailures()`. */
  failPostTo(threadId: string, reason: DiscordFailureReason): this {
    this.postFailures.set(threadId, reason);
    return this;
  }

  /** Closing this thread fails, until `clearFailures()`. */
  failCloseOf(threadId: string, reason: DiscordFailureReason): this {
    this.closeFailures.set(threadId, reason);
    return this;
  }

  clearFailures(): this {
    this.openFailuresFor.clear();
    this.nextOpenFailures.length = 0;
    this.postFailures.clear();
    this.closeFailures.clear();
    return this;
  }

  // ---------- for assertions ----------

  get callCount(): number {
    return this.opens.length + this.posts.length + this.closes.length;
  }

  thread(threadId: string): FakeThread | undefined {
    return this.threads.get(threadId);
  }

  /** The successful opens only. */
  get opened(): readonly ThreadOpenCall[] {
    return this.opens.filter((o) => o.threadId !== null);
  }

  // ---------- InterviewThreads ----------

  open(input: {
    guildId: string;
    parentChannelId: string;
    name: string;
    memberIds: readonly string[];
    addresseeId: string;
    intro: string;
    reuseExisting?: boolean;
    nonce?: string;
  }): Promise<DiscordOutcome<{ threadId: string }>> {
    const failure = this.nextOpenFailures.shift() ?? this.openFailuresFor.get(input.addresseeId) ?? null;
    const call = { ...input, memberIds: [...input.memberIds] };
    if (failure) {
      this.opens.push({ ...call, threadId: null, failure });
      return Promise.resolve(refused(failure, `thread ${input.name}`));
    }
    // As the Discord adapter: a thread of that name already there is taken up, not made twice.
    const existing = input.reuseExisting ? [...this.threads.values()].find((t) => t.parentChannelId === input.parentChannelId && t.name === input.name) : undefined;
    if (existing) {
      this.opens.push({ ...call, threadId: existing.id, failure: null });
      return Promise.resolve({ ok: true, value: { threadId: existing.id } });
    }
    const threadId = this.ids.next();
    this.threads.set(threadId, {
      id: threadId,
      guildId: input.guildId,
      parentChannelId: input.parentChannelId,
      name: input.name,
      memberIds: [...input.memberIds],
      messages: [input.intro],
      archivedAndLocked: false,
    });
    this.opens.push({ ...call, threadId, failure: null });
    return Promise.resolve({ ok: true, value: { threadId } });
  }

  post(threadId: string, content: string): Promise<DiscordOutcome<{ messageId: string }>> {
    const thread = this.threads.get(threadId);
    const failure = this.postFailures.get(threadId) ?? (thread ? null : 'unknown-channel');
    if (failure || !thread) {
      const reason = failure ?? 'unknown-channel';
      this.posts.push({ threadId, content, messageId: null, failure: reason });
      return Promise.resolve(refused(reason, `post in ${threadId}`));
    }
    const messageId = this.ids.next();
    thread.messages.push(content);
    this.posts.push({ threadId, content, messageId, failure: null });
    return Promise.resolve({ ok: true, value: { messageId } });
  }

  close(threadId: string, closingMessage: string): Promise<DiscordOutcome<void>> {
    const thread = this.threads.get(threadId);
    const failure = this.closeFailures.get(threadId) ?? (thread ? null : 'unknown-channel');
    if (failure || !thread) {
      const reason = failure ?? 'unknown-channel';
      this.closes.push({ threadId, closingMessage, failure: reason });
      return Promise.resolve(refused(reason, `close of ${threadId}`));
    }
    thread.messages.push(closingMessage);
    thread.archivedAndLocked = true;
    this.closes.push({ threadId, closingMessage, failure: null });
    return Promise.resolve({ ok: true, value: undefined });
  }
}

export type DmCall = {
  readonly userId: string;
  readonly content: string;
  readonly messageId: string | null;
  readonly failure: DiscordFailureReason | null;
};

export class FakeDirectMessages implements DirectMessages {
  /** Every attempt, failed ones included. */
  readonly attempts: DmCall[] = [];
  private readonly closed = new Set<string>();
  private readonly nextFailures: DiscordFailureReason[] = [];

  constructor(private readonly ids: SnowflakeSequence = new SnowflakeSequence()) {}

  /** This member's DMs are closed: sending answers `cannot-dm` (Discord's 50007). */
  closeDmsOf(userId: string): this {
    this.closed.add(userId);
    return this;
  }

  openDmsOf(userId: string): this {
    this.closed.delete(userId);
    return this;
  }

  /** The next send fails once with `reason`. */
  failNextSend(reason: DiscordFailureReason): this {
    this.nextFailures.push(reason);
    return this;
  }

  /** The DMs that reached the member. */
  get sent(): readonly DmCall[] {
    return this.attempts.filter((a) => a.failure === null);
  }

  get callCount(): number {
    return this.attempts.length;
  }

  send(userId: string, content: string): Promise<DiscordOutcome<{ messageId: string }>> {
    const failure = this.nextFailures.shift() ?? (this.closed.has(userId) ? 'cannot-dm' : null);
    if (failure) {
      this.attempts.push({ userId, content, messageId: null, failure });
      return Promise.resolve(refused(failure, `DM to ${userId}`));
    }
    const messageId = this.ids.next();
    this.attempts.push({ userId, content, messageId, failure: null });
    return Promise.resolve({ ok: true, value: { messageId } });
  }
}

export type NotifyCall = {
  readonly channelId: string;
  readonly adminRoleId: string;
  readonly notice: EscalationNotice;
  readonly messageId: string | null;
  readonly failure: DiscordFailureReason | null;
};

export class FakeEscalationNotifier implements EscalationNotifier {
  /** Every attempt, failed ones included. */
  readonly notices: NotifyCall[] = [];
  private failure: DiscordFailureReason | null = null;

  constructor(private readonly ids: SnowflakeSequence = new SnowflakeSequence()) {}

  /** Every notify fails with `reason` until `recover()`. */
  fail(reason: DiscordFailureReason): this {
    this.failure = reason;
    return this;
  }

  recover(): this {
    this.failure = null;
    return this;
  }

  get posted(): readonly NotifyCall[] {
    return this.notices.filter((n) => n.failure === null);
  }

  /** Posts marked acknowledged from the desk. */
  readonly marked: { channelId: string; messageId: string; adminId: string }[] = [];

  markAcknowledged(channelId: string, messageId: string, _escalationId: string, adminId: string): Promise<DiscordOutcome<void>> {
    this.marked.push({ channelId, messageId, adminId });
    return Promise.resolve({ ok: true, value: undefined });
  }

  get callCount(): number {
    return this.notices.length;
  }

  notify(channelId: string, adminRoleId: string, notice: EscalationNotice): Promise<DiscordOutcome<{ channelId: string; messageId: string }>> {
    const copy: EscalationNotice = { ...notice, sidesHeard: { ...notice.sidesHeard }, threadIds: [...notice.threadIds] };
    if (this.failure) {
      this.notices.push({ channelId, adminRoleId, notice: copy, messageId: null, failure: this.failure });
      return Promise.resolve(refused(this.failure, `escalation notice in ${channelId}`));
    }
    const messageId = this.ids.next();
    this.notices.push({ channelId, adminRoleId, notice: copy, messageId, failure: null });
    return Promise.resolve({ ok: true, value: { channelId, messageId } });
  }

  /** Every reminder attempt, failed ones included. */
  readonly reminders: { readonly channelId: string; readonly adminRoleId: string; readonly replyTo: string | null; readonly content: string; readonly failure: DiscordFailureReason | null }[] = [];

  remind(channelId: string, adminRoleId: string, replyTo: string | null, content: string): Promise<DiscordOutcome<{ messageId: string }>> {
    this.reminders.push({ channelId, adminRoleId, replyTo, content, failure: this.failure });
    if (this.failure) return Promise.resolve(refused(this.failure, `escalation reminder in ${channelId}`));
    return Promise.resolve({ ok: true, value: { messageId: this.ids.next() } });
  }
}

export type QueueCall = {
  readonly kind: 'post' | 'update';
  readonly channelId: string;
  readonly messageId: string | null;
  readonly view: ReportQueueView;
  readonly failure: DiscordFailureReason | null;
};

export class FakeReportQueue implements ReportQueue {
  /** Every attempt, failed ones included. */
  readonly calls: QueueCall[] = [];
  private failure: DiscordFailureReason | null = null;
  private readonly gone = new Set<string>();

  constructor(private readonly ids: SnowflakeSequence = new SnowflakeSequence()) {}

  /** Every post and update fails with `reason` until `recover()`. */
  fail(reason: DiscordFailureReason): this {
    this.failure = reason;
    return this;
  }

  recover(): this {
    this.failure = null;
    return this;
  }

  /** A staff member deleted this post by hand: updating it answers unknown-message. */
  deleteByHand(messageId: string): this {
    this.gone.add(messageId);
    return this;
  }

  get callCount(): number {
    return this.calls.length;
  }

  post(channelId: string, view: ReportQueueView): Promise<DiscordOutcome<{ channelId: string; messageId: string }>> {
    if (this.failure) {
      this.calls.push({ kind: 'post', channelId, messageId: null, view: structuredClone(view), failure: this.failure });
      return Promise.resolve(refused(this.failure, `report in ${channelId}`));
    }
    const messageId = this.ids.next();
    this.calls.push({ kind: 'post', channelId, messageId, view: structuredClone(view), failure: null });
    return Promise.resolve({ ok: true, value: { channelId, messageId } });
  }

  update(channelId: string, messageId: string, view: ReportQueueView): Promise<DiscordOutcome<void>> {
    const failure = this.failure ?? (this.gone.has(messageId) ? 'unknown-message' : null);
    this.calls.push({ kind: 'update', channelId, messageId, view: structuredClone(view), failure });
    if (failure) return Promise.resolve(refused(failure, `report post ${messageId}`));
    return Promise.resolve({ ok: true, value: undefined });
  }
}

export type CheckInCall = { readonly via: 'dm' | 'interview_thread'; readonly userId: string; readonly threadId: string | null; readonly message: CheckInMessage; readonly messageId: string | null };

/**
 * Check-ins over the fake DMs and threads (their closed DMs and refusals
 * hold here too), recording the message with its buttons' check-in; members
 * marked as gone are not members any more.
 */
export class FakeCheckInMessages implements CheckInMessages {
  readonly calls: CheckInCall[] = [];
  private readonly gone = new Set<string>();

  constructor(
    private readonly dms: FakeDirectMessages,
    private readonly threads: FakeThreads,
  ) {}

  /** The member left the server. */
  leave(userId: string): this {
    this.gone.add(userId);
    return this;
  }

  /** The check-ins that reached someone. */
  get sent(): readonly CheckInCall[] {
    return this.calls.filter((c) => c.messageId !== null);
  }

  isMember(_guildId: string, userId: string): Promise<DiscordOutcome<boolean>> {
    return Promise.resolve({ ok: true, value: !this.gone.has(userId) });
  }

  async dm(userId: string, message: CheckInMessage): Promise<DiscordOutcome<{ messageId: string }>> {
    const sent = await this.dms.send(userId, message.content);
    this.calls.push({ via: 'dm', userId, threadId: null, message, messageId: sent.ok ? sent.value.messageId : null });
    return sent;
  }

  async inThread(threadId: string, userId: string, message: CheckInMessage): Promise<DiscordOutcome<{ messageId: string }>> {
    const posted = await this.threads.post(threadId, message.content);
    this.calls.push({ via: 'interview_thread', userId, threadId, message, messageId: posted.ok ? posted.value.messageId : null });
    return posted;
  }
}
