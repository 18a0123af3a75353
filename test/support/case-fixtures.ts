/**
 * Members, cases, evidence and transcript messages for the repository tests
 * (the contract suites and the Prisma-only ones).
 */
import { createHash } from 'node:crypto';
import type { CaseWithParties, NewCase, NewEvidence, TranscriptMessage } from '../../src/ports.js';

export const MOD = '200000000000000001';
export const ADMIN = '200000000000000003';
export const ALEX = '300000000000000001';
export const SAM = '300000000000000002';
export const ROBIN = '300000000000000003';
export const KIM = '300000000000000004';
export const LEE = '300000000000000005';
export const DAY_MS = 24 * 60 * 60 * 1000;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A harassment case of Alex (complainant) against Sam (accused), opened by MOD. */
export const newCase = (overrides: Partial<NewCase> = {}): NewCase => ({
  category: 'harassment',
  realLife: false,
  offPlatform: false,
  exposureLocation: null,
  summary: 'Keeps following them from channel to channel.',
  openedById: MOD,
  parties: [
    { userId: ALEX, role: 'complainant' },
    { userId: SAM, role: 'accused' },
  ],
  ...overrides,
});

/** The same case between two other members. */
export const caseBetween = (complainant: string, accused: string): NewCase =>
  newCase({ parties: [{ userId: complainant, role: 'complainant' }, { userId: accused, role: 'accused' }] });

/** A screenshot: its bytes kept in the database, or (null) kept as a file. */
export const evidenceOf = (bytes: Uint8Array | null, overrides: Partial<NewEvidence> = {}): NewEvidence => ({
  kind: 'file',
  addedById: MOD,
  note: null,
  fileName: 'screenshot.png',
  contentType: 'image/png',
  size: bytes?.byteLength ?? 0,
  sha256: bytes ? sha256(bytes) : 'unknown',
  storage: bytes === null ? 'files' : 'database',
  path: bytes === null ? 'ab/1-abcdef' : null,
  sourceUrl: 'https://cdn.discordapp.com/attachments/1/2/screenshot.png',
  bytes,
  ...overrides,
});

/** A message of the complainant's interview thread. */
export const message = (c: CaseWithParties, messageId: string, sentAt: Date, overrides: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  messageId,
  threadId: '450000000000000001',
  partyId: c.parties[0]!.id,
  authorId: ALEX,
  authorName: 'Alex',
  content: `message ${messageId}`,
  attachments: [],
  embeds: [],
  sentAt,
  editedAt: null,
  ...overrides,
});
