import { LRUCache } from 'lru-cache';
import type { MessageEvidence } from '../ports.js';

/**
 * "Report message" captures the message when the member opens the form;
 * the form comes back as a separate interaction, up to 15 minutes later.
 * Held here in between, so that what is stored is the message as it was
 * when reported. Bounded (the oldest dropped first); entries older than the
 * form's lifetime go.
 */
export class PendingEvidence {
  private readonly entries: LRUCache<string, MessageEvidence>;

  constructor(max = 5_000, ttlMs = 20 * 60 * 1000, now: () => number = Date.now) {
    // ttlResolution 0: every read asks the clock (no cached time), so a lifetime ends exactly when it should.
    this.entries = new LRUCache({ max, ttl: ttlMs, perf: { now }, ttlResolution: 0 });
  }

  private key = (guildId: string, reporterId: string, messageId: string) => `${guildId}:${reporterId}:${messageId}`;

  put(guildId: string, reporterId: string, evidence: MessageEvidence): void {
    this.entries.set(this.key(guildId, reporterId, evidence.messageId), evidence);
  }

  /** The captured message, once: null when it was never captured here or has expired. */
  take(guildId: string, reporterId: string, messageId: string): MessageEvidence | null {
    const key = this.key(guildId, reporterId, messageId);
    const evidence = this.entries.get(key);
    this.entries.delete(key);
    return evidence ?? null;
  }
}
