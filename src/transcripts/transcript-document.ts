/**
 * Everything a case transcript shows, gathered by the transcript service
 * and turned into HTML and Markdown by the renderers beside this file.
 * Staff-only content: it is posted to the case-log channel, never to a party.
 */
import type { CaseRecord, EventRecord, PartyRecord, StatementRecord } from '../ports.js';

export type TranscriptAttachment = { readonly name: string; readonly url: string; readonly size: number | null; readonly contentType: string | null };

/** One message of an interview thread, as copied from Discord. */
export type TranscriptMessage = {
  readonly messageId: string;
  readonly threadId: string;
  readonly partyId: string | null;
  readonly authorId: string;
  readonly authorName: string;
  readonly content: string;
  readonly attachments: readonly TranscriptAttachment[];
  /** Embeds as Discord gave them (title, description, fields, footer, url...). */
  readonly embeds: readonly unknown[];
  readonly sentAt: Date;
  readonly editedAt: Date | null;
};

export type TranscriptEvidence = {
  readonly number: number;
  readonly kind: 'file' | 'message';
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly addedById: string;
  readonly note: string | null;
  readonly sourceUrl: string | null;
  readonly createdAt: Date;
};

export type TranscriptDocument = {
  readonly communityName: string;
  readonly case: CaseRecord;
  /** In position order; each with the messages of their thread, oldest first. */
  readonly parties: readonly { readonly party: PartyRecord; readonly messages: readonly TranscriptMessage[] }[];
  readonly statements: readonly StatementRecord[];
  readonly evidence: readonly TranscriptEvidence[];
  /** The whole audit log of the case, oldest first. */
  readonly events: readonly EventRecord[];
  readonly generatedAt: Date;
  /** Names to show for user ids (moderators, parties), when known. */
  readonly names: Readonly<Record<string, string>>;
};
