import { createHash, randomUUID } from 'node:crypto';
import { mayRetry, retryDelayMs } from '../domain/action-retry.js';
import type { Logger } from '../logging/logger.js';
import type { DiscordFailureReason, EventInput } from '../ports.js';
import type { ActionOutcome, ActionStore, NewOwedAction, OwedActionRecord, OwedKind, OwedPayloads, OwedWork, TryResult } from './types.js';

/** What a handler gets for one try of one action. */
export type ActionContext = {
  readonly action: OwedActionRecord;
  /** The nonce of one message this action posts: the same in every try, so Discord keeps one message. */
  readonly nonce: (key: string) => string;
  /** A step already carried out in an earlier try, or undefined. */
  readonly done: <T>(key: string) => T | undefined;
  /** Records a step as carried out, before the next one starts. */
  readonly remember: (key: string, value: unknown) => Promise<void>;
};

/** How one kind of owed work is carried out, and what is recorded when it cannot be. */
export type ActionHandler<K extends OwedKind> = {
  run(payload: OwedPayloads[K], context: ActionContext): Promise<TryResult<K>>;
  /** The audit events of a failure for good (a refusal, or every retry spent). */
  failed(payload: OwedPayloads[K], action: OwedActionRecord, reason: DiscordFailureReason | 'gave-up', detail: string): readonly EventInput[];
};

export type ActionHandlers = { readonly [K in OwedKind]: ActionHandler<K> };

export type RunnerOptions = {
  /** How long a try holds an action before another process may take it (renewed while it runs). */
  readonly leaseMs: number;
  /** How often due actions (retries, leftovers of a stopped process) are looked for. */
  readonly pollMs: number;
  /** Actions taken per look. */
  readonly batch: number;
  /**
   * The poller leaves actions recorded less than this ago to the process that recorded them (it tries them at once,
   * and its reply says how it went); past it, a recorder that died before its try is stood in for.
   */
  readonly freshMs?: number;
};

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = { leaseMs: 30_000, pollMs: 5_000, batch: 20, freshMs: 5_000 };

/** Discord allows nonces of at most 25 characters. */
export const nonceOf = (actionId: string, key: string): string =>
  createHash('sha256').update(`${actionId}:${key}`).digest('base64url').slice(0, 25);

/**
 * Carries out owed actions: the first try right after the commit (runNow,
 * so the moderator's reply can say how it went), then every due retry and
 * whatever a stopped process left behind (start). Each try is one process's
 * (a lease in the database, renewed while it runs); a try that throws or
 * meets a transient Discord failure is retried with backoff, a refusal ends
 * the action as failed, and either end is recorded on the case with the
 * action's own audit events, in the transaction that closes the action.
 */
export class ActionRunner implements OwedWork {
  /** This process run: leases carry it, so a lease lost to another process is noticed. */
  private readonly holder = randomUUID();
  private readonly inFlight = new Map<string, Promise<ActionOutcome>>();
  private readonly wakeUps = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | undefined;
  private renewer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | null = null;
  /** The poller's latest claim (see runNow). */
  private claiming: Promise<readonly OwedActionRecord[]> | null = null;
  private stopped = false;

  constructor(
    private readonly store: ActionStore,
    private readonly handlers: ActionHandlers,
    private readonly logger: Logger,
    private readonly options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
  ) {}

