import { ok } from '../domain/result.js';
import { checkText, NOTE_MAX } from '../domain/text-limits.js';
import type { NoteRecord } from '../ports.js';
import { caseForAction } from './case-lookup.js';
import { viaData, type Actor, type ServiceDeps, type Via } from './deps.js';
import { refuseText, unlessCaseChanged, type ServiceResult } from './service-result.js';

/** /case note: a staff-only note. Never posted anywhere a party can read. */
export async function addNote(
  deps: ServiceDeps,
  input: { guildId: string; actor: Actor; caseNumber: number; text: string; via?: Via },
): Promise<ServiceResult<{ caseNumber: number; note: NoteRecord }>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'add_note');
  if (!access.ok) return access;
  const text = checkText(input.text, NOTE_MAX, 'note');
  if (!text.ok) return refuseText(text);
  // Re-checked on the locked case: a note on a case closed a moment ago is refused, not saved.
  const note = await unlessCaseChanged(() =>
    deps.cases.forGuild(input.guildId).addNote(access.value.case.id, { authorId: input.actor.id, text: text.value }, { type: 'note_added', actorId: input.actor.id, data: viaData(input.via) }),
  );
  if (!note.ok) return note;
  return ok({ caseNumber: access.value.case.number, note: note.value });
}
