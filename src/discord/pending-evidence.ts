import type { MessageEvidence } from '../ports.js';

/**
 * "Report message" captures the message when the member opens the form;
 * the form comes back as a separate interaction, up to 15 minutes later.
 * Held here in between, so that what is stored is the message as it was
 * when reported. Bounded; entries older than the form's lifetime go.
 */
export class PendingEvidence {
  private readonly entries = new Map<string, { evidence: MessageEvidence; at: number }>();

  constructor(
    private readonly max = 5_000,
    private readonly ttlMs = 20 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private key = (guildId: string, reporterId: string, messageId: string) => `${guildId}:${reporterId}:${messageId}`;

  put(guildId: string, reporterId: string, evidence: MessageEvidence): void {
    const key = this.key(guildId, reporterId, evidence.messageId);
    this.entries.delete(key);
    this.entries.set(key, { evidence, at: this.now() });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** The captured message, once: null when it was never captured here or has expired. */
  take(guildId: string, reporterId: string, messageId: string): MessageEvidence | null {
    const key = this.key(guildId, reporterId, messageId);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || this.now() - entry.at > this.ttlMs) return null;
    return entry.evidence;
  }
}
