import { createHash } from 'node:crypto';
import { ok } from '../domain/result.js';
import { checkText, NOTE_MAX } from '../domain/text-limits.js';
import type { EvidenceRecord, FetchedMessage } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import { viaData, type Actor, type ServiceDeps, type Via } from './deps.js';
import { refuse, refuseText, type ServiceResult } from './service-result.js';

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export type EvidenceSource =
  | { readonly kind: 'file'; readonly url: string; readonly name: string; readonly contentType: string | null; readonly size: number }
  | { readonly kind: 'message'; readonly link: string };

export type AddEvidenceInput = {
  readonly guildId: string;
  readonly actor: Actor;
  readonly caseNumber: number;
  readonly source: EvidenceSource;
  readonly note: string | null;
};

const MESSAGE_LINK = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20})\/(\d{17,20})\/(\d{17,20})\/?$/;

/** A message as evidence: its JSON as Discord gave it, canonical and readable. */
function messageBytes(m: FetchedMessage): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(m.raw, null, 2)}\n`);
}

/**
 * /case evidence: keeps the bytes themselves (Discord's links expire), with
 * their SHA-256, size and type, who added them and when. A file is held to
 * the size limit before and while it is read; a message link must point
 * into this server.
 */
export async function addEvidence(deps: ServiceDeps, input: AddEvidenceInput): Promise<ServiceResult<EvidenceRecord>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'add_evidence');
  if (!access.ok) return access;
  let note: string | null = null;
  if (input.note !== null && input.note.trim() !== '') {
    const checked = checkText(input.note, NOTE_MAX, 'note');
    if (!checked.ok) return refuseText(checked);
    note = checked.value;
  }
  const max = deps.evidencePolicy.maxBytes;

  let bytes: Uint8Array;
  let fileName: string;
  let contentType: string;
  let sourceUrl: string;
  if (input.source.kind === 'file') {
    if (input.source.size > max) return refuse('evidence-too-large', { max });
    const got = await deps.recordDiscord.download(input.source.url, max);
    if (!got.ok) return got.reason === 'too-large' ? refuse('evidence-too-large', { max }) : refuse('evidence-unreadable');
    bytes = got.value.bytes;
    fileName = input.source.name;
    contentType = input.source.contentType ?? got.value.contentType ?? 'application/octet-stream';
    sourceUrl = input.source.url;
  } else {
    const link = MESSAGE_LINK.exec(input.source.link.trim());
    if (!link || link[1] !== input.guildId) return refuse('evidence-link-invalid');
    const [, , channelId, messageId] = link as unknown as [string, string, string, string];
    const got = await deps.recordDiscord.message(channelId, messageId);
    if (!got.ok) return refuse('evidence-unreadable');
    bytes = messageBytes(got.value);
    if (bytes.byteLength > max) return refuse('evidence-too-large', { max });
    fileName = `message-${messageId}.json`;
    contentType = 'application/json';
    sourceUrl = input.source.link.trim();
  }

  const sha256 = sha256Of(bytes);
  const inFiles = deps.evidencePolicy.store === 'files';
  const path = inFiles ? await deps.evidenceFiles.write(bytes, sha256) : null;
  try {
    const record = await deps.caseRecords.forGuild(input.guildId).addEvidence(
            access.value.case.id,
      {
        kind: input.source.kind,
        addedById: input.actor.id,
        note,
        fileName,
        contentType,
        size: bytes.byteLength,
        sha256,
        storage: deps.evidencePolicy.store,
        path,
        sourceUrl,
        bytes: inFiles ? null : bytes,
      },
      { type: 'evidence_added', actorId: input.actor.id, data: { kind: input.source.kind, size: bytes.byteLength } },
    );
    return ok(record);
  } catch (error) {
    // Nothing half-kept: a file written for a record that was not saved goes.
    if (path !== null) await deps.evidenceFiles.remove(path);
    throw error;
  }
}

export type VerifiedItem = { readonly number: number; readonly fileName: string; readonly sha256: string; readonly result: 'intact' | 'changed' | 'missing' };

/** /case verify: every item's bytes hashed again and compared with the hash taken when it was added. */
export async function verifyEvidence(
  deps: ServiceDeps,
  input: { guildId: string; actor: Actor; caseNumber: number; via?: Via },
): Promise<ServiceResult<{ caseNumber: number; items: readonly VerifiedItem[] }>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'verify_evidence');
  if (!access.ok) return access;
  const items: VerifiedItem[] = [];
  for (const e of await deps.caseRecords.forGuild(input.guildId).evidenceOf(access.value.case.id)) {
    const bytes = await storedBytes(deps, input.guildId, e);
    const result = bytes === null ? 'missing' : sha256Of(bytes) === e.sha256 ? 'intact' : 'changed';
    items.push({ number: e.number, fileName: e.fileName, sha256: e.sha256, result });
  }
  const problems = items.filter((i) => i.result !== 'intact');
  await deps.cases.forGuild(input.guildId).appendEvent(access.value.case.id, {
    type: 'evidence_verified',
    actorId: input.actor.id,
    data: { items: items.length, problems: problems.map((p) => ({ number: p.number, result: p.result })), ...viaData(input.via) },
  });
  return ok({ caseNumber: access.value.case.number, items });
}

/** An item's bytes from where they were kept (a file, or the database); null when gone. */
export function storedBytes(deps: Pick<ServiceDeps, 'caseRecords' | 'evidenceFiles'>, guildId: string, e: EvidenceRecord): Promise<Uint8Array | null> {
  if (e.storage === 'database') return deps.caseRecords.forGuild(guildId).evidenceBytes(e.id);
  return e.path === null ? Promise.resolve(null) : deps.evidenceFiles.read(e.path);
}