  /** Takes up what is due now (left from before a restart, say) and keeps looking. */
  start(): void {
    this.stopped = false;
    this.poller = setInterval(() => void this.drain(), this.options.pollMs);
    this.renewer = setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.options.leaseMs / 3)));
    void this.drain();
  }

  /** Stops looking and waits for the tries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    clearInterval(this.renewer);
    for (const t of this.wakeUps) clearTimeout(t);
    this.wakeUps.clear();
    await this.draining;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  record(guildId: string, actions: readonly NewOwedAction[]): Promise<void> {
    return this.store.add(guildId, actions);
  }

  async runNow(ids: readonly string[]): Promise<readonly ActionOutcome[]> {
    if (ids.length === 0) return [];
    let claimed: readonly OwedActionRecord[];
    try {
      claimed = await this.store.claim(this.holder, this.options.leaseMs, ids.length, ids);
    } catch (error) {
      // Recorded with the change: the poller (here or in another process) takes them up.
      this.logger.warn({ err: error, ids }, 'owed actions not tried now; they are queued');
      this.wakeUp(this.options.pollMs);
      return ids.map((id) => ({ id, status: 'queued', reason: 'error' }));
    }
    const byId = new Map(claimed.map((a) => [a.id, a]));
    // Not ours to claim: perhaps this process's own poller took it a moment ago. Its claim, once
    // resolved, is carried out at once (in the same turn), so after it the try is in flight here.
    if (ids.some((id) => !byId.has(id) && !this.inFlight.has(id)) && this.claiming) await this.claiming.catch(() => []);
    return Promise.all(
      ids.map((id) => {
        const action = byId.get(id);
        if (action) return this.execute(action);
        return this.inFlight.get(id) ?? Promise.resolve<ActionOutcome>({ id, status: 'queued', reason: 'busy' });
      }),
    );
  }

  /** Tries every due action, a batch at a time, until none is left. */
  drain(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.draining ??= (async () => {
      try {
        for (;;) {
          const claiming = this.store.claim(this.holder, this.options.leaseMs, this.options.batch, undefined, this.options.freshMs ?? 0);
          this.claiming = claiming;
          const batch = await claiming;
          if (batch.length === 0) return;
          await Promise.all(batch.map((a) => this.execute(a)));
          if (batch.length < this.options.batch || this.stopped) return;
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'owed actions could not be read; trying again later');
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private execute(action: OwedActionRecord): Promise<ActionOutcome> {
    const running = this.tryOnce(action).finally(() => this.inFlight.delete(action.id));
    this.inFlight.set(action.id, running);
    return running;
  }

  private async tryOnce(action: OwedActionRecord): Promise<ActionOutcome> {
    const handler = this.handlers[action.kind] as ActionHandler<OwedKind>;
    const progress: Record<string, unknown> = { ...action.progress };
    const context: ActionContext = {
      action,
      nonce: (key) => nonceOf(action.id, key),
      done: <T>(key: string) => progress[key] as T | undefined,
      remember: async (key, value) => {
        progress[key] = value;
        await this.store.saveProgress(this.holder, action, progress);
      },
    };
    let result: TryResult;
    try {
      result = await handler.run(action.payload, context);
    } catch (error) {
      result = { status: 'retry', reason: 'error', detail: error instanceof Error ? error.message : String(error) };
      this.logger.warn({ err: error, actionId: action.id, kind: action.kind }, 'owed action failed; it will be retried');
    }
    const current = { ...action, progress };
    try {
      if (result.status === 'retry') {
        if (!mayRetry(action.attempts)) {
          const detail = `${action.attempts} tries; last: ${result.detail}`;
          await this.store.finish(this.holder, current, { status: 'failed', reason: 'gave-up', detail, events: handler.failed(action.payload, action, 'gave-up', detail) });
          this.logger.error({ actionId: action.id, kind: action.kind, detail }, 'owed action given up');
          return { id: action.id, status: 'failed', reason: 'gave-up', detail };
        }
        const delay = retryDelayMs(action.attempts);
        await this.store.reschedule(this.holder, current, delay, result.detail);
        this.wakeUp(delay);
        return { id: action.id, status: 'queued', reason: result.reason };
      }
      const events = result.status === 'failed' ? handler.failed(action.payload, action, result.reason, result.detail) : (result.events ?? []);
      const finished = await this.store.finish(this.holder, current, { ...result, events });
      if (!finished) return { id: action.id, status: 'queued', reason: 'busy' };
      return result.status === 'done'
        ? { id: action.id, status: 'done', result: result.result }
        : { id: action.id, status: 'failed', reason: result.reason, detail: result.detail };
    } catch (error) {
      // The database did not take the result: the lease runs out and the
      // action is tried again; its steps and nonces keep that from doubling.
      this.logger.warn({ err: error, actionId: action.id }, 'owed action result not recorded; it will be tried again');
      this.wakeUp(this.options.leaseMs);
      return { id: action.id, status: 'queued', reason: 'error' };
    }
  }

  private wakeUp(afterMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.wakeUps.delete(timer);
      void this.drain();
    }, afterMs + 50);
    timer.unref();
    this.wakeUps.add(timer);
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length === 0) return;
    await this.store.renew(this.holder, this.options.leaseMs, ids).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'owed action leases not renewed');
    });
  }
}
