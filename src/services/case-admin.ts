import { ok } from '../domain/result.js';
import type { CaseDetail, EventRecord, EvidenceRecord } from '../ports.js';
import type { TranscriptMessage } from '../transcripts/transcript-document.js';
import { caseForAction } from './case-lookup.js';
import { storedBytes } from './evidence.js';
import { viaData, type Actor, type ServiceDeps, type Via } from './deps.js';
import type { ServiceResult } from './service-result.js';

type CaseInput = { readonly guildId: string; readonly actor: Actor; readonly caseNumber: number; readonly via?: Via };

/** /case hold: an admin puts a case on legal hold (the retention sweep never deletes it), or lifts it. */
export async function setLegalHold(deps: ServiceDeps, input: CaseInput & { readonly hold: boolean }): Promise<ServiceResult<{ caseNumber: number; hold: boolean }>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'set_hold');
  if (!access.ok) return access;
  await deps.caseRecords.forGuild(input.guildId).setLegalHold(access.value.case.id, input.hold, {
    type: input.hold ? 'legal_hold_set' : 'legal_hold_lifted',
    actorId: input.actor.id,
    data: viaData(input.via),
  });
  return ok({ caseNumber: access.value.case.number, hold: input.hold });
}

export type CaseExport = {
  readonly format: 'bothsides-case-export';
  readonly version: 1;
  readonly exportedAt: string;
  readonly exportedById: string;
  readonly case: Omit<CaseDetail, 'recentEvents'>;
  readonly events: readonly EventRecord[];
  readonly transcript: readonly TranscriptMessage[];
  readonly evidence: readonly (EvidenceRecord & { readonly bytesBase64: string | null })[];
};

/** /case export: for admins, everything stored about one case, evidence bytes included (base64). */
export async function exportCase(deps: ServiceDeps, input: CaseInput): Promise<ServiceResult<CaseExport>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'export');
  if (!access.ok) return access;
  const theCase = access.value.case;
  const [detail, events, transcript, evidence] = await Promise.all([
    deps.cases.forGuild(input.guildId).detail(theCase.number, 0),
    deps.caseRecords.forGuild(input.guildId).allEvents(theCase.id),
    deps.caseRecords.forGuild(input.guildId).transcript(theCase.id),
    deps.caseRecords.forGuild(input.guildId).evidenceOf(theCase.id),
  ]);
  if (!detail) throw new Error(`case #${theCase.number} vanished while exporting`);
  const withBytes = await Promise.all(
    evidence.map(async (e) => {
      const bytes = await storedBytes(deps, input.guildId, e);
      return { ...e, bytesBase64: bytes === null ? null : Buffer.from(bytes).toString('base64') };
    }),
  );
  const { recentEvents: _recent, ...record } = detail;
  await deps.cases.forGuild(input.guildId).appendEvent(theCase.id, { type: 'case_exported', actorId: input.actor.id, data: viaData(input.via) });
  return ok({
    format: 'bothsides-case-export',
    version: 1,
    exportedAt: deps.clock.now().toISOString(),
    exportedById: input.actor.id,
    case: record,
    events,
    transcript,
    evidence: withBytes,
  });
}
