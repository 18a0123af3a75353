/**
 * Everything a case transcript shows, gathered by the transcript service
 * and turned into HTML and Markdown by the renderers beside this file.
 * Staff-only content: it is posted to the case-log channel, never to a party.
 */
import type { Language } from '../i18n/languages.js';
import type { CaseRecord, CheckInRecord, EventRecord, PartyRecord, StatementRecord, TranscriptMessage } from '../ports.js';

// The copied messages are records the case keeps (src/ports.ts); the document shows them.
export type { TranscriptAttachment, TranscriptMessage } from '../ports.js';

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
  /** The server's language: headings and labels are written in it. */
  readonly language: Language;
  readonly case: CaseRecord;
  /** In position order; each with the messages of their thread, oldest first. */
  readonly parties: readonly { readonly party: PartyRecord; readonly messages: readonly TranscriptMessage[] }[];
  readonly statements: readonly StatementRecord[];
  readonly evidence: readonly TranscriptEvidence[];
  /** The check-ins sent to the parties and their answers, oldest first. */
  readonly checkIns: readonly CheckInRecord[];
  /** The whole audit log of the case, oldest first. */
  readonly events: readonly EventRecord[];
  readonly generatedAt: Date;
  /** Names to show for user ids (moderators, parties), when known. */
  readonly names: Readonly<Record<string, string>>;
};
